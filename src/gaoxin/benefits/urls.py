from django.urls import path

from gaoxin.benefits import views

app_name = "benefits"
urlpatterns = [
    path("", views.library, name="library"),
    path("mine/", views.mine, name="mine"),
    path("refresh/", views.refresh, name="refresh"),
    path("objections/", views.objections, name="objections"),
    path("objections/<int:pk>/answer/", views.answer, name="answer"),
    path("object/", views.raise_objection, name="object"),
    path("enterprise/<str:credit_code>/", views.enterprise, name="enterprise"),
    path("runs/<int:pk>/", views.run_detail, name="run"),
    path("<slug:code>/", views.detail, name="detail"),
    path("<slug:code>/notify/", views.notify, name="notify"),
    path("<slug:code>/run/", views.run_start, name="run_start"),
    path("<slug:code>/whatif/", views.whatif, name="whatif"),
]
