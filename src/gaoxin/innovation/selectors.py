"""Reading achievements and evaluations: who sees what."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from gaoxin.accounts.roles import Role, is_zone_staff, role_of
from gaoxin.innovation.models import Achievement, ExpertReview


def visible_achievements(user) -> QuerySet[Achievement]:
    """Staff: all; an enterprise user: its enterprise's and those it registered; others: none."""
    rows = Achievement.objects.select_related("enterprise")
    if user is None or is_zone_staff(user):
        return rows
    profile = getattr(user, "profile", None)
    if role_of(user) is Role.enterprise_user and profile and profile.enterprise_id:
        return rows.filter(Q(enterprise_id=profile.enterprise_id) | Q(created_by=user))
    return rows.none()


def my_reviews(user) -> QuerySet[ExpertReview]:
    return ExpertReview.objects.filter(reviewer__user=user).select_related(
        "evaluation", "evaluation__achievement").order_by("submitted_at", "pk")
