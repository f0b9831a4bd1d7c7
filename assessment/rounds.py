"""Running an evaluation round: open it, compute its figures, take the evaluators' values,
finalise it into snapshots, and reopen it as a new version.

A snapshot is canonical JSON text holding everything its report shows — the framework as the
round used it, the values, the evidence's titles, the regional medians and the earlier rounds'
totals — so that a finalised report never reads live data again.
"""

import json
import statistics
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import NotRequired, TypedDict

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from assessment import figures, metrics, scoring
from assessment.models import EvaluationRound, IndicatorFramework, IndicatorValue, RoundSnapshot
from assessment.scoring import Definition, Indicator, Values
from core.languages import in_every_language
from core.models import Institution, PraxisDocument, Region, User
from core.numbers import parse_number

# The values of a round: {institution id: {indicator code: value or None}}.
RoundValues = dict[int, dict[str, Decimal | None]]


class RoundData(TypedDict):
    id: int
    name: str
    # The round's name in each site language; missing from snapshots taken before.
    names: NotRequired[dict[str, str]]
    authority: str
    # The authority's name in each site language; missing from snapshots taken before.
    authority_names: NotRequired[dict[str, str]]
    starts_on: str  # ISO dates and time
    ends_on: str
    version: int
    finalised_at: str


class InstitutionData(TypedDict, total=False):
    """The institution as the round saw it; `slug` and `names` (its name in each site language)
    are missing from snapshots taken before they were kept."""

    id: int
    name: str
    slug: str
    names: dict[str, str]


class EarlierRound(TypedDict):
    """An earlier finalised round of the same framework, for the trend."""

    round: str
    round_names: NotRequired[dict[str, str]]  # missing from snapshots taken before
    ends_on: str
    total: str | None
    coverage: NotRequired[str | None]  # missing from snapshots taken before
    values: dict[str, str | None]


class Snapshot(TypedDict):
    """What a snapshot's JSON holds for one institution; Decimals as text, None for no data."""

    round: RoundData
    institution: InstitutionData
    framework: Definition
    values: dict[str, str | None]
    medians: dict[str, str | None]
    evidence: dict[str, list[str]]  # indicator code → the evidence's titles
    notes: dict[str, str]
    history: list[EarlierRound]  # oldest first
    # The framework's words in each language it was translated into when the round closed;
    # missing from snapshots taken before they were kept.
    framework_names: NotRequired[dict[str, scoring.Names]]


class RoundError(ValueError):
    """What stops a round's step, with what to do; nothing is changed."""


def indicators(definition: Definition) -> list[Indicator]:
    return [i for d in definition["dimensions"] for i in d["indicators"]]


def check_round(
    *,
    authority: Institution,
    framework: IndicatorFramework,
    starts_on: date,
    ends_on: date,
    institutions: Sequence[Institution],
) -> None:
    """Why a round cannot be opened like this, raised as a RoundError."""
    if framework.live_revision is None or not framework.live:
        raise RoundError(_("Publish the framework before opening a round with it."))
    if starts_on > ends_on:
        raise RoundError(_("The period must start before it ends."))
    if not institutions:
        raise RoundError(_("Choose at least one institution to evaluate."))
    if authority.oversight_region_id is None:
        raise RoundError(_("Only a supervising authority with an oversight region runs rounds."))
    if framework.authority_id not in (None, authority.pk):
        raise RoundError(
            _("%(framework)s belongs to another authority; use one of yours or a shared one.")
            % {"framework": framework}
        )
    oversight_region = authority.oversight_region
    assert oversight_region is not None  # its id was checked above
    regional = set(
        Institution.objects.filter(region__in=Region.within(oversight_region)).values_list(
            "pk", flat=True
        )
    )
    outside = [i.name for i in institutions if i.pk not in regional]
    if outside:
        raise RoundError(
            _("%(names)s are outside %(authority)s's region; evaluate them from their own region.")
            % {"names": ", ".join(outside), "authority": authority}
        )


