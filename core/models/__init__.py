from .logs import ScopedModelLogEntry
from .media import PraxisDocument, PraxisImage, PraxisRendition
from .pages import HomePage, InstitutionPage, StandardPage
from .pdfs import RenderedPdf
from .scheduling import ScheduledRun
from .tenancy import Institution, InstitutionGroup, Membership, Region, Role
from .terms import Term
from .users import User

__all__ = [
    "HomePage",
    "Institution",
    "InstitutionGroup",
    "InstitutionPage",
    "Membership",
    "PraxisDocument",
    "PraxisImage",
    "PraxisRendition",
    "Region",
    "RenderedPdf",
    "Role",
    "ScheduledRun",
    "ScopedModelLogEntry",
    "StandardPage",
    "Term",
    "User",
]
