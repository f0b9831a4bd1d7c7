"""Quality reports come from the snapshot alone: the same bytes before and after data change."""

import csv
import io
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader
from wagtail.models import ModelLogEntry

from assessment import reports, rounds
from assessment.models import IndicatorValue, RoundSnapshot
from core import audit
from core.models import PraxisDocument, Role
from core.pdf import render_pdf
from courses.models import Enrolment
from tests import factories
from tests.assessment.conftest import finalised

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _render(snapshot):
    """A fresh render, never the stored file."""
    report = reports.QualityReport(snapshot)
    return render_pdf("assessment/quality_report_pdf.html", {"report": report}, language="en").data


@pytest.fixture
def snapshot(setting):
    evaluation, evaluator, busy, _quiet = setting
    rounds.compute(evaluation)
    evidence = PraxisDocument.objects.create(
        title='=HYPERLINK("http://x") licencia.pdf', file="documents/licencia.pdf"
    )
    rounds.enter_value(
        evaluation, busy, "A2", "1", note="Licencia vigente", evidence=[evidence], by=evaluator
    )
    rounds.enter_value(evaluation, setting[3], "A2", "0", by=evaluator)
    rounds.finalise(evaluation, by=evaluator)
    return RoundSnapshot.objects.get(institution=busy)


def test_the_pdf_report_shows_the_result_and_comes_out_the_same_after_data_change(snapshot):
    first = _render(snapshot)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(first)).pages)
    for expected in ("Instituto Alfa", "Revisión 2026", "65.71", "Suficiente", "no data",
                     "Licencia vigente", "licencia.pdf", "Regional median",
                     "Coverage: 70 % of the framework's points had data"):  # fmt: skip
        assert expected in text, expected
    Enrolment.objects.update(status="completed", final_score=100)
    IndicatorValue.objects.update(value=0, note="cambiado")
    framework = snapshot.round.framework
    framework.name = "Otro marco"
    framework.save_revision().publish()
    snapshot.refresh_from_db()
    assert _render(snapshot) == first


def test_the_stored_pdf_is_rendered_once_per_language(snapshot):
    stored = reports.report_pdf(snapshot, "en")
    assert stored.filename == f"quality-report-{snapshot.institution.slug}-revision-2026-v1-en.pdf"
    assert reports.report_pdf(snapshot, "en").pk == stored.pk
    assert reports.report_pdf(snapshot, "es").pk != stored.pk


def test_csv_and_xlsx_are_formula_safe_and_reproducible(snapshot):
    data, name = reports.report_spreadsheet(snapshot, "csv")
    assert name == f"quality-report-{snapshot.institution.slug}-revision-2026-v1-en.csv"
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Dimension", "Code", "Indicator"]
    by_code = {row[1]: row for row in rows[1:]}
    assert by_code["A1"][5] == "75 %" and by_code["B2"][5] == "no data"
    assert by_code["A2"][12] == '\'=HYPERLINK("http://x") licencia.pdf'
    assert rows[-2][0] == "Total" and rows[-2][2] == "Suficiente" and rows[-2][5] == "65.71"
    assert rows[-1][0] == "Coverage" and rows[-1][5:7] == ["70", "60"]
    xlsx, _name = reports.report_spreadsheet(snapshot, "xlsx")
    sheet = load_workbook(io.BytesIO(xlsx)).active
    assert [cell.value for cell in sheet[2]][:3] == ["Dimensión A", "A1", "Indicador A1"]
    Enrolment.objects.update(final_score=Decimal(0))
    assert reports.report_spreadsheet(snapshot, "xlsx")[0] == xlsx
    assert reports.report_spreadsheet(snapshot, "csv")[0] == data


