"""Who is calling: a bearer token (`Authorization: Bearer gx_…`) or, for the browsable docs and our own pages, the
signed-in session (with Django's CSRF check on writes). Either way the request then acts as that user, so every
selector applies the same visibility rules as the pages."""

from __future__ import annotations

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
