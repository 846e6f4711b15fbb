"""Login throttling: after GAOXIN_LOGIN_MAX_FAILURES failed sign-ins for one account name within the lock window
(or four times as many from one address), sign-in for that name (or from that address) is refused until the
window has passed since the latest failure. A successful sign-in clears the name's failures."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from gaoxin.accounts.models import LoginFailure


def client_ip(request) -> str:
    """The address the request came from (REMOTE_ADDR; a proxy in front must set it, not a header we trust)."""
    return request.META.get("REMOTE_ADDR", "")[:45]


def locked_for(username: str, ip: str) -> int:
    """Minutes left before this name or address may try again; 0 when it may now."""
    window = dt.timedelta(minutes=settings.GAOXIN_LOGIN_LOCK_MINUTES)
    since = timezone.now() - window
    limit = settings.GAOXIN_LOGIN_MAX_FAILURES
    recent = LoginFailure.objects.filter(at__gte=since)
    by_name = recent.filter(username=username.strip().lower()).order_by("-at")
    by_ip = recent.filter(ip=ip).order_by("-at")
    latest = None
    if by_name.count() >= limit:
        latest = by_name.first().at
    if ip and by_ip.count() >= 4 * limit:
        latest = max(latest or by_ip.first().at, by_ip.first().at)
    if latest is None:
        return 0
    left = latest + window - timezone.now()
    return max(1, int(left.total_seconds() // 60) + 1)


def failed(username: str, ip: str) -> None:
    LoginFailure.objects.create(username=username.strip().lower()[:150], ip=ip)


def succeeded(username: str) -> None:
    LoginFailure.objects.filter(username=username.strip().lower()).delete()
