"""Background work for curriculum plans: rendering the plan book."""

from django.tasks import task

from core.tasks import render_or_retry


@task(takes_context=True)
def render_plan_book(context, page_id):
    from curriculum import services
    from curriculum.models import CurriculumPlanPage

    plan = CurriculumPlanPage.objects.live().filter(pk=page_id).first()
    if plan is not None:
        render_or_retry(context, page_id, lambda: services.plan_book_pdf(plan, wait_seconds=0))
