"""Background work for curriculum plans: rendering the plan book."""

from django.tasks import task


@task()
def render_plan_book(page_id):
    from curriculum import services
    from curriculum.models import CurriculumPlanPage

    plan = CurriculumPlanPage.objects.live().filter(pk=page_id).first()
    if plan is not None:
        services.plan_book_pdf(plan)
