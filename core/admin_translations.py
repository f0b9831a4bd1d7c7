"""wagtail-localize's translation views at their usual addresses, kept to what the user may
edit: another institution's page or snippet, and its translations, are a 404 (wagtail-localize
checks a page's permissions but only a snippet's type). With them, the step that sends a
finished translation of a page or snippet for review (core.translations).

config/urls.py puts these patterns before Wagtail's admin, so they answer wagtail-localize's
URLs.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.contrib import messages
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import URLPattern, URLResolver, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.auth import require_admin_access
from wagtail.admin.utils import get_latest_str
from wagtail.models import Page
from wagtail.permissions import policy_registry
from wagtail.utils.urlpatterns import decorate_urlpatterns
from wagtail_localize import wagtail_hooks as localize_hooks
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.views.submit_translations import (
    SubmitPageTranslationView,
    SubmitSnippetTranslationView,
)
from wagtail_localize.views.update_translations import UpdateTranslationsView

from core.models import User
from core.translations import TranslationNotReady, submit_for_review


def editable(request: HttpRequest, instance: Any) -> Any:
    """The page or snippet, if the user may edit it; else a 404."""
    if isinstance(instance, Page):
        allowed = instance.permissions_for_user(request.user).can_edit()
    else:
        policy = policy_registry.get_by_type(type(instance))
        allowed = (
            isinstance(instance, Model)
            and policy is not None
            and policy.instances_user_has_permission_for(request.user, "change")
            .filter(pk=instance.pk)
            .exists()
        )
    if not allowed:
        raise Http404
    return instance


def editable_translation_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def of_an_editable_instance(
        request: HttpRequest, *args: Any, translation_id: int, **kwargs: Any
    ) -> HttpResponse:
        translation = get_object_or_404(Translation, pk=translation_id)
        editable(request, translation.get_target_instance())
        return view(request, *args, translation_id=translation_id, **kwargs)

    return of_an_editable_instance


class ScopedSubmitPageTranslationView(SubmitPageTranslationView):
    def get_object(self) -> Page:
        return editable(self.request, super().get_object())


class ScopedSubmitSnippetTranslationView(SubmitSnippetTranslationView):
    def get_object(self) -> Model:
        return editable(self.request, super().get_object())


class ScopedUpdateTranslationsView(UpdateTranslationsView):
    """Syncing translations after the source changed, for the source's editors only."""

    def get_object(self) -> TranslationSource:
        source = super().get_object()
        editable(self.request, source.get_source_instance())
        return source


@require_POST
def submit_translation_for_review(request: HttpRequest, translation_id: int) -> HttpResponse:
    translation = get_object_or_404(Translation, pk=translation_id, enabled=True)
    target = editable(request, translation.get_target_instance())
    try:
        target = submit_for_review(translation, cast(User, request.user))  # admin access required
    except TranslationNotReady as reason:
        messages.error(request, str(reason))
    else:
        messages.success(
            request,
            _("“%(title)s” is waiting for review; it is published once a reviewer approves it.")
            % {"title": get_latest_str(target)},  # the words sent, not those still shown
        )
    return redirect(AdminURLFinder(request.user).get_edit_url(target))


def _translation_routes() -> list[URLPattern]:
    """wagtail-localize's own views of one translation, each kept to editable instances."""
    localize = localize_hooks.register_admin_urls()[0]
    assert isinstance(localize, URLResolver)
    return [
        path(str(pattern.pattern), editable_translation_only(pattern.callback))
        for pattern in localize.url_patterns
        if isinstance(pattern, URLPattern) and "<int:translation_id>" in str(pattern.pattern)
    ]


app_name = "translations"
urlpatterns = decorate_urlpatterns(
    [
        path("submit/page/<int:page_id>/", ScopedSubmitPageTranslationView.as_view()),
        path(
            "submit/snippet/<slug:app_label>/<slug:model_name>/<str:pk>/",
            ScopedSubmitSnippetTranslationView.as_view(),
        ),
        path("update/<int:translation_source_id>/", ScopedUpdateTranslationsView.as_view()),
        path(
            "translate/<int:translation_id>/review/",
            submit_translation_for_review,
            name="submit_for_review",
        ),
        *_translation_routes(),
    ],
    require_admin_access,
)
