"""What finishing a review workflow does: publish what the reviewers approved.

Wagtail's own finishing step publishes with the approver's publish permission. Praxis's
reviewers approve through the workflow's tasks (a group's, an authority's evaluators), and
some of them hold no publish permission on purpose, so that nothing they keep is published
without a review: the approval is the permission.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wagtail.models import WorkflowState

    from core.models import User


def publish_approved(workflow_state: WorkflowState, user: User | None = None) -> None:
    workflow_state.content_object.get_latest_revision().publish(
        user=user, skip_permission_checks=True
    )
