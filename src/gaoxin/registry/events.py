"""Signals for writes that bypass the models' own (bulk inserts and updates): listeners such as the dashboard's
snapshots learn that data changed without the writers knowing who listens."""

from django.dispatch import Signal

bulk_written = Signal()  # sent by bulk writers (evaluation, imports, the demo loader) once their work is saved
