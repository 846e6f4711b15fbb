"""The dashboard's snapshot (`core.snapshots`): what it counts, the listener that marks every snapshot out of date
when anything it counts changes, and the job's rebuild of the zone's numbers."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction

from gaoxin.core.snapshots import bump, scope_of, snapshot
from gaoxin.dashboard.selectors import cockpit
from gaoxin.financing.models import FinancingMatch
from gaoxin.financing.selectors import totals
from gaoxin.financing.selectors import visible_needs as financing_needs
from gaoxin.innovation.selectors import innovation_summary
from gaoxin.registry.selectors import visible_enterprises
from gaoxin.tracking.selectors import ProjectFilter, service_summary, statistics, visible_projects, with_status


def data_changed(*_args, **_kwargs) -> None:
    """Anything the dashboard counts has changed: every snapshot is out of date. Unless switched off, a background
    job rebuilds the zone's snapshot once the change is committed, so the next leader to look rarely waits."""
    bump()
    connection = transaction.get_connection()
    if settings.GAOXIN_DASHBOARD_WARM and not any(entry[1] is _queue_warm for entry in connection.run_on_commit):
        transaction.on_commit(_queue_warm)  # one job per transaction, however many rows it saved


def _queue_warm() -> None:
    from gaoxin.jobs.services import enqueue

    enqueue("dashboard_warm", {})


def numbers(user, year: int) -> dict:
    """Everything the dashboard counts for this user (None: the whole zone), for one snapshot."""
    today = dt.date.today()
    return {"c": cockpit(visible_enterprises(user), year),
            "projects": statistics(with_status(visible_projects(user), ProjectFilter(year=year), today), year),
            "services": service_summary(user, year, today),
            "financing": totals(FinancingMatch.objects.filter(need__in=financing_needs(user),
                                                              created_at__year=year))[0],
            "innovation": innovation_summary(year) if scope_of(user) == "zone" else None}


def warm(year: int) -> dt.datetime:
    """Rebuild the zone's snapshot of `year` now (the `dashboard_warm` job)."""
    return snapshot(None, year, lambda: numbers(None, year), refresh=True)[1]
