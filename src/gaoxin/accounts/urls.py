from django.contrib.auth import views as auth_views
from django.urls import path

from gaoxin.accounts import views
from gaoxin.accounts.login import GuardedLoginView

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", GuardedLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/api-tokens/", views.api_tokens, name="api_tokens"),
]
