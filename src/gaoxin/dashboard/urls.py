from django.urls import path

from gaoxin.dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("", views.index, name="index"),
    path("enterprises/", views.drill_list, name="drill"),
    path("peers/import/", views.peer_import, name="peer_import"),
]
