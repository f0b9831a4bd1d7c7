"""Links for agency supervisors, who have no account: each carries a random token (only its
digest is stored), names one placement and one purpose, expires, and is done once used. Every
opening and every use goes to the placement's history (Wagtail log entries), never the
supervisor's personal data."""

import datetime
from typing import TypedDict

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from core.models import User
from core.tokens import digest, new_token
from placements.models import Placement, SupervisorLink
from placements.services import PlacementError

LIFETIME = datetime.timedelta(days=14)
Purpose = SupervisorLink.Purpose


class LinkError(PlacementError):
    """A link that cannot be used: tampered with, for something else, expired or used."""


class LinkLogData(TypedDict):
    """What the placement's history keeps of a link."""

    link: int
    purpose: str
    week_of: str | None
    stage: str


def create_link(
    placement: Placement,
    purpose: str,
    *,
    user: User | None,
    week_of: datetime.date | None = None,
    stage: str = "",
    now: datetime.datetime | None = None,
) -> tuple[SupervisorLink, str]:
    """A new link and the token its URL carries."""
    from placements.models import PlacementEvaluation

    now = now or timezone.now()
    if purpose not in Purpose.values:
        raise PlacementError(_("Choose what the link is for."))
    if stage and stage not in PlacementEvaluation.Stage.values:
        raise PlacementError(_("Choose the evaluation the link is for."))
    if purpose == Purpose.APPROVE_WEEK and week_of is None:
        raise PlacementError(_("Choose the week whose hours the link approves."))
    if purpose == Purpose.EVALUATE and not stage:
        raise PlacementError(_("Choose the evaluation the link is for."))
    token = new_token()
    link = SupervisorLink.objects.create(
        token_digest=digest(token),
        placement=placement,
        purpose=purpose,
        week_of=week_of,
        stage=stage,
        created_by=user,
        expires_at=now + LIFETIME,
    )
    log(placement, "placements.link_created", user=user, data=_log_data(link))
    return link, token


def url_of(token: str, language: str) -> str:
    from django.utils import translation

    with translation.override(language):
        return reverse("placements:supervise", args=[token])


def open_link(token: str, *, now: datetime.datetime | None = None) -> SupervisorLink:
    """The link a token names, if it may still be used; each opening is logged."""
    now = now or timezone.now()
    invalid = LinkError(
        _("This link is not valid. Ask the placement coordinator to send you a new one.")
    )
    link = (
        SupervisorLink.objects.select_related("placement__trainee", "placement__base")
        .filter(token_digest=digest(token))
        .first()
    )
    if link is None:
        raise invalid
    if link.expires_at <= now:
        raise LinkError(
            _("This link expired on %(date)s. Ask the placement coordinator for a new one.")
            % {"date": formats.date_format(timezone.localtime(link.expires_at), "DATE_FORMAT")}
        )
    log(link.placement, "placements.link_opened", data=_log_data(link))
    return link


def use_link(link: SupervisorLink, *, now: datetime.datetime | None = None) -> None:
    """Mark the link done, so it cannot be used again, and log the use. Call it inside the
    transaction that does what the link is for: its row stays locked until that commits."""
    done_at = SupervisorLink.objects.select_for_update().values_list("done_at", flat=True)
    if done_at.get(pk=link.pk) is not None:
        raise LinkError(_("This link has already been used; nothing was changed."))
    link.done_at = now or timezone.now()
    link.save(update_fields=["done_at"])
    log(link.placement, "placements.link_used", data=_log_data(link))


def _log_data(link: SupervisorLink) -> LinkLogData:
    return {
        "link": link.pk,
        "purpose": link.purpose,
        "week_of": link.week_of.isoformat() if link.week_of else None,
        "stage": link.stage,
    }
