"""The demo zone's 三年培育计划 targets and a peer-zone table, derived from the zone's own recognitions so the
dashboard's plan progress and ranking have something true to compare."""

from __future__ import annotations

import datetime as dt
import math

from django.db.models import Count

from gaoxin.cultivation.models import CultivationTarget
from gaoxin.dashboard.models import PeerZoneCount
from gaoxin.registry.models import TitleHeld

TITLES = ("high_tech", "innovative_sme", "srdi_sme", "little_giant")
PEERS = (("东湖高新区", 1.35), ("西山经开区", 0.8), ("南江科技园", 0.55), ("北塘新区", 1.05))
GROWTH = (1.1, 1.2, 1.3)  # targets for Y, Y+1, Y+2 against last year's new recognitions


def seed_plan(today: dt.date | None = None) -> None:
    year = (today or dt.date.today()).year
    last = dict(TitleHeld.objects.filter(title__in=TITLES, recognized_on__year=year - 1).values_list(
        "title").annotate(n=Count("enterprise", distinct=True)))
    for title in TITLES:
        base = last.get(title, 0)
        for offset, factor in enumerate(GROWTH):
            CultivationTarget.objects.get_or_create(title=title, year=year + offset,
                                                    defaults={"target_new": max(1, math.ceil(base * factor))})
        for zone, factor in PEERS:
            PeerZoneCount.objects.get_or_create(zone=zone, year=year - 1, title=title, measure="new", defaults={
                "count": round(base * factor), "source": f"演示数据（各区 {year - 1} 年新增）"})
