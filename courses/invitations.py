"""Invitations to take a place in an offering. Staff name people by e-mail (one at a time or
from a spreadsheet) and Praxis writes to each; the person, signed in to their own account,
accepts or declines. An account is its person's: no institution enrols it, reads it or learns
whether it exists, and the details staff typed fill in only what the person's profile lacks."""

from collections.abc import Mapping
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.languages import in_reader_language
from core.services import account_for, preferred_language, site_address
from core.tasks import send_account_email
from core.tokens import digest, new_token
from courses.models import CourseOffering, Enrolment, EnrolmentInvitation, Trainee
from courses.services import EnrolmentError, enrol

LIFETIME = timedelta(days=30)
DETAILS = ("family_name", "given_name", "id_number", "phone", "employer", "post")


class InvitationError(EnrolmentError):
    """An invitation that can no longer be answered, with what to do."""


def invite(
    offering: CourseOffering, details: Mapping[str, str], *, now: datetime | None = None
) -> EnrolmentInvitation:
    """Invite the person with `details["email"]` (and the names and numbers staff typed) to
    the offering, and e-mail them the link to answer, once the transaction commits."""
    now = now or timezone.now()
    user, _new = account_for(
        details["email"], first_name=details["given_name"], last_name=details["family_name"]
    )
    token = new_token()
    invitation = EnrolmentInvitation.objects.create(
        offering=offering,
        user=user,
        token_digest=digest(token),
        expires_at=now + LIFETIME,
        **{name: details.get(name, "") for name in DETAILS},
    )
    language = preferred_language(user.pk, offering.language)
    context = {
        **site_address(),
        "token": token,
        "institution": in_reader_language(offering.institution, language=language),
        "offering": f"{offering.code} · {offering.course.title}",
        "starts_on": offering.starts_on.isoformat(),
        "expires_on": invitation.expires_at.date().isoformat(),
    }
    transaction.on_commit(
        lambda: send_account_email.enqueue(
            user.pk, "courses/email/enrolment_invitation", context, language
        )
    )
    return invitation


def find(token: str, *, now: datetime | None = None) -> EnrolmentInvitation:
    """The invitation a link's token names, while it can be answered."""
    now = now or timezone.now()
    invitation = (
        EnrolmentInvitation.objects.select_related(
            "user", "offering__course", "offering__institution"
        )
        .filter(token_digest=digest(token))
        .first()
    )
    if invitation is None or not invitation.user.is_active:
        raise InvitationError(
            _("This invitation link is not valid. Ask the institution to invite you again.")
        )
    if invitation.status != EnrolmentInvitation.Status.PENDING:
        raise InvitationError(
            _("You have already answered this invitation (%(answer)s).")
            % {"answer": invitation.get_status_display().lower()}
        )
    if invitation.expires_at <= now:
        raise InvitationError(
            _("This invitation expired. Ask %(institution)s to invite you again.")
            % {"institution": invitation.offering.institution}
        )
    return invitation


def accept(invitation: EnrolmentInvitation, *, now: datetime | None = None) -> Enrolment:
    """The person takes the place (or a place on the waiting list). A profile they lack is
    made from what the institution typed, and an identity number they never gave is recorded
    as that institution's, so that other institutions see it masked."""
    now = now or timezone.now()
    with transaction.atomic():
        invitation = EnrolmentInvitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.status != EnrolmentInvitation.Status.PENDING:
            raise InvitationError(_("You have already answered this invitation."))
        institution = invitation.offering.institution
        details = {name: getattr(invitation, name) for name in DETAILS}
        trainee, made = Trainee.objects.select_for_update().get_or_create(
            user=invitation.user,
            defaults={
                **details,
                "consents_to_data_use": True,
                "id_number_source": institution if invitation.id_number else None,
            },
        )
        if not made and not trainee.id_number and invitation.id_number:
            trainee.id_number, trainee.id_number_source = invitation.id_number, institution
            trainee.save(update_fields=["id_number", "id_number_source"])
        enrolment = enrol(trainee, invitation.offering, now=now, by_staff=True)
        _answer(invitation, EnrolmentInvitation.Status.ACCEPTED, now)
    return enrolment


def decline(invitation: EnrolmentInvitation, *, now: datetime | None = None) -> None:
    _answer(invitation, EnrolmentInvitation.Status.DECLINED, now or timezone.now())


def _answer(invitation: EnrolmentInvitation, status: str, now: datetime) -> None:
    invitation.status, invitation.answered_at = status, now
    # Once answered, the institution keeps none of what it typed about the person.
    for name in DETAILS[2:]:
        setattr(invitation, name, "")
    invitation.save()
