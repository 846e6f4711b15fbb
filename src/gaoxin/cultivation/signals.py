"""Keeping stored verdicts honest: any change to an enterprise's data marks its verdicts stale and queues a
refresh (one queued job, however many saves)."""

from __future__ import annotations

import datetime as dt

from django.dispatch import receiver

from gaoxin.cultivation.services import mark_stale
from gaoxin.jobs.services import enqueue
from gaoxin.registry.signals import enterprises_changed


@receiver(enterprises_changed)
def _changed(sender, enterprise_ids: list[int], **kwargs) -> None:
    mark_stale(enterprise_ids)
    enqueue("evaluate", {"year": dt.date.today().year, "stale_only": True})
