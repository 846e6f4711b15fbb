"""Reading matches both ways: an enterprise's benefits (qualified now, nearly, the rest) with amounts, and a
benefit's qualifying enterprises and near misses with the total cost — always within what the user may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from gaoxin.benefits.models import BenefitMatch, Notice
from gaoxin.benefits.services import current_matches, match_enterprises
from gaoxin.engine.benefit import Benefit, all_benefits, benefits_in_force
from gaoxin.programs.models import Objection
from gaoxin.registry import lineage
from gaoxin.registry.models import Enterprise
from gaoxin.registry.selectors import of_enterprises, of_visible_enterprises

NEAR = 2  # a near miss lacks at most this many conditions


@dataclass
class EnterpriseBenefits:
    qualified: list[BenefitMatch]
    near: list[BenefitMatch]
    other: list[BenefitMatch]
    total: Decimal  # what the qualified ones bring, where the amount is known
    as_of: dt.date


def for_enterprise(enterprise: Enterprise, on: dt.date | None = None) -> EnterpriseBenefits:
    """政策计算器: every benefit in force for this enterprise, computed now if its rows are stale, missing, from
    other files or from an earlier day; each figure read names its source. Qualified first (largest amount
    first), then near misses (fewest conditions lacking), then the rest."""
    on = on or timezone.localdate()
    rows = list(current_matches(on).filter(enterprise=enterprise))
    if {r.benefit for r in rows} != {b.code for b in benefits_in_force(on)}:
        match_enterprises(on, [enterprise.pk])
        rows = list(BenefitMatch.objects.filter(enterprise=enterprise))
    sources = lineage.sources_of(enterprise)
    for r in rows:  # every figure a match read names its source; shown, not stored
        r.result = lineage.explained(r.result, sources)
    qualified = sorted((r for r in rows if r.verdict == "qualified"), key=lambda r: -(r.amount or 0))
    near = sorted((r for r in rows if r.verdict != "qualified" and 0 < r.unmet <= NEAR), key=lambda r: r.unmet)
    other = [r for r in rows if r not in qualified and r not in near]
    total = sum((r.amount for r in qualified if r.amount is not None), Decimal(0))
    return EnterpriseBenefits(qualified, near, other, total, on)


@dataclass
class BenefitSummary:
    benefit: Benefit
    qualified: int
    near: int
    cost: Decimal


def library(enterprises: QuerySet[Enterprise], on: dt.date | None = None) -> list[BenefitSummary]:
    """政策库: every benefit in force, with how many of these enterprises qualify or nearly do and the cost."""
    on = on or timezone.localdate()
    counts = {row["benefit"]: row for row in of_enterprises(BenefitMatch.objects.all(), enterprises).values(
        "benefit").annotate(qualified=Count("pk", filter=Q(verdict="qualified")),
                            near=Count("pk", filter=~Q(verdict="qualified") & Q(unmet__gt=0, unmet__lte=NEAR)),
                            cost=Sum("amount", filter=Q(verdict="qualified")))}
    return [BenefitSummary(b, counts.get(b.code, {}).get("qualified", 0), counts.get(b.code, {}).get("near", 0),
                           counts.get(b.code, {}).get("cost") or Decimal(0)) for b in benefits_in_force(on)]


@dataclass
class Freshness:
    outdated: int  # enterprises whose matches are missing, stale, from other files or from an earlier day
    as_of: dt.date | None  # the oldest day a stored match was computed on


def freshness(enterprises: QuerySet[Enterprise], on: dt.date | None = None) -> Freshness:
    """How current the stored matches of these enterprises are, so a list can say so and offer a refresh."""
    on = on or timezone.localdate()
    rows = of_enterprises(BenefitMatch.objects.all(), enterprises)
    current = of_enterprises(current_matches(on), enterprises).values("enterprise_id")
    outdated = enterprises.exclude(pk__in=current).count()
    oldest = rows.order_by("as_of").values_list("as_of", flat=True).first()
    return Freshness(outdated, oldest)


def matches_for(benefit: Benefit, enterprises: QuerySet[Enterprise], kind: str = "qualified") -> QuerySet[BenefitMatch]:
    """A benefit's qualifying enterprises (largest amount first) or its near misses (closest first)."""
    rows = of_enterprises(BenefitMatch.objects.filter(benefit=benefit.code), enterprises).select_related(
        "enterprise", "enterprise__park")
    if kind == "qualified":
        return rows.filter(verdict="qualified").order_by("-amount", "enterprise__name")
    return rows.exclude(verdict="qualified").filter(unmet__gt=0, unmet__lte=NEAR).order_by(
        "unmet", "gap", "enterprise__name")


def find(code: str) -> Benefit | None:
    """The version of a benefit in force today, else its latest version."""
    today = timezone.localdate()
    versions = [b for b in all_benefits() if b.code == code]
    current = [b for b in versions if b.in_force_on(today)]
    return (current or versions or [None])[-1]


def notices_for(enterprise: Enterprise) -> list[Notice]:
    return list(Notice.objects.filter(enterprise=enterprise))


def objections_for(user) -> QuerySet[Objection]:
    """Staff: every objection; an enterprise user: its enterprise's; a liaison: its park's."""
    rows = Objection.objects.filter(about="benefit_match").select_related("enterprise", "raised_by", "answered_by")
    return of_visible_enterprises(rows, user)