def test_trends_compare_with_the_last_finalised_round(setting):
    evaluation, evaluator, busy, quiet = setting
    finalised(setting)
    later = rounds.open_round(
        authority=evaluation.authority,
        framework=evaluation.framework,
        name="Revisión 2027",
        starts_on=evaluation.starts_on.replace(year=2027),
        ends_on=evaluation.ends_on.replace(year=2027),
        institutions=[busy, quiet],
        by=evaluator,
    )
    rounds.compute(later)
    for institution in (busy, quiet):
        rounds.enter_value(later, institution, "A2", "0", by=evaluator)
    rounds.finalise(later, by=evaluator)
    report = reports.QualityReport(RoundSnapshot.objects.get(round=later, institution=busy))
    assert [point.round for point in report.trend] == ["Revisión 2026", "Revisión 2027"]
    a2 = next(line for line in report.lines if line.definition["code"] == "A2")
    assert (a2.previous, a2.trend) == (Decimal("1.00"), "worse")
    assert report.trend_chart()["drawn"] and report.trend_chart()["bars"][0]["total"] == "65.71"
    # The chart prints each total as the text does, in the reader's number format.
    with translation.override("es"):
        html = render_to_string("assessment/quality_report_pdf.html", {"report": report})
        bars = report.trend_chart()["bars"]
    assert bars[0]["total"] == "65,71"
    assert f">{bars[0]['total']}</text>" in html and f"</svg> {bars[0]['total']}" not in html
    assert html.count(bars[0]["total"]) == 2  # the chart's label and the trend table's
    assert bars[-1]["total"] == "sin calificar" and bars[-1]["missing"]  # 2027: no courses ran


def test_staff_download_their_own_reports_and_nobody_elses(client, snapshot, setting):
    evaluation, evaluator, busy, quiet = setting
    theirs = RoundSnapshot.objects.get(institution=quiet)
    base = "/en/learn/quality/"
    assert client.get(f"{base}{snapshot.pk}/report.pdf").status_code == 302  # to sign in
    client.force_login(factories.member(busy, Role.INSTITUTION_ADMIN))
    listing = client.get(base).text
    assert "Instituto Alfa" in listing and "Instituto Beta" not in listing
    assert f'href="{base}"' in listing  # in the site's navigation
    pdf = client.get(f"{base}{snapshot.pk}/report.pdf")
    assert (
        pdf["Content-Type"] == "application/pdf" and b"".join(pdf.streaming_content)[:4] == b"%PDF"
    )
    xlsx = client.get(f"{base}{snapshot.pk}/report.xlsx")
    assert xlsx.content == reports.report_spreadsheet(snapshot, "xlsx")[0]
    assert (
        f'filename="quality-report-{snapshot.institution.slug}-revision-2026-v1-en.xlsx"'
        in xlsx["Content-Disposition"]
    )
    for extension in ("pdf", "csv", "xlsx"):
        assert client.get(f"{base}{theirs.pk}/report.{extension}").status_code == 404
    client.force_login(factories.member(busy, Role.FACULTY))
    assert client.get(f"{base}{snapshot.pk}/report.csv").status_code == 404
    client.force_login(evaluator)
    overseen = client.get(base).text
    assert "Instituto Alfa" in overseen and "Instituto Beta" in overseen
    _other, stranger = factories.authority(factories.region("Yunnan"))
    client.force_login(stranger)
    assert client.get(f"{base}{snapshot.pk}/report.csv").status_code == 404
    assert "No quality report yet" in client.get(base).text
    rounds.reopen(evaluation, reason="Corrección", by=evaluator)
    client.force_login(evaluator)
    assert client.get(f"{base}{snapshot.pk}/report.csv").status_code == 404  # being revised


def test_each_report_download_is_logged_on_the_round_and_shows_in_its_history(
    client, snapshot, setting
):
    evaluation, evaluator, busy, _quiet = setting
    staff = factories.member(busy, Role.INSTITUTION_ADMIN)
    client.force_login(staff)
    base = f"/en/learn/quality/{snapshot.pk}/report"
    client.get("/en/learn/quality/")  # the list is no download
    pdf = client.get(f"{base}.pdf")
    assert pdf.status_code == 200
    assert client.get(f"{base}.pdf", headers={"If-None-Match": pdf["ETag"]}).status_code == 304
    for extension in ("csv", "xlsx"):
        assert client.get(f"{base}.{extension}").status_code == 200
    name = f"quality-report-{snapshot.institution.slug}-revision-2026-v1-en"
    logged = ModelLogEntry.objects.for_instance(evaluation).filter(action=audit.REPORT_DOWNLOAD)
    assert [(e.user, e.data) for e in logged.order_by("pk")] == [
        (staff, {"file": f"{name}.{extension}"}) for extension in ("pdf", "csv", "xlsx")
    ]
    client.force_login(factories.in_english(evaluator))
    history = client.get(f"/admin/quality/rounds/history/{evaluation.pk}/")
    assert history.status_code == 200
    for extension in ("pdf", "csv", "xlsx"):
        assert f"Quality report downloaded: {name}.{extension}" in history.text


