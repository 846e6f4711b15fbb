"""主动发现's moves on the one URL of `workflow.moves`: plain moves with the note of what was done or why not."""

from __future__ import annotations

from django.urls import reverse

from gaoxin.cultivation.machines import DISCOVERY
from gaoxin.cultivation.models import Discovery
from gaoxin.workflow.moves import place

place(DISCOVERY, rows=lambda scope: Discovery.objects.filter(enterprise__in=scope.enterprises()),
      back=lambda d: reverse("cultivation:discoveries"), plain=("follow", "dismiss", "reopen"))
