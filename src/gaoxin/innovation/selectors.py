"""Reading achievements and evaluations: who sees what."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from gaoxin.accounts.scope import Scope
from gaoxin.innovation.models import Achievement, AchievementEvaluation, ExpertReview, Prospect, Tenancy
from gaoxin.innovation.scorecard import score_stored


def visible_achievements(user) -> QuerySet[Achievement]:
    """Staff: all; an enterprise user: its enterprise's and those it registered; others: none."""
    rows, scope = Achievement.objects.select_related("enterprise"), Scope.of(user)
    if scope.is_staff:
        return rows
    if scope.is_enterprise:
        return rows.filter(Q(enterprise_id=scope.enterprise_id) | Q(created_by_id=scope.user_id))
    return rows.none()


def my_reviews(user) -> QuerySet[ExpertReview]:
    return ExpertReview.objects.filter(reviewer__user=user).select_related(
        "evaluation", "evaluation__achievement").order_by("submitted_at", "pk")


@dataclass
class InnovationSummary:
    """The dashboard's 创新服务 line for one year."""

    evaluated: int
    levels: dict[str, int]
    transferred: int
    transfer_amount: Decimal
    incubating: int
    graduated: int
    prospects: int
    prospects_a: int


def innovation_summary(year: int) -> InnovationSummary:
    concluded = AchievementEvaluation.objects.filter(status="concluded", concluded_at__year=year)
    levels = dict(concluded.values_list("level").annotate(n=Count("pk")))
    moved = Achievement.objects.exclude(transfer="none").filter(transfer_on__year=year)
    end = dt.date(year, 12, 31)
    scored = [score_stored(p.indicators) for p in Prospect.objects.exclude(stage__in=("landed", "dropped"))]
    return InnovationSummary(
        evaluated=concluded.count(), levels=levels, transferred=moved.count(),
        transfer_amount=moved.aggregate(s=Sum("transfer_amount"))["s"] or Decimal(0),
        incubating=Tenancy.objects.filter(entered_on__lte=end).filter(Q(left_on=None) | Q(left_on__gt=end)).count(),
        graduated=Tenancy.objects.filter(status="graduated", left_on__year=year).count(),
        prospects=len(scored), prospects_a=sum(1 for s in scored if s.grade.startswith("A")))
