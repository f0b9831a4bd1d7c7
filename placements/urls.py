from django.urls import path

from placements import views

app_name = "placements"

urlpatterns = [
    path("learn/placements/", views.my_placements, name="mine"),
    path("learn/placements/<int:pk>/", views.placement, name="placement"),
    path("learn/placements/<int:pk>/submit/", views.submit_hours, name="submit_hours"),
    path("learn/placements/<int:pk>/sign/", views.sign_agreement, name="sign"),
    path(
        "learn/placements/<int:pk>/self-evaluation/<str:stage>/",
        views.self_evaluate,
        name="self_evaluate",
    ),
    path("learn/placements/apply/<int:programme_pk>/", views.apply, name="apply"),
    path("supervise/<str:token>/", views.supervise, name="supervise"),
]
