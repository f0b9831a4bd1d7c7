from django.urls import path

from curriculum import views

app_name = "curriculum"

urlpatterns = [
    path("materials/<int:pk>/", views.open_material, name="open_material"),
]