def test_a_chinese_report_file_keeps_its_institution_and_language(snapshot):
    """A file name is never "-…": a part with nothing to slug (a Chinese title) is left out."""
    with translation.override("zh-hans"):
        _data, name = reports.report_spreadsheet(snapshot, "csv")
    assert name == f"{snapshot.institution.slug}-revision-2026-v1-zh-hans.csv"


def test_the_report_names_the_institution_as_it_was_named_in_its_language(setting):
    evaluation, evaluator, busy, quiet = setting
    busy.name_zh_hans = "阿尔法学院"
    busy.save()
    rounds.compute(evaluation)
    for institution, value in ((busy, "1"), (quiet, "0")):
        rounds.enter_value(evaluation, institution, "A2", value, by=evaluator)
    rounds.finalise(evaluation, by=evaluator)
    snapshot = RoundSnapshot.objects.get(institution=busy)
    busy.name_zh_hans = "改名以后"  # renamed later: the closed round keeps its name
    busy.save()
    stored = reports.report_pdf(snapshot, "zh-hans")
    text = PdfReader(stored.file.open("rb")).pages[0].extract_text()
    assert "阿尔法学院" in text and "改名以后" not in text and "{'" not in text
    assert stored.filename == f"{busy.slug}-revision-2026-v1-zh-hans.pdf"
    english = reports.report_pdf(snapshot, "en")
    assert "Instituto Alfa" in PdfReader(english.file.open("rb")).pages[0].extract_text()


def _finalised_with(evaluation, evaluator, **framework_fields):
    """The round finalised on a new version of its framework, changed by `framework_fields`,
    with the manual values entered (A2: yes for both institutions)."""
    framework = evaluation.framework
    for name, value in framework_fields.items():
        setattr(framework, name, value)
    revision = framework.save_revision()
    revision.publish()
    evaluation.framework_revision = revision
    evaluation.save()
    rounds.compute(evaluation)
    if any(i["code"] == "A2" for i in rounds.indicators(evaluation.definition())):
        for institution in evaluation.institutions.all():
            rounds.enter_value(evaluation, institution, "A2", "1", by=evaluator)
    return rounds.finalise(evaluation, by=evaluator)


def test_below_the_minimum_coverage_a_report_gives_points_and_coverage_never_a_rating(setting):
    """70 % of the framework had data (no placement to count trainees per supervisor): under
    a minimum of 80 % the report says so and gives the points measured, not a total scaled up
    to 100."""
    evaluation, evaluator, busy, _quiet = setting
    _finalised_with(evaluation, evaluator, min_coverage=80)
    snapshot = RoundSnapshot.objects.get(institution=busy)
    assert (snapshot.total, snapshot.rating, snapshot.coverage) == (None, "", Decimal("70"))
    assert snapshot.too_little_data
    pages = PdfReader(io.BytesIO(_render(snapshot))).pages
    text = " ".join(" ".join(page.extract_text() for page in pages).split())
    assert "Not rated: too little data" in text
    assert "Coverage: 70 % of the framework's points had data; a rating needs 80 %." in text
    assert not any(
        rating in text for rating in ("Excelente", "Bueno", "Suficiente", "Insuficiente")
    )
    data, _name = reports.report_spreadsheet(snapshot, "csv")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[-2][2] == "not rated" and rows[-2][5] == "" and rows[-1][5] == "70"


def test_a_dimension_without_data_is_a_gap_in_the_radar_not_a_zero(setting):
    """A dimension without data is a dashed spoke labelled "no data", and the shape goes
    through the dimensions with data only."""
    evaluation, evaluator, busy, _quiet = setting
    _finalised_with(
        evaluation,
        evaluator,
        dimensions=[
            (
                "dimension",
                {
                    "code": code,
                    "name": f"Dimensión {code}",
                    "points": points,
                    "indicators": [factories.indicator(f"{code}1", source, 100)],
                },
            )
            for code, points, source in (
                ("A", "30", "completion_rate"),
                ("B", "30", "trainees_per_supervisor"),
                ("C", "40", "pass_rate"),
            )
        ],
    )
    report = reports.QualityReport(RoundSnapshot.objects.get(institution=busy))
    radar = report.radar()
    assert [(code, missing) for _end, _label, code, missing in radar["spokes"]] == [
        ("A", False), ("B", True), ("C", False)
    ]  # fmt: skip
    assert len(radar["shape"].split()) == 2  # through A and C only
    with translation.override("es"):
        html = render_to_string("assessment/quality_report_pdf.html", {"report": report})
    assert "B · sin datos" in html
