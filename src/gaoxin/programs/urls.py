from django.urls import path

from gaoxin.programs import competition_views, views

app_name = "programs"
urlpatterns = [
    path("", views.program_list, name="list"),
    path("<int:pk>/", views.program_detail, name="program"),
    path("new/", views.program_edit, name="program_new"),
    path("<int:pk>/edit/", views.program_edit, name="program_edit"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/answers/", views.save_answers, name="save_answers"),
    path("applications/<int:pk>/files/", views.attach, name="attach"),
    path("applications/<int:pk>/files/<int:file>/remove/", views.detach, name="detach"),
    path("applications/<int:pk>/appeals/", views.appeal, name="appeal"),
    path("applications/<int:pk>/appeals/<int:appeal>/answer/", views.appeal_answer, name="appeal_answer"),
    path("applications/<int:pk>/performance/", views.performance, name="performance"),
    path("files/<int:pk>/", views.attachment, name="attachment"),
    path("awards/<int:pk>/agreement/", views.agreement, name="agreement"),
    path("queue/", views.queue, name="queue"),
    path("<int:pk>/review/", views.program_review, name="program_review"),
    path("<int:pk>/review/draw/", views.draw_reviewers, name="draw_reviewers"),
    path("<int:pk>/review/allocate/", views.allocate, name="allocate"),
    path("reviews/<int:pk>/", views.review_detail, name="review"),
    path("<int:pk>/competition/", competition_views.competition_page, name="competition"),
    path("<int:pk>/competition/entries/", competition_views.add_entry, name="add_entry"),
    path("<int:pk>/competition/import/", competition_views.import_entries, name="import_entries"),
    path("<int:pk>/competition/prizes/", competition_views.award_prizes, name="award_prizes"),
    path("<int:pk>/register/", competition_views.register, name="register"),
    path("entries/<int:pk>/", competition_views.entry_detail, name="entry"),
    path("entries/<int:pk>/link/", competition_views.link_entry, name="link_entry"),
    path("entries/<int:pk>/prize/", competition_views.pay_prize, name="pay_prize"),
    path("entries/<int:pk>/precredit/", competition_views.record_precredit, name="record_precredit"),
    path("judgings/<int:pk>/", competition_views.judging_detail, name="judging"),
]
