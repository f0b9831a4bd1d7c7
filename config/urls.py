"""URL map. The learning site and its accounts live under a language prefix (/es/, /zh-hans/,
/en/); the Wagtail admin, documents and images are language-neutral."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.images.views.serve import ServeView

from core.views import csp_report

urlpatterns = [
    # Wagtail's reports with formula-safe exports, answering before Wagtail's own views.
    path("admin/reports/", include("core.admin_reports")),
    # Wagtail's bulk actions, keeping to what the user may see.
    path("admin/bulk/", include("core.admin_bulk")),
    # Wagtail's page explorer, opening only at the user's own pages and the way to them.
    path("admin/", include("core.admin_pages")),
    # wagtail-localize's translation views, kept to the pages the user may edit.
    path("admin/localize/", include("core.admin_translations")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("csp-report/", csp_report, name="csp_report"),
    path(
        "images/<str:signature>/<int:image_id>/<str:filter_spec>/<str:filename>",
        ServeView.as_view(action="redirect"),
        name="wagtailimages_serve",
    ),
]

urlpatterns += i18n_patterns(
    path("accounts/", include("core.urls", namespace="account")),
    path("search/", include("search.urls", namespace="search")),
    path("", include("courses.urls", namespace="courses")),
    path("", include("curriculum.urls", namespace="curriculum")),
    path("", include("placements.urls", namespace="placements")),
    path("", include("assessment.urls", namespace="assessment")),
    # A page's file routes (`<page path><name>.pdf`, RoutablePageMixin routes such as a
    # course's syllabus.pdf) go to Wagtail's own page serving, whose catch-all takes no dot.
    re_path(r"^((?:[\w\-]+/)*[\w\-]+\.pdf)$", wagtail_views.serve),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

handler500 = "core.views.server_error"

if settings.DEBUG:
    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns
