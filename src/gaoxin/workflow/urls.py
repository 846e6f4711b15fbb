from django.urls import path

from gaoxin.workflow import views

app_name = "workflow"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("read/", views.read_all, name="read_all"),
    path("<slug:machine>/<int:pk>/<slug:action>/", views.move, name="move"),
]
