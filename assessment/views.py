"""The learning site's side of quality: trainees answer their course evaluation; an
institution's staff, and the authority that oversees it, list and download its finalised
reports (anyone else gets a 404)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessment import reports
from assessment.models import RoundSnapshot
from core import audit
from core.models import User
from core.pdf import pdf_response
from core.spreadsheets import spreadsheet_download
from courses import surveys
from courses.learning import trainee_view
from courses.models import Trainee


def _reports(user: User | AnonymousUser) -> QuerySet[RoundSnapshot]:
    return RoundSnapshot.objects.current().visible_to(user).select_related("round", "institution")


@login_required
def quality_reports(request: HttpRequest) -> HttpResponse:
    snapshots = _reports(request.user).order_by("institution__name", "-round__ends_on")
    return render(request, "assessment/reports.html", {"snapshots": snapshots})


@login_required
def quality_report(request: HttpRequest, pk: int, extension: str) -> HttpResponseBase:
    snapshot = get_object_or_404(_reports(request.user), pk=pk)
    if extension == "pdf":
        stored = reports.report_pdf(snapshot, request.LANGUAGE_CODE)
        response, filename = pdf_response(request, stored), stored.filename
    else:
        data, filename = reports.report_spreadsheet(snapshot, extension)
        response = spreadsheet_download(data, filename)
        response["Cache-Control"] = "private, no-store"
    if response.status_code == 200:  # not a 304: the browser's copy is already logged
        # On the round, whose history its evaluators read; the file names the institution.
        audit.record_download(request, snapshot.round, filename, action=audit.REPORT_DOWNLOAD)
    return response


@require_POST
@trainee_view
def answer_evaluation(request: HttpRequest, trainee: Trainee, pk: int) -> HttpResponseRedirect:
    enrolment = get_object_or_404(
        trainee.enrolments.select_related("offering__questionnaire"), offering_id=pk
    )
    try:
        surveys.submit_answers(enrolment, request.POST)
    except surveys.SurveyError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Thank you: your answers are recorded, without your name."))
    return redirect(reverse("courses:offering", args=[pk]) + "#evaluation-title")
