from django.urls import path

from gaoxin.innovation import views

app_name = "innovation"
urlpatterns = [
    path("achievements/", views.achievement_list, name="achievements"),
    path("achievements/new/", views.achievement_new, name="achievement_new"),
    path("achievements/<int:pk>/", views.achievement_detail, name="achievement"),
    path("achievements/<int:pk>/transfer/", views.transfer, name="transfer"),
    path("achievements/<int:pk>/evaluations/", views.request_evaluation, name="request_evaluation"),
    path("evaluations/<int:pk>.<str:fmt>", views.report, name="report"),
    path("reviews/<int:pk>/", views.review_detail, name="review"),
    path("prospects/", views.prospect_list, name="prospects"),
    path("prospects/new/", views.prospect_edit, name="prospect_new"),
    path("prospects/<int:pk>/", views.prospect_edit, name="prospect"),
    path("carriers/", views.carrier_list, name="carriers"),
    path("carriers/<int:pk>/", views.carrier_detail, name="carrier"),
    path("carriers/history/import/", views.carrier_history_import, name="carrier_history_import"),
    path("carriers/history/template.xlsx", views.carrier_history_template, name="carrier_history_template"),
    path("carriers/<int:pk>/tenants/", views.admit, name="admit"),
]
