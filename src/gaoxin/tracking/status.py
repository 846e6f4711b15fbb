"""红黄绿: a project's colour and every reason for it, from the rules in `status_rules.yaml`.

A colour is computed, never stored, so it is always the rules of today applied to the figures of today. Projects
are a few hundred per zone, so this runs per project; the statistics count colours over the computed list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

import yaml

from gaoxin.months import add_months
from gaoxin.tracking.models import MajorProject

COLOURS = ("green", "yellow", "red")
COLOUR_LABELS = {"green": "绿", "yellow": "黄", "red": "红"}
NEXT = {"negotiating": ("signed", "signed_by", "签约"), "signed": ("started", "started_by", "开工"),
        "started": ("in_operation", "in_operation_by", "投产/落地")}


@cache
def rules() -> dict:
    return yaml.safe_load((Path(__file__).with_name("status_rules.yaml")).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Reason:
    rule: str
    label: str
    colour: str
    detail: str


@dataclass(frozen=True)
class Status:
    colour: str
    reasons: tuple[Reason, ...]

    @property
    def label(self) -> str:
        return COLOUR_LABELS[self.colour]


def status(project: MajorProject, today: dt.date) -> Status:
    reasons = tuple(r for rule in rules()["rules"] if (r := CHECKS[rule["kind"]](project, today, rule)))
    colour = max((r.colour for r in reasons), key=COLOURS.index, default="green")
    return Status(colour, reasons)


def _grade(value, rule: dict, higher_is_worse: bool = True) -> str | None:
    if higher_is_worse:
        return "red" if value >= rule["red"] else "yellow" if value >= rule["yellow"] else None
    return "red" if value < rule["red"] else "yellow" if value < rule["yellow"] else None


def due_periods(project: MajorProject, today: dt.date) -> list[dt.date]:
    """The periods (first month of each) whose deadline has passed by `today`."""
    deadline_day, every = rules()["report_deadline_day"], project.report_every
    start = project.tracked_from.replace(day=1)
    out, period = [], start
    while True:
        deadline = add_months(period, every).replace(day=deadline_day)
        if deadline >= today:
            return out
        out.append(period)
        period = add_months(period, every)


def missing_periods(project: MajorProject, today: dt.date) -> list[dt.date]:
    return [p for p in due_periods(project, today) if project.last_period is None or p > project.last_period]


def next_period(project: MajorProject, today: dt.date) -> dt.date:
    """The period a new report should be for: the earliest one past due and not reported, else the latest period
    that has begun."""
    missing = missing_periods(project, today)
    if missing:
        return missing[0]
    latest = project.tracked_from.replace(day=1)
    while add_months(latest, project.report_every) <= today:
        latest = add_months(latest, project.report_every)
    return latest


def is_period(project: MajorProject, day: dt.date, today: dt.date) -> bool:
    """Whether `day` starts one of the project's periods and that period has begun."""
    start = project.tracked_from.replace(day=1)
    offset = (day.year * 12 + day.month) - (start.year * 12 + start.month)
    return day.day == 1 and offset >= 0 and offset % project.report_every == 0 and day <= today


def _missing(project: MajorProject, today: dt.date, rule: dict) -> Reason | None:
    if project.stage == "in_operation":
        return None
    missing = missing_periods(project, today)
    colour = _grade(len(missing), rule)
    if colour is None:
        return None
    return Reason(rule["id"], rule["label"], colour, f"{missing[0]:%Y 年 %m 月}起 {len(missing)} 期未报送")


def _stage(project: MajorProject, today: dt.date, rule: dict) -> Reason | None:
    if project.stage not in NEXT:
        return None
    _, field, label = NEXT[project.stage]
    planned = getattr(project, field)
    if planned is None or planned >= today:
        return None
    late = (today - planned).days
    colour = _grade(late, rule)
    return Reason(rule["id"], rule["label"], colour, f"计划 {planned:%Y-%m-%d} {label}，已滞后 {late} 天") if colour \
        else None


def _investment(project: MajorProject, today: dt.date, rule: dict) -> Reason | None:
    last = project.last_period
    if project.year_plan <= 0 or project.year != today.year or last is None or last.year != today.year:
        return None
    months = min(12, last.month + project.report_every - 1)
    expected = project.year_plan * Decimal(months) / 12
    ratio = project.invested_year / expected if expected else Decimal(1)
    colour = _grade(float(ratio), rule, higher_is_worse=False)
    if colour is None:
        return None
    return Reason(rule["id"], rule["label"], colour,
                  f"本年完成 {project.invested_year:f} 万元，为截至 {months} 月计划 {expected:.0f} 万元的 "
                  f"{ratio * 100:.0f}%")


CHECKS = {"missing_reports": _missing, "stage_overdue": _stage, "investment_behind": _investment}
