"""Numbers computed once per scope (the zone, or one park) and year, then served from the cache until the data
changes or a few minutes pass, whichever is first; the page says when they were computed and offers 刷新.

"The data changed" is a version token that `bump()` replaces: the dashboard bumps it on the saves and deletes of
every model it reads and after the bulk writers (evaluation, imports, the demo loader) that bypass signals. The
time limit bounds what a missed change can cost; with several web processes and no shared cache (REDIS_URL unset)
it is also how the other processes catch up.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from gaoxin.accounts.scope import Scope

VERSION_KEY = "gaoxin:data-version"


def bump() -> None:
    """Every snapshot is now out of date."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def _version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(VERSION_KEY, version, None)
        version = cache.get(VERSION_KEY, version)
    return version


def scope_of(user) -> str:
    """Whose numbers: the whole zone for staff (and for the warming job, `None`), one park for its liaison (the
    only readers of the dashboard)."""
    scope = Scope.of(user)
    return f"park-{scope.park_id}" if scope.is_liaison else "zone"


def snapshot(user, year: int, build: Callable[[], Any], refresh: bool = False,
             name: str = "cockpit") -> tuple[Any, dt.datetime]:
    """(value, computed at) for this user's scope and year; `refresh` recomputes. `name` keeps other pages'
    numbers (the 动态管理 counts) apart from the dashboard's, under the same data version.

    A snapshot computed under an older data version is still served for `GAOXIN_DASHBOARD_LAG` seconds after it
    was computed (the page shows when): under a stream of edits the numbers are recomputed at most that often
    per scope, instead of on every view after every edit. 刷新 always recomputes."""
    key = f"gaoxin:{name}:{scope_of(user)}:{year}:{timezone.localdate()}"
    version = _version()
    stored = None if refresh else cache.get(key)
    if stored is not None:
        stored_version, value, at = stored
        lag = (timezone.now() - at).total_seconds()
        if stored_version == version or lag < settings.GAOXIN_DASHBOARD_LAG:
            return value, at
    value, at = build(), timezone.now()
    cache.set(key, (version, value, at), settings.GAOXIN_DASHBOARD_SECONDS)
    return value, at
