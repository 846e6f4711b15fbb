"""Keeping matches honest: a change to an enterprise's data marks its matches stale and queues one refresh."""

from __future__ import annotations

from django.dispatch import receiver

from gaoxin.benefits.services import mark_stale
from gaoxin.jobs.services import enqueue
from gaoxin.registry.signals import enterprises_changed


@receiver(enterprises_changed)
def _changed(sender, enterprise_ids: list[int], **kwargs) -> None:
    mark_stale(enterprise_ids)
    enqueue("match_benefits", {"stale_only": True})
