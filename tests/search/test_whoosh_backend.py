"""The Whoosh backend on Praxis's own models: languages, query kinds, safe writes, atomic rebuilds.

The conformance suite (make test-search-conformance) covers the modelsearch API; these cover
what Praxis adds to it."""

import multiprocessing
import os
import threading
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from modelsearch.query import Fuzzy, Phrase, PlainText
from wagtail.search.backends import get_search_backend
from whoosh import query as wq
from whoosh.codec.whoosh3 import W3Codec
from whoosh.formats import Positions

from curriculum.models import TeachingMaterial
from search.analysis import mark, terms
from search.backends.whoosh.codec import TermPool, index_terms
from search.backends.whoosh.ranking import filter_docs, matching_scores, top_documents
from tests import factories

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.sqlite,
    pytest.mark.skipif(settings.SEARCH_BACKEND != "whoosh", reason="Whoosh backend only"),
]


@pytest.fixture
def institution(home):
    return factories.institution(name="Universidad Alfa")


def found(query, **kwargs):
    return {m.title for m in get_search_backend().search(query, TeachingMaterial, **kwargs)}


def test_chinese_is_searched_by_bigrams(institution):
    factories.material(institution, title="社会工作者的职业伦理", language="zh-hans")
    factories.material(institution, title="社区服务指南", language="zh-hans")
    assert terms("社会工作", "zh-hans") == ["社会", "会工", "工作"]
    assert found("社会工作", operator="and") == {"社会工作者的职业伦理"}


def test_spanish_is_stemmed_and_accents_folded(institution):
    factories.material(institution, title="Intervenciones con familias")
    assert found("intervención familia", operator="and") == {"Intervenciones con familias"}
    assert found("INTERVENCION", operator="and") == {"Intervenciones con familias"}


def test_english_is_stemmed(institution):
    factories.material(institution, title="Supervising practitioners", language="en")
    assert terms("supervision", "en") == terms("supervising", "en")
    assert found("practitioner", operator="and") == {"Supervising practitioners"}


def test_phrase_fuzzy_and_autocomplete(institution):
    factories.material(institution, title="Trabajo social comunitario")
    factories.material(institution, title="Social trabajo inverso")
    backend = get_search_backend()
    assert found(Phrase("trabajo social")) == {"Trabajo social comunitario"}
    assert found(Fuzzy("comunitaro")) == {"Trabajo social comunitario"}
    completed = backend.autocomplete("comun", TeachingMaterial)
    assert [m.title for m in completed] == ["Trabajo social comunitario"]


def test_results_carry_scores_and_a_searcher_stays_open_until_the_index_changes(institution):
    factories.material(institution, title="Mediación familiar")
    backend = get_search_backend()
    index = backend.get_index_for_model(TeachingMaterial)
    results = list(backend.search("mediación", TeachingMaterial).annotate_score("score"))
    assert results[0].score > 0
    searcher = index.searcher()
    assert index.searcher() is searcher  # reused while nothing changed
    factories.material(institution, title="Mediación escolar")
    assert index.searcher() is not searcher
    assert found("mediación") == {"Mediación familiar", "Mediación escolar"}


def test_an_index_with_no_document_yet_is_searched_again_without_error(institution):
    """A fresh site searches before anything is indexed: its searcher is opened again, not
    refreshed (Whoosh's refresh fails on a reader with no segments)."""
    assert found("mediación") == set()
    assert found("mediación") == set()
    factories.material(institution, title="Mediación familiar")
    assert found("mediación") == {"Mediación familiar"}


def _write_in_child(index_path, documents):
    """Runs in a separate process: writes one document per commit, competing for the lock."""
    backend = get_search_backend("default", PATH=index_path)
    index = backend.get_index_for_model(TeachingMaterial)
    for document in documents:
        index.write_documents([document])


def test_parallel_writers_lose_no_document(institution):
    backend = get_search_backend()
    index = backend.get_index_for_model(TeachingMaterial)
    materials = [
        TeachingMaterial(pk=1000 + n, title=f"Caso {n}", institution=institution) for n in range(60)
    ]
    documents = [index.schema.document(material) for material in materials]
    batches = [documents[i::4] for i in range(4)]
    context = multiprocessing.get_context("fork")
    processes = [
        context.Process(target=_write_in_child, args=(str(backend.path), batch))
        for batch in batches[:2]
    ]
    threads = [
        threading.Thread(target=index.write_documents, args=([d],))
        for batch in batches[2:]
        for d in batch
    ]
    for worker in processes + threads:
        worker.start()
    for worker in processes + threads:
        worker.join()
    assert all(p.exitcode == 0 for p in processes)
    assert index.document_ids() == {str(m.pk) for m in materials}


