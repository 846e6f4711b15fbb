"""The dashboard's numbers as a snapshot: computed once per scope (the zone, or one park) and year, then served
from the cache until the data changes or a few minutes pass, whichever is first. The page says when the numbers
were computed and offers 刷新, which recomputes at once.

"The data changed" is a version token bumped by the saves and deletes of every model the dashboard reads and by
the bulk writers (evaluation, imports, the demo loader) that bypass signals. The time limit bounds what a missed
change can cost; with several web processes and no shared cache (REDIS_URL unset) it is also how the other
processes catch up.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from gaoxin.accounts.roles import Role, role_of

VERSION_KEY = "gaoxin:data-version"


def data_changed(*_args, **_kwargs) -> None:
    """Anything the dashboard counts has changed: every snapshot is out of date."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def _version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(VERSION_KEY, version, None)
        version = cache.get(VERSION_KEY, version)
    return version


def scope_of(user) -> str:
    """Whose numbers: the whole zone for staff, one park for its liaison (the only readers of the dashboard)."""
    profile = getattr(user, "profile", None)
    if role_of(user) is Role.park_liaison and profile is not None:
        return f"park-{profile.park_id}"
    return "zone"


def snapshot(user, year: int, build: Callable[[], Any], refresh: bool = False) -> tuple[Any, dt.datetime]:
    """(value, computed at) for this user's scope and year; `refresh` recomputes."""
    key = f"gaoxin:cockpit:{scope_of(user)}:{year}:{timezone.localdate()}:{_version()}"
    stored = None if refresh else cache.get(key)
    if stored is None:
        stored = (build(), timezone.now())
        cache.set(key, stored, settings.GAOXIN_DASHBOARD_SECONDS)
    return stored
