from django.urls import path

from gaoxin.programs import competition_views, views

app_name = "programs"
urlpatterns = [
    path("", views.program_list, name="list"),
    path("<int:pk>/", views.program_detail, name="program"),
    path("new/", views.program_edit, name="program_new"),
    path("<int:pk>/edit/", views.program_edit, name="program_edit"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("files/<int:pk>/", views.attachment, name="attachment"),
    path("awards/<int:pk>/agreement/", views.agreement, name="agreement"),
    path("queue/", views.queue, name="queue"),
    path("<int:pk>/review/", views.program_review, name="program_review"),
    path("reviews/<int:pk>/", views.review_detail, name="review"),
    path("<int:pk>/competition/", competition_views.competition_page, name="competition"),
    path("<int:pk>/register/", competition_views.register, name="register"),
    path("entries/<int:pk>/", competition_views.entry_detail, name="entry"),
    path("judgings/<int:pk>/", competition_views.judging_detail, name="judging"),
]
