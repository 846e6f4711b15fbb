"""Keeping stored verdicts honest: any change to an enterprise's data marks its verdicts stale and queues a
refresh (one queued job, however many saves)."""

from __future__ import annotations

import datetime as dt

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from gaoxin.cultivation.services import mark_stale
from gaoxin.jobs.services import enqueue
from gaoxin.registry.models import AnnualFigures, Enterprise, TitleHeld
from gaoxin.registry.signals import enterprises_changed


def _changed(enterprise_ids: list[int]) -> None:
    mark_stale(enterprise_ids)
    enqueue("evaluate", {"year": dt.date.today().year, "stale_only": True})


@receiver(enterprises_changed)
def _on_import(sender, enterprise_ids: list[int], **kwargs) -> None:
    _changed(enterprise_ids)


@receiver([post_save, post_delete], sender=AnnualFigures)
@receiver([post_save, post_delete], sender=TitleHeld)
def _on_figures_or_title(sender, instance, **kwargs) -> None:
    _changed([instance.enterprise_id])


@receiver(post_save, sender=Enterprise)
def _on_enterprise(sender, instance, created, **kwargs) -> None:
    if not created:
        _changed([instance.pk])
