from django.urls import path

from gaoxin.tracking import views, visit_views

app_name = "tracking"
urlpatterns = [
    path("projects/", views.project_list, name="projects"),
    path("projects/new/", views.project_edit, name="project_new"),
    path("projects/import/", views.project_import, name="project_import"),
    path("projects/template.xlsx", views.project_template, name="project_template"),
    path("projects/<int:pk>/", views.project_detail, name="project"),
    path("projects/<int:pk>/report/", views.report, name="report"),
    path("projects/<int:pk>/escalate/", views.escalate, name="escalate"),
    path("projects/<int:pk>/edit/", views.project_edit, name="project_edit"),
    path("escalations/", views.escalations, name="escalations"),
    path("visits/", visit_views.visit_list, name="visits"),
    path("visits/new/", visit_views.visit_new, name="visit_new"),
    path("visits/<int:pk>/", visit_views.visit_detail, name="visit"),
    path("visits/<int:pk>/record/", visit_views.visit_record, name="visit_record"),
    path("visits/<int:pk>/needs/", visit_views.visit_need, name="visit_need"),
    path("needs/", visit_views.need_list, name="needs"),
    path("needs/<int:pk>/", visit_views.need_detail, name="need"),
]
