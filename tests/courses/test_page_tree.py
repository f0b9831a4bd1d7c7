"""Wagtail's own page test case: where courses, catalogs and plans may be created, and a course
created through the editor's form with the form-data helpers."""

from django.utils import translation
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from core.models import HomePage, InstitutionPage, StandardPage
from courses.models import CourseIndexPage, CoursePage
from curriculum.models import ServiceField, TrainingTier
from plans.models import CurriculumPlanPage
from tests import factories


class CoursePageTreeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.institution = factories.institution(name="Universidad Gamma")

    def setUp(self):
        # Wagtail's self.login() signs in without a request, which django-axes refuses.
        self.client.force_login(factories.user(is_superuser=True, is_staff=True))

    def test_where_each_page_type_may_be_created(self):
        self.assertAllowedParentPageTypes(CoursePage, {InstitutionPage})
        self.assertAllowedParentPageTypes(CourseIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(CurriculumPlanPage, {HomePage, InstitutionPage})
        self.assertCanNotCreateAt(HomePage, CoursePage)
        self.assertCanNotCreateAt(StandardPage, CoursePage)

    def test_a_course_is_created_through_the_editor_form(self):
        unit = {
            "title": "Ética en la práctica",
            "objectives": streamfield([]),
            "topics": streamfield([]),
            "activities": streamfield([]),
            "readings": streamfield([]),
            "theory_hours": "6",
            "practice_hours": "4",
            "supervision_hours": "2",
            "materials": streamfield([]),
        }
        data = nested_form_data(
            {
                "title": "Ética profesional aplicada",
                "slug": "etica-aplicada",
                "code": "TS-150",
                "credits": "2",
                "pass_mark": "60",
                "attendance_threshold": "80",
                "summary": "Dilemas éticos de la práctica cotidiana.",
                "service_fields": (ServiceField.objects.get(code="social-welfare").pk,),
                "tier": TrainingTier.objects.get(code="formal-education").pk,
                "professional_level": "",
                "teaching_language": "es",
                "delivery_mode": "in-person",
                "prerequisites": "",
                "outcomes": inline_formset([{"text": "Resolver un dilema ético"}], min=1),
                "units": streamfield([("unit", unit)]),
                "assessment": streamfield(
                    [("component", {"name": "Ensayo", "method": "essay", "weight": "100"})]
                ),
                "readings": streamfield([]),
                "materials": streamfield([]),
            }
        )
        with translation.override("en"):
            self.assertCanCreate(self.institution.root_page, CoursePage, data)
        course = CoursePage.objects.get(code="TS-150", locale__language_code="es")
        self.assertEqual(course.hours["total"], 12)
        # assertPageIsRoutable would route the /es/ language prefix as a page slug.
        self.assertPageIsRenderable(course)
        self.assertEqual(self.client.get(course.url).status_code, 200)