def open_round(
    *,
    authority: Institution,
    framework: IndicatorFramework,
    name: str,
    starts_on: date,
    ends_on: date,
    institutions: Iterable[Institution],
    by: User | None = None,
    names: Mapping[str, str] | None = None,
) -> EvaluationRound:
    """A round of the framework's live version over the period, for institutions of the
    authority's region; `names` gives its name in other languages (name_es, name_zh_hans…)."""
    institutions = list(institutions)
    check_round(
        authority=authority,
        framework=framework,
        starts_on=starts_on,
        ends_on=ends_on,
        institutions=institutions,
    )
    with transaction.atomic():
        evaluation = EvaluationRound.objects.create(
            authority=authority,
            framework=framework,
            framework_revision=framework.live_revision,
            name=name,
            starts_on=starts_on,
            ends_on=ends_on,
            created_by=by,
            **(names or {}),
        )
        evaluation.institutions.set(institutions)
    return evaluation


def check_open(evaluation: EvaluationRound) -> None:
    if not evaluation.is_open:
        raise RoundError(
            _("%(round)s is finalised; reopen it as a new version to change it.")
            % {"round": evaluation}
        )


def compute(
    evaluation: EvaluationRound, *, progress: Callable[[int, int], None] | None = None
) -> EvaluationRound:
    """Compute every computed indicator for every institution of the round, metric by metric;
    `progress(done, total)` is told after each."""
    check_open(evaluation)
    definition = evaluation.definition()
    computed = [i for i in indicators(definition) if i["source"] != scoring.MANUAL]
    institution_ids = list(evaluation.institutions.values_list("pk", flat=True))
    period = metrics.Period(evaluation.starts_on, evaluation.ends_on)
    data = figures.Figures(institution_ids, period)
    found: dict[str, metrics.Values] = {}
    for done, indicator in enumerate(computed, start=1):
        found[indicator["code"]] = figures.COMPUTE[indicator["source"]](data)
        if progress:
            progress(done, len(computed))
    with transaction.atomic():
        evaluation = EvaluationRound.objects.select_for_update().get(pk=evaluation.pk)
        check_open(evaluation)
        existing = {
            (v.institution_id, v.code): v
            for v in IndicatorValue.objects.filter(round=evaluation, code__in=found)
        }
        new, changed = [], []
        for code, values in found.items():
            for institution_id, value in values.items():
                value = scoring.rounded(value)
                row = existing.get((institution_id, code))
                if row is None:
                    new.append(
                        IndicatorValue(
                            round=evaluation, institution_id=institution_id, code=code, value=value
                        )
                    )
                elif row.value != value:
                    row.value = value
                    changed.append(row)
        IndicatorValue.objects.bulk_create(new)
        IndicatorValue.objects.bulk_update(changed, ["value"])
        evaluation.computed_at = timezone.now()
        evaluation.progress = None
        evaluation.save(update_fields=["computed_at", "progress"])
    return evaluation


def enter_value(
    evaluation: EvaluationRound,
    institution: Institution,
    code: str,
    text: str,
    *,
    note: str = "",
    evidence: Iterable[PraxisDocument] = (),
    by: User | None = None,
) -> IndicatorValue:
    """An evaluator's value for a manual indicator, checked against its valid range."""
    check_open(evaluation)
    indicator = next((i for i in indicators(evaluation.definition()) if i["code"] == code), None)
    if indicator is None or indicator["source"] != scoring.MANUAL:
        raise RoundError(_("%(code)s is computed by the platform, not entered.") % {"code": code})
    if not evaluation.institutions.filter(pk=institution.pk).exists():
        raise RoundError(_("%(name)s is not evaluated in this round.") % {"name": institution})
    value = parse_number(text, IndicatorValue._meta.get_field("value"), error=RoundError)
    if value is not None:
        problem = scoring.value_error(indicator, value)
        if problem:
            raise RoundError(problem)
    with transaction.atomic():
        check_open(EvaluationRound.objects.select_for_update().get(pk=evaluation.pk))
        row, _created = IndicatorValue.objects.update_or_create(
            round=evaluation,
            institution=institution,
            code=code,
            defaults={"value": scoring.rounded(value), "note": note, "entered_by": by},
        )
        row.evidence.set(evidence)
    return row


