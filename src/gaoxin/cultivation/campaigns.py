"""调查排摸: ask a group of enterprises for exactly what a title's verdict still waits for, and take the answers in
through the filing review.

What is asked is read from each enterprise's stored verdict: the inputs still blank (the engine's `missing`, so
nothing it has or derives exactly) of the clauses on its cheapest path that cannot be decided yet (`lacking` and
unknown; for a score straddling its pass mark, the scored clauses with a range). An enterprise with nothing to
ask is not asked. Its answer becomes one filing per fiscal year (enterprise-level facts ride on the latest),
submitted on the `FILING` machine, so staff review it like any filing; accepting it writes the figures and queues
the re-evaluation that every change does.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from gaoxin.accounts.recipients import enterprise_users
from gaoxin.accounts.scope import Scope
from gaoxin.contract.fields import BY_CODE, ZONE_ASSESSED
from gaoxin.cultivation.models import Campaign, CampaignRequest, Evaluation
from gaoxin.cultivation.schemas import Asked
from gaoxin.cultivation.services import current_stamp, evaluate_enterprises
from gaoxin.engine.closeness import closeness
from gaoxin.engine.library import all_packs
from gaoxin.registry import audit, services
from gaoxin.registry.machines import EDITABLE
from gaoxin.registry.models import Enterprise, FiguresFiling
from gaoxin.workflow.machine import close_tasks, open_task
from gaoxin.workflow.notify import notify

REMIND_DAYS = 3  # reminders start this many days before the deadline, at most one a day


@cache
def _packs() -> dict:
    return {p.id: p for p in all_packs()}


class CampaignError(ValueError):
    """A 调查排摸 cannot be started or answered as asked; the message says why in Chinese."""


def asked_of(evaluation: Evaluation) -> list[Asked]:
    """The blank inputs that could still decide the verdict, once each, with the clauses they are for: those of
    the clauses still open on the cheapest route (`engine.closeness`: 待补), and, when the score is open, of the
    scored clauses whose points are still a range — but not what staff or experts assess (`ZONE_ASSESSED`)."""
    result = evaluation.result or {}
    if not result.get("clauses"):
        return []
    route = set(closeness(_packs()[evaluation.policy_version], result).open)
    found: dict[tuple[str, int | None], Asked] = {}
    for clause in result["clauses"]:
        open_on_path = clause["id"] in route and clause["status"] == "unknown"
        scored_open = "score" in route and isinstance(clause.get("points"), list) and clause.get("missing")
        if not (open_on_path or scored_open):
            continue
        for item in clause.get("inputs", []):
            code, year = item["field"], item.get("year")
            if (code not in clause.get("missing", []) or item.get("value") is not None or code not in BY_CODE
                    or code in ZONE_ASSESSED):  # staff's and experts' judgements are not the enterprise's to give
                continue
            entry = found.setdefault((code, year), Asked(field=code, year=year, label=BY_CODE[code].label))
            if clause["label"] not in entry.clauses:
                entry.clauses.append(clause["label"])
    return sorted(found.values(), key=lambda a: (a.year is not None, a.year or 0, a.field))


def launch(by, *, name: str, policy: str, year: int, rows, deadline: dt.date, message: str,
           group: str) -> tuple[Campaign, int]:
    """Start a 调查排摸 over the verdicts `rows` (Evaluation rows of `policy` for `year`): each enterprise with
    something to ask gets its request, a to-do and a notice. Returns the campaign and how many were skipped
    because nothing is missing."""
    Scope.of(by).require("cultivation.manage")
    if deadline < timezone.localdate():
        raise CampaignError(gettext("截止日期不能早于今天"))
    chosen = list(rows)
    chosen = _fresh(chosen, policy, year)
    asks = [(e, asked) for e in chosen if (asked := asked_of(e))]
    if not asks:
        raise CampaignError(gettext("所选企业没有待补的数据：它们的结论已可判断，无需调查"))
    with transaction.atomic():
        campaign = Campaign.objects.create(name=name[:100], policy=policy, year=year, deadline=deadline,
                                           message=message[:500], group=group[:200], created_by=Scope.of(by).actor)
        CampaignRequest.objects.bulk_create(
            CampaignRequest(campaign=campaign, enterprise_id=e.enterprise_id, asked=[a.model_dump() for a in asked])
            for e, asked in asks)
        audit.created(by, campaign, ("name", "policy", "year", "deadline", "group"))
        for request in campaign.requests.select_related("enterprise"):
            _ask(request)
    return campaign, len(chosen) - len(asks)


def _fresh(rows: list[Evaluation], policy: str, year: int) -> list[Evaluation]:
    """The verdicts as they are now: stale ones (their data changed since) are recomputed first."""
    stale = [e.enterprise_id for e in rows if e.stale or e.pack_fingerprint != current_stamp()]
    if not stale:
        return rows
    evaluate_enterprises(year, stale)
    ids = [e.enterprise_id for e in rows]
    return list(Evaluation.objects.filter(enterprise_id__in=ids, assessment_year=year, policy=policy))


def _ask(request: CampaignRequest) -> None:
    link = reverse("cultivation:campaign_answer", args=[request.pk])
    title = gettext("调查排摸：{name}，请于 {deadline} 前补充 {n} 项数据").format(
        name=request.campaign.name, deadline=request.campaign.deadline.isoformat(), n=len(request.asked))
    users = enterprise_users(request)
    for user in users:
        open_task(request, user, title, link)
    notify(users, title, link)


def answer(by, request: CampaignRequest, values: dict[tuple[str, int | None], Any]) -> list[FiguresFiling]:
    """The enterprise's answer: per fiscal year its open filing (started from the accepted figures) with the
    answered figures, submitted for review; enterprise-level facts on the latest year's. All or nothing."""
    Scope.of(by).require("cultivation.answer_campaign", request)
    if request.campaign.status != "open":
        raise CampaignError(gettext("该调查已结束"))
    given = {k: v for k, v in values.items() if v not in (None, "")}
    if not given:
        raise CampaignError(gettext("请至少填写一项"))
    facts = {code: v for (code, year), v in given.items() if year is None}
    years = sorted({year for (_code, year) in given if year is not None} or {request.campaign.year - 1})
    filings = []
    with transaction.atomic():
        for year in years:
            filing = services.open_filing(by, request.enterprise, year)
            if filing.pk and filing.status not in EDITABLE:
                raise CampaignError(gettext("{year} 年度已有待审核的填报，请等审核后再答复").format(year=year))
            figures = filing.figure_values() | {code: v for (code, y), v in given.items() if y == year}
            services.save_filing(by, filing, figures, facts=facts if year == years[-1] else None)
            filings.append(services.transition_filing(by, filing, "submit"))
        request.filings.add(*filings)
        request.answered_at = timezone.now()
        request.save(update_fields=["answered_at"])
        close_tasks(request)
    return filings


