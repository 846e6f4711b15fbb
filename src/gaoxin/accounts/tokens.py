"""Issuing, checking and revoking REST API tokens.

A token is `gx_` + 40 random URL-safe characters. The database keeps its SHA-256 digest only (a token is as good as
a password, but random enough that a fast digest cannot be guessed back), so a stolen backup yields no usable
token. Checking a token is one indexed lookup; the "last used" time is written at most once a minute so a busy
client does not turn every read into a write.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.utils import timezone
from django.utils.translation import gettext

from gaoxin.accounts.models import ApiToken

PREFIX = "gx_"
MAX_DAYS = 366
TOUCH_EVERY = dt.timedelta(minutes=1)


def _digest(plain: str) -> str:
    return hashlib.sha256(plain.encode()).hexdigest()


def issue(user, name: str, days: int | None = 90) -> tuple[ApiToken, str]:
    """A new token for `user`, valid `days` days (None: until revoked); returns the record and the only copy of
    the token text."""
    name = name.strip()
    if not name:
        raise ValueError(gettext("请填写令牌用途"))
    if days is not None and not 1 <= days <= MAX_DAYS:
        raise ValueError(gettext("有效天数应在 1–{MAX_DAYS} 之间").format(MAX_DAYS=MAX_DAYS))
    plain = PREFIX + secrets.token_urlsafe(30)
    expires = timezone.now() + dt.timedelta(days=days) if days else None
    token = ApiToken.objects.create(user=user, name=name[:100], prefix=plain[:10], digest=_digest(plain),
                                    expires_at=expires)
    return token, plain


def user_for(plain: str):
    """The active user a token acts for, or None when the token is unknown, revoked or expired."""
    if not plain.startswith(PREFIX) or len(plain) > 200:
        return None
    token = ApiToken.objects.select_related("user").filter(digest=_digest(plain), revoked_at=None).first()
    now = timezone.now()
    if token is None or not token.user.is_active or (token.expires_at and token.expires_at <= now):
        return None
    if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def revoke(user, pk: int) -> ApiToken:
    """Revoke one of the user's own tokens (a token of someone else is not found)."""
    token = ApiToken.objects.get(pk=pk, user=user)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def tokens_of(user):
    """The user's tokens, newest first, revoked ones included (so the list says what happened)."""
    return ApiToken.objects.filter(user=user)
