"""wagtail-localize's translation views at their usual addresses, kept to the pages the user may
edit (another institution's page is a 404), and the step that sends a finished translation for
review (core.translations).

config/urls.py puts these patterns before Wagtail's admin, so they answer wagtail-localize's
URLs. Its other views already check the page's permissions.
"""

from typing import Any, cast

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin.auth import require_admin_access
from wagtail.models import Page
from wagtail.utils.urlpatterns import decorate_urlpatterns
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.views.submit_translations import SubmitPageTranslationView
from wagtail_localize.views.update_translations import UpdateTranslationsView

from core.models import User
from core.translations import TranslationNotReady, submit_for_review


def editable_page(request: HttpRequest, page: Any) -> Page:
    if not isinstance(page, Page) or not page.permissions_for_user(request.user).can_edit():
        raise Http404
    return page


class ScopedSubmitPageTranslationView(SubmitPageTranslationView):
    def get_object(self) -> Page:
        return editable_page(self.request, super().get_object())


class ScopedUpdateTranslationsView(UpdateTranslationsView):
    """Syncing translated pages after the source changed, for the source's editors only."""

    def get_object(self) -> TranslationSource:
        source = super().get_object()
        editable_page(self.request, source.get_source_instance())
        return source


@require_POST
def submit_translation_for_review(request: HttpRequest, translation_id: int) -> HttpResponse:
    translation = get_object_or_404(Translation, pk=translation_id, enabled=True)
    page = editable_page(request, translation.get_target_instance())
    try:
        page = submit_for_review(translation, cast(User, request.user))  # admin access required
    except TranslationNotReady as reason:
        messages.error(request, str(reason))
    else:
        messages.success(
            request,
            _("“%(title)s” is waiting for review; it is published once a reviewer approves it.")
            % {"title": page.get_admin_display_title()},
        )
    return redirect("wagtailadmin_pages:edit", page.pk)


app_name = "translations"
urlpatterns = decorate_urlpatterns(
    [
        path(
            "submit/page/<int:page_id>/",
            ScopedSubmitPageTranslationView.as_view(),
        ),
        path(
            "update/<int:translation_source_id>/",
            ScopedUpdateTranslationsView.as_view(),
        ),
        path(
            "translate/<int:translation_id>/review/",
            submit_translation_for_review,
            name="submit_for_review",
        ),
    ],
    require_admin_access,
)