@dataclass
class Progress:
    request: CampaignRequest
    state: str  # waiting / submitted / returned / accepted
    label: str
    late: bool


STATE_LABELS = {"waiting": "未答复", "submitted": "已提交，待审核", "returned": "已退回，待企业修改",
                "accepted": "已通过"}


def progress(campaign: Campaign, today: dt.date | None = None) -> list[Progress]:
    """Each request's state, from the filings its answer became (one query for all)."""
    today = today or timezone.localdate()
    out = []
    for request in campaign.requests.select_related("enterprise").prefetch_related("filings"):
        statuses = {f.status for f in request.filings.all()}
        state = ("waiting" if not statuses else "returned" if "returned" in statuses
                 else "accepted" if statuses == {"accepted"} else "submitted")
        out.append(Progress(request, state, STATE_LABELS[state], state == "waiting" and today > campaign.deadline))
    return out


def remind(today: dt.date, campaign: Campaign | None = None, by=None) -> int:
    """Remind the users of enterprises that have not answered: for every open campaign within `REMIND_DAYS` of
    its deadline or past it (or one campaign now, when staff ask), at most once a day each."""
    if campaign is not None:
        Scope.of(by).require("cultivation.manage")
    campaigns = [campaign] if campaign is not None else Campaign.objects.filter(
        status="open", deadline__lte=today + dt.timedelta(days=REMIND_DAYS))
    sent = 0
    for c in campaigns:
        for request in c.requests.filter(answered_at=None).exclude(reminded_on=today).select_related("enterprise"):
            late = today > c.deadline
            text = (gettext("调查排摸“{name}”已过截止日期 {deadline}，请尽快补充数据") if late else
                    gettext("调查排摸“{name}”将于 {deadline} 截止，请补充数据")).format(
                name=c.name, deadline=c.deadline.isoformat())
            notify(enterprise_users(request), text, reverse("cultivation:campaign_answer", args=[request.pk]))
            request.reminded_on = today
            request.save(update_fields=["reminded_on"])
            sent += 1
    return sent


def enterprise_requests(enterprise: Enterprise) -> list[CampaignRequest]:
    """The open campaigns' requests an enterprise has not answered yet (its portal shows them)."""
    return list(enterprise.campaign_requests.filter(campaign__status="open", answered_at=None)
                .select_related("campaign"))
