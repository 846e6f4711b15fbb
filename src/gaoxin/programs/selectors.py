"""Reading programs and applications, with who may see which."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet

from gaoxin.accounts.roles import Role, is_zone_staff, role_of
from gaoxin.programs.models import Application, Entry, Judging, Program, ReviewAssignment


def programs_for(user, today: dt.date) -> QuerySet[Program]:
    """Staff see every program with its application (or competition entry) counts; others the programs open now or
    upcoming."""
    rows = Program.objects.annotate(submitted=Count("applications", filter=~Q(applications__status__in=(
        "draft", "withdrawn")), distinct=True), entered=Count("entries", distinct=True))
    return rows if is_zone_staff(user) else rows.filter(closes_on__gte=today)


def visible_applications(user) -> QuerySet[Application]:
    """Staff: all; an enterprise user: its enterprise's; a reviewer: those assigned to them; anyone else: none."""
    rows = Application.objects.select_related("program", "enterprise")
    if is_zone_staff(user):
        return rows
    profile = getattr(user, "profile", None)
    role = role_of(user)
    if role is Role.enterprise_user and profile and profile.enterprise_id:
        return rows.filter(enterprise_id=profile.enterprise_id)
    if role is Role.reviewer:
        return rows.filter(reviews__reviewer__user=user)
    return rows.none()


def agreement_applications(user) -> QuerySet[Application]:
    """Whose award agreements `user` may download: staff all, an enterprise user its own. A reviewer scored the
    application but is no party to the agreement (amounts, tranches, obligations), so none (decision 0012)."""
    if role_of(user) is Role.reviewer:
        return Application.objects.none()
    return visible_applications(user)


def my_reviews(user) -> QuerySet[ReviewAssignment]:
    return ReviewAssignment.objects.filter(reviewer__user=user).select_related(
        "application", "application__program", "application__enterprise").order_by("submitted_at", "pk")


def awaiting_check(user) -> QuerySet[Application]:
    return visible_applications(user).filter(status="submitted").order_by("submitted_at")


def my_judgings(user) -> QuerySet[Judging]:
    """A judge's own competition assignments; nobody else's."""
    return Judging.objects.filter(reviewer__user=user).select_related(
        "entry", "round", "round__program").order_by("submitted_at", "pk")


def visible_entries(user) -> QuerySet[Entry]:
    """Staff: all; a team: the entries its user registered or its enterprise holds. Judges read an entry only on
    their scoring page."""
    rows = Entry.objects.select_related("program", "enterprise")
    if is_zone_staff(user):
        return rows
    profile = getattr(user, "profile", None)
    mine = Q(registered_by=user)
    if role_of(user) is Role.enterprise_user and profile and profile.enterprise_id:
        mine |= Q(enterprise_id=profile.enterprise_id)
    return rows.filter(mine)
