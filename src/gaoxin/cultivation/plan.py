"""三年培育计划: plan against actual. The actual count of new recognitions of a title in a year comes from the
titles the registry records (recognized in that calendar year), so it moves as soon as a title is recorded."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractYear

from gaoxin.contract.titles import TITLE_BY_CODE
from gaoxin.cultivation.models import CultivationTarget, PoolEntry
from gaoxin.registry.models import Enterprise, TitleHeld
from gaoxin.registry.selectors import of_enterprises


@dataclass(frozen=True)
class Progress:
    title: str
    year: int
    target: int
    actual: int
    pool: int  # enterprises in the 培育库 for this title now

    @property
    def title_label(self) -> str:
        return TITLE_BY_CODE[self.title].label

    @property
    def percent(self) -> int:
        return round(100 * self.actual / self.target) if self.target else 0


def plan_progress(enterprises: QuerySet[Enterprise], years: range) -> list[Progress]:
    targets = CultivationTarget.objects.filter(year__in=list(years))
    actual = dict(((r["title"], r["year"]), r["n"]) for r in of_enterprises(TitleHeld.objects.filter(
        recognized_on__year__in=list(years)), enterprises).annotate(
        year=ExtractYear("recognized_on")).values("title", "year").annotate(n=Count("enterprise", distinct=True)))
    pool = dict(of_enterprises(PoolEntry.objects.filter(exited_on=None), enterprises).values_list("title").annotate(
        n=Count("pk")))
    return [Progress(t.title, t.year, t.target_new, actual.get((t.title, t.year), 0), pool.get(t.title, 0))
            for t in targets]
