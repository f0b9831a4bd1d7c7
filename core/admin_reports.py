"""Wagtail's own reports (site history, locked and aging pages, workflows, page types) at their
usual addresses, with exports escaped like Praxis's own: a cell never starts a formula.

config/urls.py puts these patterns before Wagtail's admin, so they answer Wagtail's URLs; each
view is a subclass of Wagtail's with `FormulaSafeExportMixin`, otherwise unchanged, and wrapped
as Wagtail wraps its admin's views: admin access required, its 404 page, never cached.
"""

from django.urls import path
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.urls import display_custom_404, reports
from wagtail.utils.urlpatterns import decorate_urlpatterns

from core.spreadsheets import FormulaSafeExportMixin


def formula_safe(view):
    view_class = view.view_class
    safe_class = type(view_class.__name__, (FormulaSafeExportMixin, view_class), {})
    return safe_class.as_view(**view.view_initkwargs)


urlpatterns = [
    path(str(report.pattern), formula_safe(report.callback)) for report in reports.urlpatterns
]
for decorator in (require_admin_access, display_custom_404, never_cache):
    urlpatterns = decorate_urlpatterns(urlpatterns, decorator)