def test_update_index_rebuilds_beside_the_live_index_and_swaps_it_in(institution):
    factories.material(institution, title="Guía de supervisión")
    backend = get_search_backend()
    index = backend.get_index_for_model(TeachingMaterial)
    before = index.live_generation()

    rebuilder = backend.rebuilder_class(index)
    staged = rebuilder.start()
    staged.add_items(TeachingMaterial, [factories.material(institution, title="Nueva guía")])
    # Mid-rebuild, readers still see the complete live index.
    assert index.live_generation() == before
    assert found("guía") == {"Guía de supervisión", "Nueva guía"}
    rebuilder.finish()
    assert index.live_generation() != before
    assert found("guía") == {"Nueva guía"}

    call_command("update_index", stdout=StringIO())
    assert found("guía") == {"Guía de supervisión", "Nueva guía"}
    generations = [p for p in os.listdir(backend.path) if p.startswith(index.name + ".")]
    assert len(generations) <= 2  # replaced generations are removed


def test_the_fast_ranking_orders_and_scores_as_whooshs_own_search(institution):
    words = ["familia", "comunidad", "crisis", "duelo", "escuela"]
    materials = []
    for n in range(40):  # one commit each: several segments
        text = " ".join(words[(n * k) % 5] for k in range(1, 2 + n % 7))
        materials.append(factories.material(institution, title=f"Caso {n}", description=text))
    for material in materials[::7]:  # deleted documents inside segments
        material.delete()
    backend = get_search_backend()
    searcher = backend.get_index_for_model(TeachingMaterial).searcher()
    assert len(searcher.reader().leaf_readers()) > 1 and searcher.reader().has_deletions()
    queries = [
        PlainText("familia", operator="and"),
        PlainText("familia crisis", operator="and"),
        PlainText("duelo escuela", operator="or"),
        Phrase("familia comunidad"),
        Phrase("comunidad crisis duelo"),
        Phrase("familia familia"),
    ]
    _assert_ranked_as_by_whoosh(searcher, queries)
    # A phrase over a field without positions is left to Whoosh's own search.
    autocomplete_phrase = wq.Phrase("autocomplete", ["familia", "crisis"])
    assert matching_scores(searcher, autocomplete_phrase, None) is None


def _assert_ranked_as_by_whoosh(searcher, queries):
    backend = get_search_backend()
    for search_query in queries:
        compiler = backend.search(search_query, TeachingMaterial).query_compiler
        compiler.reader = searcher.reader()
        query = compiler.text_query()
        fast = top_documents(matching_scores(searcher, query, None), 10)
        own = searcher.search(query, limit=10)
        assert fast and own, search_query
        assert [doc for _score, doc in fast] == [hit.docnum for hit in own]
        assert [round(-score, 6) for score, _doc in fast] == [round(h.score, 6) for h in own]


def test_an_index_written_before_the_columnar_postings_is_read_and_ranked_the_same(institution):
    """Segments keep the codec that wrote them: an index from before the columnar format (Whoosh's
    W3 postings) is searched beside newer segments until it is rebuilt."""
    backend = get_search_backend()
    index = backend.get_index_for_model(TeachingMaterial)
    older = [
        factories.material(institution, title=f"Caso {n}", description="familia crisis " * n)
        for n in range(1, 4)
    ]
    writer = index._open().writer(codec=W3Codec())
    for material in older:
        writer.update_document(**index.schema.document(material))
    writer.commit(merge=False)
    factories.material(institution, title="Familia en crisis", description="familia crisis")
    searcher = index.searcher()
    codecs = {type(leaf.segment().codec()).__name__ for leaf, _ in searcher.reader().leaf_readers()}
    assert codecs == {"W3Codec", "ColumnarCodec"}
    assert found(Phrase("familia crisis")) == {"Familia en crisis", "Caso 1", "Caso 2", "Caso 3"}
    _assert_ranked_as_by_whoosh(
        searcher, [PlainText("familia crisis", operator="and"), Phrase("familia crisis")]
    )


