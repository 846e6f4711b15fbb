"""Computing and storing benefit matches, telling enterprises, and hearing their objections."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from gaoxin.accounts.recipients import staff_users
from gaoxin.accounts.scope import Scope
from gaoxin.benefits.forms import MatchObjectionCommand
from gaoxin.benefits.models import BenefitMatch, Notice
from gaoxin.core.commands import parse
from gaoxin.core.models import VERDICT_RANK
from gaoxin.cultivation.inputs import zone_inputs
from gaoxin.cultivation.services import replace_in_batches
from gaoxin.engine.benefit import (
    Benefit,
    benefit_name,
    benefits_fingerprint,
    benefits_in_force,
    evaluate_benefits,
    explained,
    wan,
)
from gaoxin.engine.closeness import closeness
from gaoxin.engine.evaluate import verdicts
from gaoxin.engine.frame import KEY
from gaoxin.programs.forms import AnswerCommand
from gaoxin.programs.models import Objection
from gaoxin.registry import audit
from gaoxin.registry.models import Enterprise
from gaoxin.workflow.notify import notify


def match_enterprises(on: dt.date | None = None, enterprise_ids: list[int] | None = None,
                      progress: Callable[[int, str], None] | None = None) -> int:
    """(Re)compute every benefit in force on `on` (today) for these enterprises (default: all), replacing their
    rows batch by batch in one transaction each. Returns how many matches were stored."""
    on = on or timezone.localdate()
    benefits = benefits_in_force(on)
    stamp = benefits_fingerprint()

    def rows_for(chunk: list[int]) -> list[BenefitMatch]:
        inputs, id_of = zone_inputs(chunk)
        rows = []
        for benefit, frame in evaluate_benefits(benefits, inputs.table, on.year, on, inputs.titles):
            frame = frame.with_columns(verdict=verdicts(frame))
            rows += [_row(benefit, row, id_of[row[KEY]], on, stamp) for row in frame.iter_rows(named=True)]
        return rows

    return replace_in_batches(BenefitMatch, enterprise_ids, rows_for, {}, progress, "已匹配")


def _row(benefit: Benefit, row: dict, enterprise_id: int, on: dt.date, stamp: str) -> BenefitMatch:
    result = explained(benefit, row, on.year) | {"as_of": on.isoformat()}
    close = closeness(benefit.pack(), result)
    return BenefitMatch(enterprise_id=enterprise_id, benefit=benefit.code, benefit_version=benefit.id,
                 verdict=row["verdict"], verdict_rank=VERDICT_RANK[row["verdict"]], unmet=close.unmet,
                 pending=close.pending,
                 gap=close.gap, lacking=list(close.lacking), amount=wan(row["amount_yuan"]), as_of=on,
                 result=result, fingerprint=stamp)


def mark_stale(enterprise_ids: list[int]) -> None:
    BenefitMatch.objects.filter(enterprise_id__in=enterprise_ids, stale=False).update(stale=True)


def current_matches(on: dt.date):
    """Matches that are up to date: not marked stale, computed under today's benefit files, on `on`."""
    return BenefitMatch.objects.filter(stale=False, fingerprint=benefits_fingerprint(), as_of=on)


def refresh_stale(on: dt.date | None = None, progress: Callable[[int, str], None] | None = None) -> int:
    """Recompute the enterprises whose matches are stale, missing, from other files or from an earlier day."""
    fresh = current_matches(on or timezone.localdate())
    ids = list(Enterprise.objects.exclude(pk__in=fresh.values("enterprise_id")).order_by("pk").values_list(
        "pk", flat=True))
    return match_enterprises(on, ids, progress) if ids else 0


def notify_qualified(benefit: Benefit, by, enterprises=None) -> int:
    """Tell every enterprise that qualifies for `benefit` (of `enterprises`, default all), once per benefit
    version: an in-app message to its users linking to its 政策计算器, and a Notice keeping the explanation as
    it stood. Returns how many enterprises were newly told."""
    scope = Scope.of(by)
    scope.require("benefits.manage", benefit)
    by = scope.actor
    matches = BenefitMatch.objects.filter(benefit=benefit.code, benefit_version=benefit.id, verdict="qualified")
    if enterprises is not None:
        matches = matches.filter(enterprise__in=enterprises)
    told = set(Notice.objects.filter(benefit_version=benefit.id).values_list("enterprise_id", flat=True))
    new = [m for m in matches.select_related("enterprise") if m.enterprise_id not in told]
    with transaction.atomic():
        Notice.objects.bulk_create([Notice(enterprise_id=m.enterprise_id, benefit=m.benefit,
                                           benefit_version=m.benefit_version, amount=m.amount, as_of=m.as_of,
                                           packed=m.packed, sent_by=by) for m in new])
    users = get_user_model().objects.filter(is_active=True, profile__enterprise_id__in=[m.enterprise_id for m in new])
    by_enterprise: dict[int, list] = {}
    for user in users.select_related("profile"):
        by_enterprise.setdefault(user.profile.enterprise_id, []).append(user)
    for m in new:
        amount = f"，预计 {m.amount.normalize():f} 万元" if m.amount is not None else ""
        notify(by_enterprise.get(m.enterprise_id, []), f"贵企业符合“{benefit.name}”的条件{amount}",
               reverse("benefits:mine"))
    return len(new)


def read_notices(enterprise) -> None:
    Notice.objects.filter(enterprise=enterprise, read_at=None).update(read_at=timezone.now())


def raise_objection(user, enterprise, data) -> Objection:
    """An enterprise's 异议 to a 政策匹配 (`MatchObjectionCommand`), by its own users; audited, staff told."""
    scope = Scope.of(user)
    scope.require("benefits.object", enterprise)
    values = parse(MatchObjectionCommand, data)
    notice = Notice.objects.filter(pk=values["notice"]).first() if values["notice"] else None
    if notice is not None and notice.enterprise_id != enterprise.pk:
        raise ValueError(gettext("这条推送不属于本企业"))
    with transaction.atomic():
        objection = Objection.objects.create(about="benefit_match", enterprise=enterprise, benefit=values["benefit"],
                                             notice_ref=notice.pk if notice else None,
                                             text=values["text"].strip()[:4000], raised_by=scope.actor)
        audit.created(user, objection, ("benefit", "text"))
    notify(staff_users(), f"{enterprise.name} 对政策匹配提出异议", reverse("benefits:objections"))
    return objection


def answer_objection(user, objection: Objection, data) -> Objection:
    """Answer an enterprise's objection (`AnswerCommand`), once (the row is locked): staff only, whoever calls."""
    scope = Scope.of(user)
    scope.require("benefits.answer_objection", objection)
    answer = parse(AnswerCommand, data)["answer"]
    with transaction.atomic():
        objection = Objection.objects.select_for_update().get(pk=objection.pk, about="benefit_match")
        if objection.status != "open":
            raise ValueError(gettext("该异议已答复"))
        objection.answer, objection.answered_by = answer.strip()[:4000], scope.actor
        objection.status, objection.answered_at = "answered", timezone.now()
        objection.save()
        audit.record(user, objection, "update", {"answer": ["（空）", objection.answer]})
    users = [p.user for p in objection.enterprise.user_profiles.select_related("user") if p.user.is_active]
    notify(users, f"您对“{benefit_name(objection.benefit)}”的异议已答复", reverse("benefits:mine"))
    return objection
