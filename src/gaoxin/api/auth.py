"""Who is calling: a bearer token (`Authorization: Bearer gx_…`) or, for the browsable docs and our own pages, the
signed-in session (with Django's CSRF check on writes). Either way the request then acts as that user, so every
selector applies the same visibility rules as the pages."""

from __future__ import annotations

import functools

from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from ninja.security import HttpBearer, django_auth

from gaoxin.accounts.tokens import user_for


class TokenAuth(HttpBearer):
    openapi_description = "在“API 令牌”页面或用 `gaoxin token create` 签发；请求头 Authorization: Bearer gx_…"

    def authenticate(self, request, token: str):
        user = user_for(token)
        if user is None:
            return None
        request.user = user
        return user


AUTH = [TokenAuth(), django_auth]


def signed_in_only(view):
    """The schema and docs pages follow the site's login: a signed-in session or a valid token (a script
    fetching the schema). A browser is sent to the login page; a script gets 401."""

    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        if request.user.is_authenticated or TokenAuth()(request) is not None:
            return view(request, *args, **kwargs)
        if "text/html" in request.headers.get("Accept", ""):
            return redirect_to_login(request.get_full_path())
        return JsonResponse({"detail": "请先登录或提供 API 令牌"}, status=401)

    return guarded
