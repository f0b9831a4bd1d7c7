"""The trainee's placement pages — applying, the learning agreement, logging hours, the
self-evaluation and the competency record — and the pages an agency supervisor reaches
through a link, made for a phone."""

import datetime
from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from courses.learning import trainee_view
from courses.models import Trainee
from curriculum.models import ServiceField
from placements import links, reports, services
from placements.forms import (
    ApplicationForm,
    EvaluationLevelsForm,
    HoursEntryForm,
    SelfEvaluationForm,
    WeekDecisionForm,
)
from placements.models import (
    HoursEntry,
    PlacementEvaluation,
    PlacementProgramme,
    PracticeBase,
    SupervisorLink,
)
from placements.services import PlacementError


@trainee_view
def my_placements(request: HttpRequest, trainee: Trainee) -> HttpResponse:
    return render(
        request,
        "placements/my_placements.html",
        {
            "progress": reports.progress(trainee.placements.order_by("-starts_on")),
            "applications": trainee.placement_applications.select_related("programme")
            .prefetch_related("preferences__base", "preferences__field")
            .order_by("-submitted_at"),
            "open_programmes": PlacementProgramme.objects.exclude(application_term=None)
            .select_related("institution", "application_term")
            .order_by("institution__name", "name"),
            "record": services.competency_record(trainee),
        },
    )


def _weeks(entries: Iterable[HoursEntry]) -> list[tuple[datetime.date, list[HoursEntry]]]:
    """Entries grouped by the Monday of their week, latest week first."""
    weeks: dict[datetime.date, list[HoursEntry]] = {}
    for entry in entries:
        weeks.setdefault(services.week_of(entry.date), []).append(entry)
    return sorted(weeks.items(), reverse=True)


@trainee_view
def placement(request: HttpRequest, trainee: Trainee, pk: int) -> HttpResponse:
    placement = get_object_or_404(
        trainee.placements.select_related(
            "base", "programme", "academic_supervisor", "agency_supervisor"
        ),
        pk=pk,
    )
    competencies = services.competencies_of(placement)
    editing = None
    if request.GET.get("edit"):
        if not request.GET["edit"].isdigit():
            raise Http404
        editing = get_object_or_404(
            placement.hours.filter(state__in=HoursEntry.EDITABLE), pk=request.GET["edit"]
        )
    instance = editing or HoursEntry(placement=placement)
    form = HoursEntryForm(request.POST or None, instance=instance, competencies=competencies)
    if request.method == "POST" and form.is_valid():
        try:
            services.log_hours(form.instance, form.cleaned_data["competencies"])
        except PlacementError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Your hours are saved as a draft. Submit them when the week is complete."),
            )
            return redirect("placements:placement", pk=placement.pk)
    (progress,) = reports.progress(type(placement).objects.filter(pk=placement.pk))
    return render(
        request,
        "placements/placement.html",
        {
            "placement": placement,
            "progress": progress,
            "form": form,
            "editing": editing,
            "weeks": _weeks(placement.hours.prefetch_related("competencies")),
            "drafts": placement.hours.filter(state__in=HoursEntry.EDITABLE).count(),
            "objectives": placement.objectives.prefetch_related("competencies"),
            "evaluations": placement.evaluations.prefetch_related(
                "ratings__competency", "ratings__level"
            ),
            "stages": PlacementEvaluation.Stage.choices,
        },
    )


def _act(request: HttpRequest, action: Callable[[], object], success: str) -> None:
    try:
        action()
    except PlacementError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)


@require_POST
@trainee_view
def submit_hours(request: HttpRequest, trainee: Trainee, pk: int) -> HttpResponse:
    placement = get_object_or_404(trainee.placements, pk=pk)
    count = services.submit_hours(placement)
    if count:
        messages.success(request, _("Your hours are sent to your agency supervisor."))
    else:
        messages.info(request, _("There were no draft hours to submit."))
    return redirect("placements:placement", pk=pk)


@require_POST
@trainee_view
def sign_agreement(request: HttpRequest, trainee: Trainee, pk: int) -> HttpResponse:
    placement = get_object_or_404(trainee.placements, pk=pk)
    _act(
        request,
        lambda: services.sign_agreement(placement, "trainee"),
        _("You signed the learning agreement."),
    )
    return redirect("placements:placement", pk=pk)


@require_POST
@trainee_view
def self_evaluate(request: HttpRequest, trainee: Trainee, pk: int, stage: str) -> HttpResponse:
    placement = get_object_or_404(trainee.placements, pk=pk)
    if stage not in PlacementEvaluation.Stage.values:
        return redirect("placements:placement", pk=pk)
    form = SelfEvaluationForm(request.POST)
    if form.is_valid():
        _act(
            request,
            lambda: services.self_evaluate(placement, stage, form.cleaned_data["text"]),
            _("Your self-evaluation is saved."),
        )
    else:
        messages.error(request, _("Write your self-evaluation before saving it."))
    return redirect("placements:placement", pk=pk)


