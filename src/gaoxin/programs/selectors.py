"""Reading programs and applications, with who may see which."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet

from gaoxin.accounts.scope import Scope
from gaoxin.programs.models import Application, Entry, Judging, Program, ReviewAssignment


def programs_for(user, today: dt.date) -> QuerySet[Program]:
    """Staff see every program with its application (or competition entry) counts; others the programs open now or
    upcoming."""
    rows = Program.objects.annotate(submitted=Count("applications", filter=~Q(applications__status__in=(
        "draft", "withdrawn")), distinct=True), entered=Count("entries", distinct=True))
    return rows if Scope.of(user).is_staff else rows.filter(closes_on__gte=today)


def visible_applications(user) -> QuerySet[Application]:
    """Staff: all; an enterprise user: its enterprise's; a reviewer: those assigned to them; anyone else: none."""
    rows, scope = Application.objects.select_related("program", "enterprise"), Scope.of(user)
    if scope.is_reviewer:
        return rows.filter(pk__in=scope.reviewed_applications().values("pk"))
    return scope.of_enterprises(rows, liaison=False)


def agreement_applications(user) -> QuerySet[Application]:
    """Whose award agreements `user` may download: staff all, an enterprise user its own. A reviewer scored the
    application but is no party to the agreement (amounts, tranches, obligations), so none (decision 0012)."""
    scope = Scope.of(user)
    return scope.of_enterprises(Application.objects.select_related("program", "enterprise"), liaison=False)


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
    rows, scope = Entry.objects.select_related("program", "enterprise"), Scope.of(user)
    if scope.is_staff:
        return rows
    mine = Q(registered_by_id=scope.user_id) if scope.user_id else Q(pk__in=[])
    if scope.is_enterprise:
        mine |= Q(enterprise_id=scope.enterprise_id)
    return rows.filter(mine)
