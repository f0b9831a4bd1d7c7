"""The review workflow in the demo: the author's dashboard shows a course she is still
changing, one awaiting review (on the reviewer's dashboard) and one returned for changes with
the reviewer's comment. Loaded after the courses; a second load changes nothing."""

from django.db import transaction
from wagtail.models import WorkflowState

from core.models import User
from courses.models import CoursePage

AUTHOR, REVIEWER = "autora@praxis.example", "revisor@praxis.example"
CHANGES = [
    "Se añade una unidad de práctica supervisada en la comunidad.",
    "Se actualizan las lecturas con la bibliografía de 2026.",
    "Se amplía la evaluación con un caso práctico final.",
]
RETURNED_COMMENT = (
    "El caso práctico final necesita una rúbrica con los criterios y su peso en la nota."
)


@transaction.atomic
def load() -> list[str]:
    author = User.objects.filter(email=AUTHOR).first()
    reviewer = User.objects.filter(email=REVIEWER).first()
    if author is None or reviewer is None or WorkflowState.objects.exists():
        return []
    courses = list(
        CoursePage.objects.live()
        .filter(
            locale__language_code="es",
            institution__memberships__user=author,
        )
        .order_by("code")[:3]
    )
    if len(courses) < 3:
        return []
    created = []
    CoursePage.objects.filter(pk__in=[page.pk for page in courses]).update(owner=author)
    for page, change in zip(courses, CHANGES, strict=True):
        page.summary = f"{page.summary} {change}"
        page.save_revision(user=author)
    draft, submitted, returned = courses
    created.append(f"draft of {draft.code} by {AUTHOR}")
    for page in (submitted, returned):
        workflow = page.get_workflow()
        assert workflow is not None  # provisioning gave the institution its review workflow
        workflow.start(page, author)
    created.append(f"{submitted.code} awaiting review by {REVIEWER}")
    state = CoursePage.objects.get(pk=returned.pk).current_workflow_task_state
    assert state is not None
    state.task.specific.on_action(state, reviewer, "reject", comment=RETURNED_COMMENT)
    created.append(f"{returned.code} returned for changes")
    return created
