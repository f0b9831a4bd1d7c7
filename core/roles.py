"""What each role may do with core's models; every app declares the same for its own models
in its roles.py (core.permissions.grant)."""

from core.models import Role
from core.permissions import crud, grant, grant_none

grant(Role, ["wagtailadmin.access_admin"])
grant(
    [Role.INSTITUTION_ADMIN],
    [
        "core.view_institution",
        "core.change_institution",
        "core.view_membership",
        "core.add_membership",
        "core.change_membership",
        "core.delete_membership",
        *crud("core.Term"),
    ],
)
# "Translate" (wagtail-localize) for whoever writes or reviews content: the translation is then a
# page or snippet like its source, under the same permissions and review (authorities' evaluators
# translate their indicator frameworks).
grant(
    [Role.INSTITUTION_ADMIN, Role.COURSE_AUTHOR, Role.REVIEWER, Role.EVALUATOR],
    ["wagtail_localize.submit_translation"],
)
grant_none(
    ["core.HomePage", "core.StandardPage", "core.InstitutionPage"],
    "Pages: Wagtail's page permissions on the institution's subtree (PAGE_PERMISSIONS).",
)
grant_none(
    ["core.PraxisImage", "core.PraxisRendition", "core.PraxisDocument"],
    "Images and documents: Wagtail's collection permissions (COLLECTION_PERMISSIONS).",
)
grant_none(
    ["core.Region", "core.User", "core.InstitutionGroup", "core.RenderedPdf", "core.ScheduledRun"],
    "Kept by the platform and its services: regions by its administrators, accounts by their "
    "people, role groups by provisioning, rendered PDFs by the renderer, periodic runs by the "
    "scheduler.",
)
