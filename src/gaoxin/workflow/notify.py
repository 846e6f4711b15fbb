"""Notifications through one call, `notify(users, message, link)`, over pluggable channels.

The in-app channel writes a `Notification`; others (email, SMS) register with `channel(name)` and are switched
on by GAOXIN_NOTIFY_CHANNELS (comma-separated names, default "inapp"). A channel that fails is logged and does
not stop the others or the transition that sent the message.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from django.conf import settings

from gaoxin.workflow.models import Notification

log = logging.getLogger(__name__)
Send = Callable[[list, str, str], None]
CHANNELS: dict[str, Send] = {}


def channel(name: str):
    def register(fn: Send) -> Send:
        CHANNELS[name] = fn
        return fn
    return register


@channel("inapp")
def in_app(users: list, message: str, link: str) -> None:
    Notification.objects.bulk_create(Notification(user=u, message=message[:500], link=link[:300]) for u in users)


def notify(users: Iterable, message: str, link: str = "") -> None:
    """Send `message` to each distinct user through every enabled channel."""
    unique = list({u.pk: u for u in users if u is not None}.values())
    if not unique:
        return
    for name in enabled():
        try:
            CHANNELS[name](unique, message, link)
        except Exception:  # one channel's outage must not lose the others or the transition
            log.exception("notification channel %s failed", name)


def enabled() -> list[str]:
    names = [n.strip() for n in getattr(settings, "GAOXIN_NOTIFY_CHANNELS", "inapp").split(",") if n.strip()]
    unknown = [n for n in names if n not in CHANNELS]
    if unknown:
        raise ValueError(f"unknown notification channels: {', '.join(unknown)}")
    return names
