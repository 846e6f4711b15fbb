from django.urls import path

from gaoxin.programs import views

app_name = "programs"
urlpatterns = [
    path("", views.program_list, name="list"),
    path("<int:pk>/", views.program_detail, name="program"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("files/<int:pk>/", views.attachment, name="attachment"),
    path("queue/", views.queue, name="queue"),
]
