from django.urls import path

from gaoxin.financing import views

app_name = "financing"
urlpatterns = [
    path("", views.index, name="index"),
    path("products/new/", views.product_edit, name="product_new"),
    path("products/<int:pk>/", views.product_detail, name="product"),
    path("products/<int:pk>/edit/", views.product_edit, name="product_edit"),
    path("needs/", views.need_list, name="needs"),
    path("needs/<int:pk>/", views.need_detail, name="need"),
    path("needs/<int:pk>/refer/<int:product>/", views.refer, name="refer"),
    path("totals/", views.totals_page, name="totals"),
]
