"""After the money: yearly follow-up reports pre-filled from the registry, the performance evaluation (绩效评价)
and each program's outcome statistics — including whether funded enterprises climbed the ladder more often than
the applicants that were not funded (the natural comparison group: same program, same year, same screening).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext

from gaoxin.accounts.scope import Scope
from gaoxin.contract.titles import TITLE_BY_CODE
from gaoxin.core.commands import parse
from gaoxin.programs.forms import PerformanceCommand
from gaoxin.programs.machines import FOLLOWUP
from gaoxin.programs.models import Application, Award, FollowUpReport, Payment, Program
from gaoxin.registry import audit
from gaoxin.registry.models import AnnualFigures, TitleHeld, held_on
from gaoxin.workflow.machine import IllegalTransition, advance

GRADES = ((Decimal(90), "优秀"), (Decimal(75), "良好"), (Decimal(60), "合格"), (Decimal(0), "不合格"))


def schedule_followups(award: Award) -> list[FollowUpReport]:
    """One report for each of the program's follow-up years, due 31 March of the year after."""
    first = award.decided_at.year if award.decided_at else timezone.localdate().year
    return [FollowUpReport.objects.get_or_create(award=award, year=y, defaults={"due_on": dt.date(y + 1, 3, 31)})[0]
            for y in range(first, first + award.application.program.followup_years)]


def prefill(report: FollowUpReport) -> dict:
    """The registry's figures of the report's year, as the form's starting values (strings, as typed)."""
    figures = AnnualFigures.objects.filter(enterprise=report.award.application.enterprise, year=report.year).first()
    return {code: "" if figures is None or getattr(figures, code) is None else str(getattr(figures, code))
            for code in FollowUpReport.FIGURES}


def submit_followup(report: FollowUpReport, by, values, progress: str) -> FollowUpReport:
    figures = {}
    for code in FollowUpReport.FIGURES:
        raw = (values.get(code) or "").strip().replace(",", "")
        try:
            figures[code] = str(Decimal(raw)) if raw else ""
        except ArithmeticError:
            raise IllegalTransition(gettext("“{code}”应为数字").format(code=code)) from None
    if not progress.strip():
        raise IllegalTransition(gettext("请填写项目进展"))

    def keep(locked: FollowUpReport) -> None:
        locked.figures, locked.progress, locked.submitted_at = figures, progress.strip(), timezone.now()

    return advance(FOLLOWUP, report, "submit", by, change=keep)


def evaluate_performance(award: Award, by, data) -> Award:
    """绩效评价 (`PerformanceCommand`): a 0–100 score and its grade (优秀 ≥ 90, 良好 ≥ 75, 合格 ≥ 60), after the
    award is completed or its follow-up reports are in. Staff only."""
    Scope.of(by).require("programs.manage", award)
    values = parse(PerformanceCommand, data)
    if award.status not in ("signed", "completed"):
        raise ValueError(gettext("签订协议后方可进行绩效评价"))
    value = values["score"].quantize(Decimal("0.01"))
    award.performance_score, award.performance_comment = value, values["comment"].strip()
    award.performance_grade = next(grade for floor, grade in GRADES if value >= floor)
    with transaction.atomic():
        award.save(update_fields=["performance_score", "performance_grade", "performance_comment"])
        audit.created(by, award, ("performance_score", "performance_grade", "performance_comment"),
                      action="update", enterprise=award.application.enterprise)
    return award


@dataclass
class Climb:
    group: str
    enterprises: int
    climbed: dict[str, int]  # "1", "2", "3" years after the decision → enterprises on a higher rung by then


@dataclass
class Outcome:
    applications: int
    awarded: int
    committed: Decimal
    paid: Decimal
    reports_due: int
    reports_in: int
    grades: dict[str, int]
    climbs: list[Climb]


def outcome(program: Program, today: dt.date | None = None) -> Outcome:
    today = today or timezone.localdate()
    applications = program.applications.exclude(status__in=("draft", "withdrawn"))
    awards = Award.objects.filter(application__program=program).exclude(status="cancelled")
    paid = Payment.objects.filter(tranche__award__in=awards).aggregate(s=Sum("amount"))["s"] or Decimal(0)
    reports = FollowUpReport.objects.filter(award__in=awards)
    funded = [a.application for a in awards.select_related("application")]
    unfunded = list(applications.filter(status="rejected"))
    return Outcome(
        applications=applications.count(), awarded=awards.count(),
        committed=awards.aggregate(s=Sum("amount"))["s"] or Decimal(0), paid=paid,
        reports_due=reports.filter(due_on__lte=today).count(),
        reports_in=reports.filter(status__in=("submitted", "accepted")).count(),
        grades=dict(awards.exclude(performance_grade="").values_list("performance_grade").annotate(n=Count("pk"))),
        climbs=[_climb("获得支持", funded, program, today), _climb("申报未获支持", unfunded, program, today)])


def _climb(group: str, applications: list[Application], program: Program, today: dt.date) -> Climb:
    """How many of these applicants held a higher rung 1, 2 and 3 years after the program's decision than on it
    (only horizons that have already passed are counted)."""
    start = dt.date(program.year, program.closes_on.month, program.closes_on.day)
    ids = [a.enterprise_id for a in applications]
    before = _top_rungs(ids, start)
    climbed = {}
    for years in (1, 2, 3):
        then = start.replace(year=start.year + years)
        if then > today:
            break
        after = _top_rungs(ids, then)
        climbed[str(years)] = sum(after.get(e, 0) > before.get(e, 0) for e in ids)
    return Climb(group, len(ids), climbed)


def _top_rungs(enterprise_ids: list[int], on: dt.date) -> dict[int, int]:
    tops: dict[int, int] = {}
    rows = TitleHeld.objects.filter(held_on(on), enterprise_id__in=enterprise_ids).values_list("enterprise_id",
                                                                                               "title")
    for enterprise_id, title in rows:
        tops[enterprise_id] = max(tops.get(enterprise_id, 0), TITLE_BY_CODE[title].rung)
    return tops
