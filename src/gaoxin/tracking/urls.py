from django.urls import path

from gaoxin.tracking import views

app_name = "tracking"
urlpatterns = [
    path("projects/", views.project_list, name="projects"),
    path("projects/new/", views.project_edit, name="project_new"),
    path("projects/<int:pk>/", views.project_detail, name="project"),
    path("projects/<int:pk>/edit/", views.project_edit, name="project_edit"),
    path("escalations/", views.escalations, name="escalations"),
]