@trainee_view
def apply(request: HttpRequest, trainee: Trainee, programme_pk: int) -> HttpResponse:
    programme = get_object_or_404(
        PlacementProgramme.objects.exclude(application_term=None), pk=programme_pk
    )
    bases = PracticeBase.objects.filter(institution=programme.institution_id).select_related(
        "region"
    )
    fields = ServiceField.objects.filter(practicebase__in=bases).distinct()
    form = ApplicationForm(request.POST or None, bases=bases, fields=fields)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.apply(
                trainee, programme, data["preferences"], data["conflict"], data["conflict_reason"]
            )
        except PlacementError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _(
                    "Your application is saved. You will hear from the "
                    "coordinator once places are allocated."
                ),
            )
            return redirect("placements:mine")
    return render(request, "placements/apply.html", {"programme": programme, "form": form})


# Agency supervisors' links -----------------------------------------------------------------


@never_cache
def supervise(request: HttpRequest, token: str) -> HttpResponse:
    """One page per link purpose; a bad, expired or used link says so and what to do."""
    try:
        link = links.open_link(token)
    except links.LinkError as error:
        return render(request, "placements/supervise.html", {"error": str(error)}, status=410)
    placement = link.placement
    context = {"link": link, "placement": placement, "token": token}
    if link.done_at is not None:
        return render(request, "placements/supervise.html", {**context, "done": True})
    handlers: dict[str, Callable[[HttpRequest, SupervisorLink, dict[str, Any]], HttpResponse]] = {
        SupervisorLink.Purpose.APPROVE_WEEK: _supervise_week,
        SupervisorLink.Purpose.SIGN_AGREEMENT: _supervise_agreement,
        SupervisorLink.Purpose.EVALUATE: _supervise_evaluation,
    }
    return handlers[link.purpose](request, link, context)


def _finish(
    request: HttpRequest,
    link: SupervisorLink,
    action: Callable[[str], object],
    success: str,
    form: forms.BaseForm | None = None,
) -> bool:
    """Do what the link is for and mark it used, together or not at all; a refusal is said
    on the form, when there is one."""
    by = str(link.placement.agency_supervisor or _("Agency supervisor"))
    try:
        with transaction.atomic():
            links.use_link(link)
            action(by)
    except PlacementError as error:
        if form is None:
            messages.error(request, str(error))
        else:
            form.add_error(None, str(error))
        return False
    messages.success(request, success)
    return True


def _supervise_week(
    request: HttpRequest, link: SupervisorLink, context: dict[str, Any]
) -> HttpResponse:
    placement, monday = link.placement, link.week_of
    assert monday is not None  # a link to approve a week names it (links.create_link)
    entries = services.week_entries(placement, monday).prefetch_related("competencies")
    form = WeekDecisionForm(entries, request.POST if request.method == "POST" else None)
    if form.is_valid():
        user = request.user if request.user.is_authenticated else None
        action = lambda by: services.decide_hours(  # noqa: E731
            placement, monday, by=by, returned=form.returned(), user=user
        )
        if _finish(request, link, action, _("Thank you: the week's hours are recorded."), form):
            return redirect("placements:supervise", token=context["token"])
    week_end = monday + datetime.timedelta(days=6)
    return render(
        request, "placements/supervise.html", {**context, "form": form, "week_end": week_end}
    )


def _supervise_agreement(
    request: HttpRequest, link: SupervisorLink, context: dict[str, Any]
) -> HttpResponse:
    placement = link.placement
    if request.method == "POST":
        action = lambda by: services.sign_agreement(placement, "agency")  # noqa: E731
        if _finish(request, link, action, _("Thank you: you signed the learning agreement.")):
            return redirect("placements:supervise", token=context["token"])
    return render(
        request,
        "placements/supervise.html",
        {**context, "objectives": placement.objectives.prefetch_related("competencies")},
    )


def _supervise_evaluation(
    request: HttpRequest, link: SupervisorLink, context: dict[str, Any]
) -> HttpResponse:
    placement = link.placement
    levels = list(placement.programme.rubric_levels.all())
    data = request.POST if request.method == "POST" else None
    form = EvaluationLevelsForm(services.competencies_of(placement), levels, data)
    if form.is_valid():
        action = lambda by: services.submit_evaluation(  # noqa: E731
            placement, link.stage, form.levels(), form.cleaned_data["comments"], by=by
        )
        if _finish(request, link, action, _("Thank you: the evaluation is recorded."), form):
            return redirect("placements:supervise", token=context["token"])
    return render(request, "placements/supervise.html", {**context, "form": form, "levels": levels})
