"""The learning site's views beyond the course page: the trainee's dashboard and offerings,
materials through a permission check, certificates and their public verification."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import pdf
from core.forms import SignUpForm
from core.permissions import signed_in
from core.redirects import safe_next
from core.storage import file_response
from core.throttling import count_attempt, too_many
from courses import calendar, certificates, invitations, learning, services, syllabus
from courses import interest as course_interest
from courses.forms import (
    InterestForm,
    InvitationAnswerForm,
    JoiningProfileForm,
    TraineeProfileForm,
    VerifyForm,
)
from courses.learning import trainee_view
from courses.models import (
    Certificate,
    CourseIndexPage,
    CourseOffering,
    CoursePage,
    Enrolment,
    Session,
    Trainee,
)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The trainee's dashboard; a person who has not enrolled yet is shown the way to a
    course, not stopped at the profile form."""
    trainee = Trainee.objects.filter(user=signed_in(request)).first()
    if trainee is None:
        return render(request, "courses/welcome.html", {"catalog": CourseIndexPage.in_language()})
    return render(request, "courses/dashboard.html", learning.dashboard(trainee, timezone.now()))


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    trainee = Trainee.objects.filter(user=user).first()
    if trainee is None:
        trainee = Trainee(user=user, family_name=user.last_name, given_name=user.first_name)
    form = TraineeProfileForm(request.POST or None, instance=trainee)
    if form.is_valid():
        form.save()
        messages.success(request, _("Your profile is saved."))
        return redirect(safe_next(request, reverse("courses:dashboard")))
    return render(request, "courses/profile.html", {"form": form})


def join(request: HttpRequest, pk: int) -> HttpResponse:
    """Enrol from an offering in one submission, whoever comes: a new person signs up and
    gives what enrolment needs on one form; a signed-in person without a profile gives that;
    a trainee confirms. Nothing is kept unless the enrolment (or waiting place) is made."""
    offering = get_object_or_404(
        CourseOffering.objects.filter(status=CourseOffering.Status.OPEN).select_related(
            "course", "institution"
        ),
        pk=pk,
    )
    user = request.user if request.user.is_authenticated else None
    trainee = Trainee.objects.filter(user=user).first() if user else None
    data = request.POST if request.method == "POST" else None
    account = SignUpForm(data) if user is None else None
    profile = JoiningProfileForm(data, user=user) if trainee is None else None
    context = {"offering": offering, "account_form": account, "profile_form": profile}
    # Making an account here is signing up: limited the same way, every attempt counted.
    if data and user is None and any(count_attempt(request, "sign-up", data.get("email", ""))):
        return too_many(request)
    forms = [form for form in (account, profile) if form is not None]
    if data is None or not all(form.is_valid() for form in forms):
        return render(request, "courses/join.html", context)
    try:
        with transaction.atomic():
            person = account.save() if account is not None else signed_in(request)
            joining = profile.save_for(person) if profile else Trainee.objects.get(user=person)
            enrolment = services.enrol(joining, offering)
    except services.EnrolmentError as error:
        return render(request, "courses/join.html", {**context, "error": str(error)})
    if account is not None:
        login(request, enrolment.trainee.user, backend="core.backends.ModelBackend")
    tell_place(request, enrolment)
    return redirect("courses:offering", pk=offering.pk)


@require_POST
@login_required
def interest(request: HttpRequest, page_pk: int) -> HttpResponse:
    """Ask (or stop asking) to be e-mailed when the course's next edition opens."""
    course = get_object_or_404(CoursePage.objects.live().public(), pk=page_pk)
    form = InterestForm(request.POST)
    if form.is_valid() and form.cleaned_data["answer"] == "ask":
        course_interest.ask(signed_in(request), course, translation.get_language())
        messages.success(
            request, _("We will e-mail you once, when the next edition of this course opens.")
        )
    elif form.is_valid():
        course_interest.withdraw(signed_in(request), course)
        messages.info(request, _("You will not be e-mailed about this course's next edition."))
    return redirect(course.url + "#next-edition")