def values_of(evaluation: EvaluationRound) -> RoundValues:
    """{institution id: {code: value}} for the whole round, in one query."""
    found: RoundValues = {}
    for institution_id, code, value in IndicatorValue.objects.filter(round=evaluation).values_list(
        "institution_id", "code", "value"
    ):
        found.setdefault(institution_id, {})[code] = value
    return found


def missing_manual(
    evaluation: EvaluationRound,
    definition: Definition | None = None,
    values: RoundValues | None = None,
) -> list[tuple[Institution, str]]:
    """(institution, indicator code) pairs whose manual value nobody entered yet."""
    definition = definition or evaluation.definition()
    values = values_of(evaluation) if values is None else values
    manual = [i["code"] for i in indicators(definition) if i["source"] == scoring.MANUAL]
    return [
        (institution, code)
        for institution in evaluation.institutions.order_by("name")
        for code in manual
        if values.get(institution.pk, {}).get(code) is None
    ]


def medians(definition: Definition, values: Mapping[int, Values]) -> dict[str, Decimal | None]:
    """Each indicator's median across the round's institutions that have a value."""
    found: dict[str, Decimal | None] = {}
    for indicator in indicators(definition):
        code = indicator["code"]
        present = [value for v in values.values() if (value := v.get(code)) is not None]
        found[code] = scoring.rounded(statistics.median(present)) if present else None
    return found


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def framework_names(
    evaluation: EvaluationRound, definition: Definition
) -> dict[str, scoring.Names]:
    """The words of the round's framework in each language: the version the round scored with
    in its own, and each published translation (matched by code) in theirs."""
    framework = evaluation.framework
    translations = IndicatorFramework.objects.filter(
        translation_key=framework.translation_key, live=True
    ).exclude(pk=framework.pk)
    return {
        **{
            translation.locale.language_code: scoring.names(translation.definition())
            for translation in translations.select_related("locale")
        },
        framework.locale.language_code: scoring.names(definition),
    }


def finalise(
    evaluation: EvaluationRound, *, by: User | None = None, now: datetime | None = None
) -> EvaluationRound:
    """Freeze the round: one snapshot per institution; refused while a manual value is
    missing or the figures were never computed. `now` dates it (the demo's past rounds)."""
    with transaction.atomic():
        evaluation = EvaluationRound.objects.select_for_update().get(pk=evaluation.pk)
        check_open(evaluation)
        if evaluation.computed_at is None:
            raise RoundError(_("Compute the round's figures before finalising it."))
        definition = evaluation.definition()
        values = values_of(evaluation)
        missing = missing_manual(evaluation, definition, values)
        if missing:
            raise RoundError(
                _("Enter the missing values before finalising: %(missing)s.")
                % {"missing": "; ".join(f"{code} ({name})" for name, code in missing[:10])}
            )
        now = now or timezone.now()
        words = framework_names(evaluation, definition)
        middle = medians(definition, values)
        evidence = _evidence(evaluation)
        notes: dict[int, dict[str, str]] = {}
        for institution_id, code, note in (
            IndicatorValue.objects.filter(round=evaluation)
            .exclude(note="")
            .values_list("institution_id", "code", "note")
        ):
            notes.setdefault(institution_id, {})[code] = note
        earlier = _earlier_totals(evaluation)
        for institution in evaluation.institutions.order_by("name"):
            mine = values.get(institution.pk, {})
            assessment = scoring.assess(definition, mine)
            data: Snapshot = {
                "round": {
                    "id": evaluation.pk,
                    "name": evaluation.name,
                    "names": in_every_language(evaluation),
                    "authority": str(evaluation.authority),
                    "authority_names": in_every_language(evaluation.authority),
                    "starts_on": evaluation.starts_on.isoformat(),
                    "ends_on": evaluation.ends_on.isoformat(),
                    "version": evaluation.version,
                    "finalised_at": now.isoformat(),
                },
                "institution": {
                    "id": institution.pk,
                    "name": institution.name,
                    "slug": institution.slug,
                    "names": in_every_language(institution),
                },
                "framework": definition,
                "values": {code: _text(value) for code, value in sorted(mine.items())},
                "medians": {code: _text(value) for code, value in middle.items()},
                "evidence": evidence.get(institution.pk, {}),
                "notes": notes.get(institution.pk, {}),
                "history": earlier.get(institution.pk, []),
                "framework_names": words,
            }
            RoundSnapshot.objects.create(
                round=evaluation,
                institution=institution,
                version=evaluation.version,
                data=json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1),
                total=assessment.total,
                rating=assessment.rating,
                coverage=assessment.coverage,
                finalised_by=by,
                finalised_at=now,
            )
        evaluation.status = EvaluationRound.Status.FINALISED
        evaluation.save(update_fields=["status"])
        log(evaluation, "praxis.round_finalise", user=by, data={"version": evaluation.version})
    return evaluation


