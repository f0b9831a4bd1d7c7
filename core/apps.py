from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Users, institutions (the tenant), memberships, regions and the learning-site shell."""

    name = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.db.models import fields
        from django.db.models.signals import post_migrate
        from django.utils.module_loading import autodiscover_modules

        from . import signals
        from .models.pages import ContentPage
        from .permissions import ScopedAdminPageForm

        # What each app declares for core: the personal data it holds (privacy.py), its roles'
        # permissions (roles.py) and its scoped permission policies (policies.py, before any
        # viewset is built).
        autodiscover_modules("privacy", "roles", "policies")
        # The learning site's pages are edited with a form that keeps to the user's choices
        # (their blocks' images and pages too); set here, as models cannot import the form.
        ContentPage.base_form_class = ScopedAdminPageForm
        # Selects' empty choice, in the reader's language (as Django asks, set when ready).
        fields.BLANK_CHOICE_LABEL = _("Choose…")

        post_migrate.connect(signals.role_permissions_after_migrate, sender=self)
