"""Signals the registry sends about bulk changes that model signals don't see (imports use bulk writes)."""

from django.dispatch import Signal

# sent after an import commits, with enterprise_ids: the enterprises whose data it created or changed
enterprises_changed = Signal()
