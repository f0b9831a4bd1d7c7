"""What a trainee has to show for their training, each on its page under "My learning": their
certificates with the links that verify them, and their continuing-education hours with the
training they took elsewhere, which they enter themselves with its evidence."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.storage import delete_on_commit, file_response
from courses import ledger
from courses.forms import OwnRecordForm
from courses.learning import trainee_view
from courses.models import Certificate, ContinuingEducationRecord, Trainee


@trainee_view
def certificates(request: HttpRequest, trainee: Trainee) -> HttpResponse:
    held = (
        Certificate.objects.filter(enrolment__trainee=trainee)
        .select_related("enrolment__offering__institution")
        .order_by("-issued_at")
    )
    return render(
        request,
        "courses/certificates.html",
        {
            "certificates": [
                (certificate, request.build_absolute_uri(
                    reverse("courses:verify_certificate", args=[certificate.number])))
                for certificate in held
            ],
        },
    )  # fmt: skip


def own_record(trainee: Trainee, pk: int) -> ContinuingEducationRecord:
    """A record the trainee entered themselves; any other is not found."""
    return get_object_or_404(trainee.continuing_education.filter(institution=None), pk=pk)


@trainee_view
def continuing_education(
    request: HttpRequest, trainee: Trainee, pk: int | None = None
) -> HttpResponse:
    """The hours of the registration period against the rule, every record, and the form to
    add (or, with `pk`, change) training taken elsewhere."""
    record = own_record(trainee, pk) if pk else None
    form = OwnRecordForm(request.POST or None, request.FILES or None, instance=record)
    if form.is_valid():
        form.save_for(trainee)
        messages.success(request, _("Your training is recorded."))
        return redirect("courses:continuing_education")
    periods = ledger.periods(trainee, timezone.localdate())
    return render(
        request,
        "courses/continuing_education.html",
        {
            "form": form,
            "editing": record,
            "period": periods[0] if periods else None,
            "earlier_periods": periods[1:],
            "rule": ledger.rule_for(trainee),
            "records": trainee.continuing_education.select_related("institution").order_by(
                "-completed_on", "-pk"
            ),
        },
    )


@require_POST
@trainee_view
def delete_record(request: HttpRequest, trainee: Trainee, pk: int) -> HttpResponse:
    record = own_record(trainee, pk)
    if record.evidence:
        delete_on_commit(record.evidence)
    record.delete()
    messages.info(request, _("The training is removed from your record."))
    return redirect("courses:continuing_education")


@trainee_view
def record_evidence(request: HttpRequest, trainee: Trainee, pk: int) -> HttpResponseBase:
    record = own_record(trainee, pk)
    if not record.evidence:
        raise Http404
    return file_response(record.evidence, ledger.evidence_filename(record))
