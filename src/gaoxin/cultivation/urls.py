from django.urls import path

from gaoxin.cultivation import views

app_name = "cultivation"
urlpatterns = [
    path("recompute/", views.recompute, name="recompute"),
    path("candidates/", views.candidate_list, name="candidates"),
    path("candidates/assign/", views.assign, name="assign"),
    path("alerts/", views.alert_list, name="alerts"),
    path("plan/", views.plan, name="plan"),
    path("plan/edit/", views.plan_edit, name="plan_edit"),
    path("report/<str:credit_code>.<str:fmt>", views.report, name="report"),
    path("reports/batch/", views.report_batch, name="report_batch"),
    path("whatif/", views.scenario_list, name="scenarios"),
    path("whatif/<int:pk>/", views.scenario, name="scenario"),
]
