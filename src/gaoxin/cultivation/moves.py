"""梯度培育's moves on the one URL of `workflow.moves`: 主动发现 followed up or dismissed with a note; a 调查排摸
closed or reopened."""

from __future__ import annotations

from django.urls import reverse

from gaoxin.cultivation.machines import CAMPAIGN, DISCOVERY
from gaoxin.cultivation.models import Campaign, Discovery
from gaoxin.workflow.moves import place

place(DISCOVERY, rows=lambda scope: Discovery.objects.filter(enterprise__in=scope.enterprises()),
      back=lambda d: reverse("cultivation:discoveries"), plain=("follow", "dismiss", "reopen"))
place(CAMPAIGN, rows=lambda scope: Campaign.objects.all() if scope.is_staff else Campaign.objects.none(),
      back=lambda c: reverse("cultivation:campaign", args=[c.pk]), plain=("close", "reopen"))
