"""Admin screens for running offerings: the offerings with their sessions and each one's
workspace (`offerings.py`, `workspace.py`); trainees, certificates and the continuing-education
ledger with its rules, and who waits for a course's next edition, each in a module of its
own. The Teaching menu groups them."""

from django.utils.translation import gettext_lazy
from wagtail.admin.viewsets.base import ViewSetGroup

from courses.admin.certificates import CertificateViewSet
from courses.admin.interest import InterestViewSet
from courses.admin.ledger import LedgerViewSet, RuleViewSet
from courses.admin.offerings import OfferingViewSet
from courses.admin.trainees import TraineeViewSet


class TeachingGroup(ViewSetGroup):
    menu_label = gettext_lazy("Teaching")
    menu_icon = "date"
    menu_order = 160
    items = (
        OfferingViewSet("offerings"),
        TraineeViewSet("trainees"),
        CertificateViewSet("certificates"),
        LedgerViewSet("continuing-education"),
        RuleViewSet("continuing-education-rules"),
        InterestViewSet("course-interest"),
    )
