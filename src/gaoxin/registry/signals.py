"""One signal for "these enterprises' data changed", whoever changed it: an import (bulk writes, sent once it
commits) or a saved enterprise, year of figures or title (sent from the model signals below). Stored results
derived from that data (verdicts, benefit matches) listen to it alone."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver

# enterprise_ids: the enterprises whose data was created or changed
enterprises_changed = Signal()


def _send(sender, enterprise_ids: list[int]) -> None:
    enterprises_changed.send(sender=sender, enterprise_ids=enterprise_ids)


@receiver([post_save, post_delete], sender="registry.AnnualFigures")
@receiver([post_save, post_delete], sender="registry.TitleHeld")
def _on_figures_or_title(sender, instance, **kwargs) -> None:
    _send(sender, [instance.enterprise_id])


@receiver(post_save, sender="registry.Enterprise")
def _on_enterprise(sender, instance, created, **kwargs) -> None:
    if not created:
        _send(sender, [instance.pk])