@require_POST
@login_required
def enrol(request: HttpRequest, pk: int) -> HttpResponse:
    """A trainee's one click; a person without a profile gives it on the joining page."""
    offering = get_object_or_404(CourseOffering.objects.filter(status="open"), pk=pk)
    trainee = Trainee.objects.filter(user=signed_in(request)).first()
    if trainee is None:
        return redirect("courses:join", pk=offering.pk)
    try:
        enrolment = services.enrol(trainee, offering)
    except services.EnrolmentError as error:
        messages.error(request, str(error))
        return redirect(offering.course.url or "/")
    tell_place(request, enrolment)
    return redirect("courses:offering", pk=offering.pk)


def tell_place(request: HttpRequest, enrolment: Enrolment) -> None:
    """Say what place the person has now: a seat, or one on the waiting list."""
    if enrolment.status == enrolment.Status.WAITLISTED:
        messages.info(request, _("The offering is full: you are on its waiting list."))
    else:
        messages.success(
            request, _("You are enrolled in %(offering)s.") % {"offering": enrolment.offering}
        )


@trainee_view
def withdraw(request: HttpRequest, trainee: Trainee, pk: int) -> HttpResponse:
    """Asks first, on its own page, saying what is lost and where the seat goes; then does it."""
    enrolment = get_object_or_404(
        trainee.enrolments.select_related("offering__course"),
        offering_id=pk,
        status__in=Enrolment.ACTIVE,
    )
    if request.method != "POST":
        waiting = enrolment.offering.enrolments.filter(status=Enrolment.Status.WAITLISTED)
        return render(
            request,
            "courses/withdraw.html",
            {"enrolment": enrolment, "offering": enrolment.offering, "waiting": waiting.count()},
        )
    try:
        services.withdraw(enrolment)
    except services.EnrolmentError as error:
        messages.error(request, str(error))
    else:
        messages.info(
            request, _("You have withdrawn from %(offering)s.") % {"offering": enrolment.offering}
        )
    return redirect("courses:dashboard")


@trainee_view
def offering(request: HttpRequest, trainee: Trainee, pk: int) -> HttpResponse:
    enrolment = get_object_or_404(
        trainee.enrolments.select_related(
            "offering__course__locale",
            "offering__course_revision",
            "offering__institution",
            "offering__term",
        ),
        offering_id=pk,
    )
    return render(
        request, "courses/offering.html", learning.offering_context(enrolment, timezone.now())
    )


@trainee_view
def offering_syllabus(request: HttpRequest, trainee: Trainee, pk: int) -> HttpResponseBase:
    """The syllabus of the course version the offering teaches, in the trainee's language."""
    enrolment = get_object_or_404(
        trainee.enrolments.select_related("offering__course", "offering__course_revision"),
        offering_id=pk,
    )
    offering = enrolment.offering
    course, revision = learning.version_read(offering, whole=True)
    if revision is None:  # a draft offering of a course never published
        raise Http404
    if offering.course_pinned_at is None:  # a draft follows the course as published
        return pdf.pdf_response(request, syllabus.syllabus_pdf(course))
    return pdf.pdf_response(
        request, syllabus.version_syllabus_pdf(course, revision, offering.course_pinned_at)
    )


@trainee_view
def offering_calendar(request: HttpRequest, trainee: Trainee, pk: int) -> HttpResponse:
    """The offering's sessions for the trainee's own calendar."""
    enrolment = get_object_or_404(
        trainee.enrolments.select_related("offering__course"), offering_id=pk
    )
    offering = enrolment.offering
    sessions = offering.sessions.select_related("offering__course")
    return calendar_response(
        calendar.sessions_calendar(sessions, f"{offering.code} · {offering.course.title}"),
        f"{offering.code}.ics",
    )


