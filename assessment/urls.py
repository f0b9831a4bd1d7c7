from django.urls import path, register_converter

from assessment import views


class ReportFormat:
    regex = "pdf|csv|xlsx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ReportFormat, "report_format")

app_name = "assessment"

urlpatterns = [
    path("learn/offerings/<int:pk>/evaluation/", views.answer_evaluation, name="answer_evaluation"),
    path("learn/quality/", views.quality_reports, name="reports"),
    path(
        "learn/quality/<int:pk>/report.<report_format:extension>",
        views.quality_report,
        name="report",
    ),
]
