"""An enterprise's timeline: visits, needs, applications and awards, competition entries and prizes, titles and
major-project milestones, newest first — each only where the reader may see that kind of record."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from gaoxin.contract.titles import TITLE_BY_CODE
from gaoxin.financing.selectors import visible_needs as financing_needs
from gaoxin.programs.selectors import visible_applications, visible_entries
from gaoxin.registry.models import Enterprise
from gaoxin.tracking.machines import NEED
from gaoxin.tracking.selectors import visible_needs, visible_projects, visible_visits


@dataclass(frozen=True)
class Event:
    day: dt.date
    kind: str
    text: str
    link: str = ""


def timeline(enterprise: Enterprise, user, limit: int = 100) -> list[Event]:
    events = [*_visits(enterprise, user), *_needs(enterprise, user), *_programs(enterprise, user),
              *_titles(enterprise), *_projects(enterprise, user), *_financing(enterprise, user)]
    return sorted(events, key=lambda e: e.day, reverse=True)[:limit]


def _day(moment) -> dt.date:
    return timezone.localtime(moment).date() if isinstance(moment, dt.datetime) else moment


def _visits(enterprise: Enterprise, user) -> list[Event]:
    return [Event(v.visited_on or v.planned_on, "走访" if v.done else "计划走访",
                  f"{v.department}{v.get_kind_display()}：{v.topics or v.visitors}",
                  reverse("tracking:visit", args=[v.pk]))
            for v in visible_visits(user).filter(enterprise=enterprise)]


def _needs(enterprise: Enterprise, user) -> list[Event]:
    out = []
    for n in visible_needs(user).filter(enterprise=enterprise):
        link = reverse("tracking:need", args=[n.pk])
        text = f"{n.get_category_display()}：{n.description[:60]}（{n.department}，{NEED.label(n.status)}）"
        out.append(Event(_day(n.raised_at), "诉求", text, link))
        if n.replied_at:
            out.append(Event(_day(n.replied_at), "诉求答复", f"{n.department}：{n.reply[:60]}", link))
    return out


def _programs(enterprise: Enterprise, user) -> list[Event]:
    out = []
    for a in visible_applications(user).filter(enterprise=enterprise).exclude(submitted_at=None):
        link = reverse("programs:application", args=[a.pk])
        out.append(Event(_day(a.submitted_at), "申报", f"{a.program.name}《{a.project_title}》", link))
        award = getattr(a, "award", None) if a.status == "awarded" else None
        if award is not None:
            out.append(Event(_day(award.decided_at), "获得支持", f"{a.program.name} {award.amount} 万元", link))
    for e in visible_entries(user).filter(enterprise=enterprise):
        link = reverse("programs:entry", args=[e.pk])
        out.append(Event(_day(e.registered_at), "参赛", f"{e.program.name}《{e.project}》", link))
        prize = getattr(e, "prize", None) if e.status == "awarded" else None
        if prize is not None:
            out.append(Event(_day(prize.decided_at), "获奖", f"{e.program.name} {prize.tier}", link))
    return out


def _titles(enterprise: Enterprise) -> list[Event]:
    return [Event(t.recognized_on, "获评称号", TITLE_BY_CODE[t.title].label if t.title in TITLE_BY_CODE else t.title)
            for t in enterprise.titles.exclude(recognized_on=None)]


def _projects(enterprise: Enterprise, user) -> list[Event]:
    out = []
    for p in visible_projects(user).filter(enterprise=enterprise):
        link = reverse("tracking:project", args=[p.pk])
        for day, what in ((p.signed_on, "签约"), (p.started_on, "开工"), (p.in_operation_on, "投产/落地")):
            if day:
                out.append(Event(day, "重大项目", f"{p.name}{what}", link))
    return out


def _financing(enterprise: Enterprise, user) -> list[Event]:
    out = []
    for need in financing_needs(user).filter(enterprise=enterprise).prefetch_related("matches__product__bank"):
        link = reverse("financing:need", args=[need.pk])
        out.append(Event(_day(need.created_at), "融资需求", f"{need.amount} 万元（{need.purpose}）", link))
        for m in need.matches.all():
            if m.credit_on:
                out.append(Event(m.credit_on, "获得授信", f"{m.product} {m.credit_amount} 万元", link))
            if m.loan_on:
                out.append(Event(m.loan_on, "获得贷款", f"{m.product} {m.loan_amount} 万元", link))
    return out
