from django.db.models import Q
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.log_actions import LogActionRegistry
from wagtail.snippets.models import register_snippet

from assessment import dashboard
from assessment.models import EvaluationRound, IndicatorValue
from assessment.viewsets import FrameworkViewSet, QualityGroup, QuestionnaireViewSet
from core.dashboard import roles_of
from core.models import Institution, PraxisDocument, Role
from core.permissions import signed_in
from core.storage import file_response

register_snippet(FrameworkViewSet)
register_snippet(QuestionnaireViewSet)


@hooks.register("register_admin_viewset")
def register_quality() -> QualityGroup:
    return QualityGroup()


@hooks.register("before_serve_document", order=-1)  # before the collection's privacy
def evidence_only_for_its_round(
    document: PraxisDocument, request: HttpRequest
) -> HttpResponseBase | None:
    """An evaluation's evidence is for the evaluators who run the round and the administrators
    of the institution it is about, whatever its collection's privacy (the authority's); to
    anyone else it does not exist."""
    values = IndicatorValue.objects.filter(evidence=document)
    if not values.exists():
        return None
    user = request.user
    allowed = values.filter(
        Q(round__in=EvaluationRound.objects.run_by(user))
        | Q(institution__in=Institution.objects.with_role(user, [Role.INSTITUTION_ADMIN]))
    )
    if not allowed.exists():
        raise Http404
    return file_response(document.file, document.filename, whole=True)


@hooks.register("register_log_actions")
def register_round_actions(actions: LogActionRegistry) -> None:
    actions.register_action("praxis.round_finalise", _("Round finalised"), _("Round finalised"))
    actions.register_action("praxis.round_reopen", _("Round reopened"), _("Round reopened"))


@hooks.register("construct_homepage_panels")
def add_quality_panels(request: HttpRequest, panels: list[Component]) -> None:
    user = signed_in(request)
    roles = roles_of(user)
    if Role.EVALUATOR in roles:
        panels.extend(dashboard.evaluator_panels(user))
    if Role.INSTITUTION_ADMIN in roles:
        panels.extend(dashboard.report_panels(user))
