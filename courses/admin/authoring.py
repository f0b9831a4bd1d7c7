"""The dashboard of course authors and reviewers: an author's drafts and pages returned for
changes, with shortcuts to a new course and a new material; a reviewer's queue, empty."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Exists, OuterRef
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from wagtail.models import Page, TaskState, WorkflowState

from core.dashboard import SHOWN, PanelAction, WorkItem, WorkPanel
from core.models import Institution, Role, User
from curriculum.models import TeachingMaterial

# Workflow states that keep a page out of its author's plain drafts.
IN_WORKFLOW = (WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES)


def _page_states(**conditions: object) -> Exists:
    """Whether the page has a workflow state of these conditions (its key is text)."""
    return Exists(
        WorkflowState.objects.filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id=Cast(OuterRef("pk"), CharField()),
            **conditions,
        )
    )


def _page_item(page: Page, detail: str) -> WorkItem:
    return WorkItem(
        page.get_admin_display_title(), reverse("wagtailadmin_pages:edit", args=[page.pk]), detail
    )


def _edited(page: Page) -> str:
    kind = capfirst(page.specific_class._meta.verbose_name) if page.specific_class else ""
    if page.latest_revision_created_at is None:
        return str(kind)
    edited = date_format(localtime(page.latest_revision_created_at), "SHORT_DATETIME_FORMAT")
    return _("%(kind)s · edited %(when)s") % {"kind": kind, "when": edited}


def _returned_comment(page: Page) -> str:
    rejected = (
        TaskState.objects.filter(
            workflow_state__base_content_type=ContentType.objects.get_for_model(Page),
            workflow_state__object_id=str(page.pk),
            status=TaskState.STATUS_REJECTED,
        )
        .order_by("-finished_at")
        .first()
    )
    comment = rejected.comment if rejected else ""
    return _("The reviewer says: %(comment)s") % {"comment": comment} if comment else ""


def author_panels(user: User) -> list[WorkPanel]:
    drafts = list(
        Page.objects.filter(owner=user, has_unpublished_changes=True)
        .exclude(_page_states(status__in=IN_WORKFLOW))
        .order_by("-latest_revision_created_at")
    )
    returned = list(
        Page.objects.filter(
            _page_states(status=WorkflowState.STATUS_NEEDS_CHANGES, requested_by=user)
        ).order_by("-latest_revision_created_at")
    )
    institutions = list(
        Institution.objects.with_role(user, [Role.COURSE_AUTHOR, Role.INSTITUTION_ADMIN])
        .exclude(root_page=None)
        .order_by("name")
    )
    new_course = [
        PanelAction(
            _("New course")
            if len(institutions) == 1
            else _("New course · %(name)s") % {"name": institution},
            reverse(
                "wagtailadmin_pages:add", args=("courses", "coursepage", institution.root_page_id)
            ),
        )
        for institution in institutions
    ]
    new_material = PanelAction(
        _("New material"), reverse(TeachingMaterial.snippet_viewset.get_url_name("add"))
    )
    return [
        WorkPanel(
            "returned-for-changes",
            _("Returned for changes"),
            [_page_item(page, _returned_comment(page)) for page in returned[:SHOWN]],
            total=len(returned),
            empty=_(
                "Nothing is waiting for your changes. When a reviewer asks for changes, the "
                "page appears here with their comment."
            ),
            order=90,
        ),
        WorkPanel(
            "my-drafts",
            _("Your drafts"),
            [_page_item(page, _edited(page)) for page in drafts[:SHOWN]],
            total=len(drafts),
            empty=_(
                "You have no unpublished drafts. Start a new course, or open a published one to "
                "change it."
            ),
            actions=[*new_course, new_material],
            order=95,
        ),
    ]


def has_reviews(user: User) -> bool:
    return TaskState.objects.reviewable_by(user).exists()


def empty_review_panel() -> WorkPanel:
    """Shown in place of Wagtail's review queue, which shows nothing while it is empty."""
    return WorkPanel(
        "awaiting-review",
        _("Awaiting your review"),
        [],
        empty=_(
            "Nothing awaits your review. When an author submits a course or material for "
            "review, it appears here with Approve and Request changes."
        ),
        order=85,
    )
