"""The learning site's views beyond the course page: the trainee's dashboard and offerings,
materials through a permission check, certificates and their public verification."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.pdf import page_pdf_view
from core.storage import file_response
from courses import certificates, learning, services
from courses.forms import TraineeProfileForm
from courses.learning import trainee_view
from courses.models import Certificate, CourseOffering, CoursePage, Trainee

syllabus_pdf = page_pdf_view(CoursePage, services.syllabus_pdf)


@trainee_view
def dashboard(request, trainee):
    return render(request, "courses/dashboard.html", learning.dashboard(trainee, timezone.now()))


@login_required
def profile(request):
    trainee = Trainee.objects.filter(user=request.user).first()
    if trainee is None:
        trainee = Trainee(
            user=request.user,
            family_name=request.user.last_name,
            given_name=request.user.first_name,
        )
    form = TraineeProfileForm(request.POST or None, instance=trainee)
    if form.is_valid():
        form.save()
        messages.success(request, _("Your profile is saved."))
        target = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(target, allowed_hosts=None):
            target = reverse("courses:dashboard")
        return HttpResponseRedirect(target)
    return render(request, "courses/profile.html", {"form": form})


@require_POST
@trainee_view
def enrol(request, trainee, pk):
    offering = get_object_or_404(CourseOffering.objects.filter(status="open"), pk=pk)
    try:
        enrolment = services.enrol(trainee, offering)
    except services.EnrolmentError as error:
        messages.error(request, str(error))
        return redirect(offering.course.url or "/")
    if enrolment.status == enrolment.Status.WAITLISTED:
        messages.info(request, _("The offering is full: you are on its waiting list."))
    else:
        messages.success(request, _("You are enrolled in %(offering)s.") % {"offering": offering})
    return redirect("courses:offering", pk=offering.pk)


@require_POST
@trainee_view
def withdraw(request, trainee, pk):
    enrolment = get_object_or_404(trainee.enrolments, offering_id=pk)
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
def offering(request, trainee, pk):
    enrolment = get_object_or_404(
        trainee.enrolments.select_related("offering__course", "offering__institution"),
        offering_id=pk,
    )
    return render(request, "courses/offering.html", learning.offering_context(enrolment))


@require_POST
@trainee_view
def mark_studied(request, trainee, pk, unit_id):
    enrolment = get_object_or_404(learning.studying(trainee), offering_id=pk)
    learning.mark_studied(enrolment, unit_id, studied=request.POST.get("studied") != "0")
    return redirect(reverse("courses:offering", args=[pk]) + f"#unit-{unit_id}")


@trainee_view
def material(request, trainee, pk, material_pk):
    enrolment = get_object_or_404(learning.studying(trainee), offering_id=pk)
    found = learning.course_material(enrolment.offering.course, material_pk)
    if found is None:
        raise Http404
    if not found.document_id:
        return HttpResponseRedirect(found.url)
    return file_response(found.document.file, found.document.filename)


@trainee_view
def certificate_pdf(request, trainee, number):
    certificate = get_object_or_404(
        Certificate.objects.valid().filter(enrolment__trainee=trainee), number=number
    )
    return certificates.certificate_response(request, certificate)


def verify_certificate(request, number):
    """Public: only the holder's name, course, hours, date and whether it is valid."""
    certificate = Certificate.objects.filter(number=number.strip().upper()).first()
    return render(
        request,
        "courses/verify_certificate.html",
        {"certificate": certificate, "number": number},
        status=200 if certificate else 404,
    )