def reopen(evaluation: EvaluationRound, *, reason: str, by: User | None = None) -> EvaluationRound:
    """Open a finalised round again as its next version; the earlier reports stay as they were."""
    reason = (reason or "").strip()
    if not reason:
        raise RoundError(_("Say why the round is reopened; the reason is kept in its history."))
    with transaction.atomic():
        evaluation = EvaluationRound.objects.select_for_update().get(pk=evaluation.pk)
        if evaluation.is_open:
            raise RoundError(_("%(round)s is already open.") % {"round": evaluation})
        evaluation.status = EvaluationRound.Status.OPEN
        evaluation.version += 1
        evaluation.save(update_fields=["status", "version"])
        log(
            evaluation,
            "praxis.round_reopen",
            user=by,
            data={"version": evaluation.version, "reason": reason[:500]},
        )
    return evaluation


def _evidence(evaluation: EvaluationRound) -> dict[int, dict[str, list[str]]]:
    """{institution id: {code: [document titles]}} in one query."""
    found: dict[int, dict[str, list[str]]] = {}
    rows = IndicatorValue.evidence.through.objects.filter(indicatorvalue__round=evaluation)
    for institution_id, code, title in rows.order_by("praxisdocument__title").values_list(
        "indicatorvalue__institution_id", "indicatorvalue__code", "praxisdocument__title"
    ):
        found.setdefault(institution_id, {}).setdefault(code, []).append(title)
    return found


def _earlier_totals(evaluation: EvaluationRound) -> dict[int, list[EarlierRound]]:
    """{institution id: [earlier finalised rounds of the same framework, oldest first]}."""
    found: dict[int, list[EarlierRound]] = {}
    earlier = (
        RoundSnapshot.objects.current()
        .filter(
            round__framework=evaluation.framework,
            round__ends_on__lt=evaluation.ends_on,
            institution__in=evaluation.institutions.all(),
        )
        .exclude(round=evaluation)
        .select_related("round")
        .order_by("round__ends_on")
    )
    for snapshot in earlier:
        data: Snapshot = json.loads(snapshot.data)
        found.setdefault(snapshot.institution_id, []).append(
            {
                "round": snapshot.round.name,
                "round_names": in_every_language(snapshot.round),
                "ends_on": snapshot.round.ends_on.isoformat(),
                "total": _text(snapshot.total),
                "coverage": _text(snapshot.coverage),
                "values": data["values"],
            }
        )
    return found
