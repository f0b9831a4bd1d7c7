from django.urls import path

from courses import record_views, views

app_name = "courses"

urlpatterns = [
    path("learn/", views.dashboard, name="dashboard"),
    path("learn/profile/", views.profile, name="profile"),
    path("learn/offerings/<int:pk>/", views.offering, name="offering"),
    path("learn/offerings/<int:pk>/enrol/", views.enrol, name="enrol"),
    path("learn/offerings/<int:pk>/join/", views.join, name="join"),
    path(
        "learn/offerings/<int:pk>/syllabus.pdf", views.offering_syllabus, name="offering_syllabus"
    ),
    path(
        "learn/offerings/<int:pk>/sessions.ics", views.offering_calendar, name="offering_calendar"
    ),
    path("learn/sessions.ics", views.my_calendar, name="my_calendar"),
    path("learn/courses/<int:page_pk>/interest/", views.interest, name="interest"),
    path("learn/offerings/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path(
        "learn/offerings/<int:pk>/units/<str:unit_id>/studied/",
        views.mark_studied,
        name="mark_studied",
    ),
    path(
        "learn/offerings/<int:pk>/materials/<int:material_pk>/",
        views.material,
        name="material",
    ),
    path("learn/certificates/<str:number>.pdf", views.certificate_pdf, name="certificate_pdf"),
    # The trainee's certificates and continuing education (record_views).
    path("learn/certificates/", record_views.certificates, name="certificates"),
    path(
        "learn/continuing-education/",
        record_views.continuing_education,
        name="continuing_education",
    ),
    path(
        "learn/continuing-education/<int:pk>/",
        record_views.continuing_education,
        name="change_record",
    ),
    path(
        "learn/continuing-education/<int:pk>/delete/",
        record_views.delete_record,
        name="delete_record",
    ),
    path(
        "learn/continuing-education/<int:pk>/evidence/",
        record_views.record_evidence,
        name="record_evidence",
    ),
    path("verify/", views.verify, name="verify"),
    path("verify/<str:number>/", views.verify_certificate, name="verify_certificate"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
]
