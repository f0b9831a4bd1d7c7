"""Who reaches which rounds, frameworks and questionnaires: an authority's evaluators their
rounds and frameworks (shared frameworks the platform's administrators keep), an institution's
administrators its questionnaires. Registered when the apps are ready (core.apps), before any
viewset is built."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from wagtail.permissions import register_permission_policy

from assessment.models import EvaluationRound, IndicatorFramework
from core.models import Institution, User
from core.permissions import ScopedPermissionPolicy
from courses.models import Questionnaire


def _own_questionnaires(user: User | AnonymousUser) -> QuerySet[Questionnaire]:
    """Questionnaires the user may change: their institutions' own; shared ones for a
    superuser only."""
    owned = Q(institution__in=Institution.objects.with_role(user, Questionnaire.institution_roles))
    return Questionnaire.objects.filter(owned | Q(institution=None) if user.is_superuser else owned)


register_permission_policy(
    EvaluationRound, ScopedPermissionPolicy(EvaluationRound, EvaluationRound.objects.run_by)
)
register_permission_policy(
    IndicatorFramework,
    ScopedPermissionPolicy(
        IndicatorFramework,
        IndicatorFramework.objects.for_user,
        dict.fromkeys(
            ("change", "delete", "publish", "lock", "unlock"), IndicatorFramework.objects.kept_by
        ),
    ),
)
register_permission_policy(
    Questionnaire,
    ScopedPermissionPolicy(
        Questionnaire,
        Questionnaire.objects.for_user,
        dict.fromkeys(("change", "delete"), _own_questionnaires),
    ),
)