@trainee_view
def my_calendar(request: HttpRequest, trainee: Trainee) -> HttpResponse:
    """The sessions of every offering the trainee has a seat in, in one calendar."""
    sessions = Session.objects.filter(
        offering__enrolments__trainee=trainee,
        offering__enrolments__status__in=learning.STUDYING,
    ).select_related("offering__course")
    return calendar_response(calendar.sessions_calendar(sessions, "Praxis"), "praxis.ics")


def calendar_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename) or ""
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@trainee_view
def mark_studied(request: HttpRequest, trainee: Trainee, pk: int, unit_id: str) -> HttpResponse:
    enrolment = get_object_or_404(learning.studying(trainee), offering_id=pk)
    learning.mark_studied(enrolment, unit_id, studied=request.POST.get("studied") != "0")
    return redirect(reverse("courses:offering", args=[pk]) + f"#unit-{unit_id}")


@trainee_view
def material(request: HttpRequest, trainee: Trainee, pk: int, material_pk: int) -> HttpResponseBase:
    enrolment = get_object_or_404(learning.studying(trainee), offering_id=pk)
    found = learning.course_material(learning.course_read(enrolment.offering), material_pk)
    if found is None:
        raise Http404
    if found.document is None:  # fetched with it: select_related
        return HttpResponseRedirect(found.url)
    return file_response(found.document.file, found.document.filename)


@trainee_view
def certificate_pdf(request: HttpRequest, trainee: Trainee, number: str) -> HttpResponseBase:
    certificate = get_object_or_404(
        Certificate.objects.valid().filter(enrolment__trainee=trainee), number=number
    )
    return certificates.certificate_response(request, certificate)


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Answer an invitation to an offering. The link's token is its credential; the answer
    is given signed in as the invited account: a person whose account has no password yet
    chooses one here, anyone else signs in first; another account is told so."""
    try:
        found = invitations.find(token)
    except invitations.InvitationError as error:
        return render(request, "courses/invitation.html", {"error": str(error)}, status=410)
    person, context = found.user, {"invitation": found, "offering": found.offering}
    if request.user.is_authenticated and request.user != person:
        return render(request, "courses/invitation.html", {**context, "other": True}, status=403)
    if not request.user.is_authenticated and person.has_usable_password():
        messages.info(request, _("Sign in to answer the invitation."))
        return redirect_to_login(request.get_full_path(), reverse("account:login"))
    if not request.user.is_authenticated:
        password_form = SetPasswordForm(person, request.POST or None)
        if password_form.is_valid():
            login(request, password_form.save(), backend="core.backends.ModelBackend")
            return redirect(request.path)
        return render(
            request, "courses/invitation.html", {**context, "password_form": password_form}
        )
    form = InvitationAnswerForm(request.POST or None)
    if not form.is_valid():
        return render(request, "courses/invitation.html", {**context, "form": form})
    if form.cleaned_data["answer"] == "decline":
        invitations.decline(found)
        messages.info(
            request,
            _("You declined the invitation to %(offering)s.") % {"offering": found.offering},
        )
        return redirect("courses:dashboard")
    try:
        enrolment = invitations.accept(found)
    except services.EnrolmentError as error:
        messages.error(request, str(error))
        return redirect("courses:dashboard")
    tell_place(request, enrolment)
    return redirect("courses:offering", enrolment.offering_id)


def verify(request: HttpRequest) -> HttpResponse:
    """Public: the box to type a certificate's number in, which leads to its page."""
    form = VerifyForm(request.GET or None)
    if form.is_valid():
        return redirect("courses:verify_certificate", number=form.cleaned_data["number"])
    return render(request, "courses/verify_certificate.html", {"form": form})


def verify_certificate(request: HttpRequest, number: str) -> HttpResponse:
    """Public: only the holder's name, course, hours, date, issuer and whether it is valid;
    an unknown number says so beside the box to try again."""
    certificate = (
        Certificate.objects.select_related("enrolment__offering__institution")
        .filter(number=number.strip().upper())
        .first()
    )
    return render(
        request,
        "courses/verify_certificate.html",
        {"certificate": certificate, "number": number, "form": VerifyForm({"number": number})},
        status=200 if certificate else 404,
    )
