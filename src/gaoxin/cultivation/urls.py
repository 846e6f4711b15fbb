from django.urls import path

from gaoxin.cultivation import views

app_name = "cultivation"
urlpatterns = [
    path("recompute/", views.recompute, name="recompute"),
    path("candidates/", views.candidate_list, name="candidates"),
    path("candidates/assign/", views.assign, name="assign"),
    path("alerts/", views.alert_list, name="alerts"),
    path("discoveries/", views.discovery_list, name="discoveries"),
    path("campaigns/", views.campaign_list, name="campaigns"),
    path("campaigns/<int:pk>/", views.campaign, name="campaign"),
    path("campaigns/<int:pk>/remind/", views.campaign_remind, name="campaign_remind"),
    path("campaigns/requests/<int:pk>/", views.campaign_answer, name="campaign_answer"),
    path("plan/", views.plan, name="plan"),
    path("plan/targets/", views.plan_target, name="plan_target"),
    path("plan/pool/", views.pool_enter, name="pool_enter"),
    path("plan/pool/<int:pk>/exit/", views.pool_exit, name="pool_exit"),
    path("report/<str:credit_code>.<str:fmt>", views.report, name="report"),
    path("reports/batch/", views.report_batch, name="report_batch"),
    path("whatif/", views.scenario_list, name="scenarios"),
    path("whatif/<int:pk>/", views.scenario, name="scenario"),
    path("whatif/<int:pk>/run/", views.scenario_run, name="scenario_run"),
]