def _varied_materials(institution, count, title):
    """Materials of two institutions, two kinds and two languages; each commits a segment."""
    other = factories.institution(name="Colegio Beta")
    kinds = [TeachingMaterial.Kind.CASE_STUDY, TeachingMaterial.Kind.VIDEO]
    materials = [
        factories.material(
            institution if n % 3 else other,
            title=f"{title} {n}",
            kind=kinds[n % 2],
            language="es" if n % 4 else "en",
        )
        for n in range(count)
    ]
    return other, kinds, materials


def test_counts_and_facets_from_the_posting_lists_agree_with_whooshs_own(institution):
    """A page's count and facets come from the posting lists; sorted results go through
    Whoosh's collectors: both give the same numbers, deleted documents left out."""
    _other, _kinds, materials = _varied_materials(institution, 24, "Guía de familia")
    materials[5].delete()
    materials[6].delete()
    backend = get_search_backend()
    fast = backend.search("familia", TeachingMaterial, operator="and")
    own = backend.search(
        "familia", TeachingMaterial.objects.order_by("id"), operator="and", order_by_relevance=False
    )
    assert fast.query_compiler.sort_facets() is None and own.query_compiler.sort_facets()
    assert fast.count() == own.count() == 22
    for field in ("institution_id", "kind", "language", "service_fields"):
        assert fast.facet(field) == own.facet(field), field


def test_filters_from_the_posting_lists_match_whooshs_own(institution):
    """A search's filters (terms under And, Or and Not; anything else through Whoosh's matchers)
    give the documents Whoosh's own matchers give, deleted documents left out."""
    other, kinds, materials = _varied_materials(institution, 15, "Guía")
    materials[4].delete()
    objects = TeachingMaterial.objects
    querysets = [
        objects.filter(institution=other),
        objects.filter(kind__in=kinds[:1], language__in=["en", "zh-hans"]),
        objects.exclude(language="en"),
        objects.filter(institution=other).exclude(kind=kinds[1]),
        objects.filter(pk__gte=materials[6].pk),  # a range: through Whoosh's matchers
        objects.filter(tier__isnull=True),
        objects.filter(kind="no-such-kind"),
    ]
    backend = get_search_backend()
    searcher = backend.get_index_for_model(TeachingMaterial).searcher()
    assert searcher.reader().has_deletions()
    for queryset in querysets:
        compiler = backend.search("guía", queryset).query_compiler
        compiler.reader = searcher.reader()
        query = compiler.filter_query()
        expected = sorted(searcher.docs_for_query(query))
        assert filter_docs(searcher, query).tolist() == expected, query
        assert filter_docs(searcher, query).tolist() == expected, query  # kept, the same
        searched = {m.title for m in backend.search("guía", queryset)}
        assert searched == {m.title for m in queryset}, query


@pytest.mark.parametrize(
    "text",
    [
        "Intervención en CRISIS: familias, familias y comunidades (2ª edición)",
        "社会工作者的职业伦理 与 社区服务 social work 社",
        "Supervising practitioners' supervision, supervisión",
        "",
        "a",
        "electroencefalografistas internacionalización",
    ],
)
def test_the_indexers_own_analysis_gives_the_postings_whoosh_gives(text):
    """Text fields of Praxis's analysers are analysed in one pass and grouped by term with
    numpy: the terms, weights, frequencies and positions are those Whoosh's fields give."""
    schema = get_search_backend().get_index_for_model(TeachingMaterial).schema.whoosh_schema()
    for name in ("all", "autocomplete", "spelling"):
        field = schema[name]
        for value in (text, mark(text, "es"), mark(text, "en"), mark(text, "zh-hans")):
            pool = TermPool()
            for docnum, boost in ((0, 1.0), (1, 2.5)):
                pool.add_terms(name, field.format, docnum, index_terms(field, value), boost)
            written = {term: postings for _name, term, postings in pool.terms(schema)}
            own = sorted(field.index(value))
            assert sorted(written) == [term for term, *_ in own], (name, value)
            for term, frequency, weight, encoded in own:
                postings = written[term]
                assert postings.ids.tolist() == [0, 1]
                assert postings.weights.tolist() == [weight, weight * 2.5]
                if isinstance(field.format, Positions):
                    positions = field.format.decode_positions(encoded)
                    assert postings.positions.tolist() == positions * 2
                else:
                    assert postings.values.tolist() == [frequency] * 2
