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
from django.db import transaction
from django.utils import timezone

from gaoxin.accounts.scope import Scope
from gaoxin.dashboard.selectors import cockpit
from gaoxin.financing.models import Match
from gaoxin.financing.selectors import totals
from gaoxin.financing.selectors import visible_needs as financing_needs
from gaoxin.innovation.selectors import innovation_summary
from gaoxin.registry.selectors import visible_enterprises
from gaoxin.tracking.selectors import ProjectFilter, service_summary, statistics, visible_projects, with_status

VERSION_KEY = "gaoxin:data-version"


def data_changed(*_args, **_kwargs) -> None:
    """Anything the dashboard counts has changed: every snapshot is out of date. Unless switched off, a background
    job rebuilds the zone's snapshot once the change is committed, so the next leader to look rarely waits."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)
    connection = transaction.get_connection()
    if settings.GAOXIN_DASHBOARD_WARM and not any(entry[1] is _queue_warm for entry in connection.run_on_commit):
        transaction.on_commit(_queue_warm)  # one job per transaction, however many rows it saved


def _queue_warm() -> None:
    from gaoxin.jobs.services import enqueue

    enqueue("dashboard_warm", {})


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


def numbers(user, year: int) -> dict:
    """Everything the dashboard counts for this user (None: the whole zone), for one snapshot."""
    today = dt.date.today()
    return {"c": cockpit(visible_enterprises(user), year),
            "projects": statistics(with_status(visible_projects(user), ProjectFilter(year=year), today), year),
            "services": service_summary(user, year, today),
            "financing": totals(Match.objects.filter(need__in=financing_needs(user), created_at__year=year))[0],
            "innovation": innovation_summary(year) if scope_of(user) == "zone" else None}


def warm(year: int) -> dt.datetime:
    """Rebuild the zone's snapshot of `year` now (the `dashboard_warm` job)."""
    return snapshot(None, year, lambda: numbers(None, year), refresh=True)[1]
