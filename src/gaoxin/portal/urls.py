from django.urls import path

from gaoxin.portal import views

app_name = "portal"

urlpatterns = [
    path("enterprises/<str:credit_code>/", views.enterprise_page, name="enterprise"),
    path("programs/reviews/", views.review_list, name="reviews"),
]
