from django.utils.translation import gettext_lazy as _
from wagtail import hooks


@hooks.register("register_log_actions")
def register_round_actions(actions):
    actions.register_action("praxis.round_finalise", _("Round finalised"), _("Round finalised"))
    actions.register_action("praxis.round_reopen", _("Round reopened"), _("Round reopened"))
