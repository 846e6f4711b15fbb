"""科技成果评价 end to end: register an achievement, request an evaluation, draw experts with the programs' review
machinery (conflicts excluded, load balanced, seed kept), take each expert's TRL with its evidence and scores,
conclude, and keep the achievement's transfer status.

Conclusion rules (also in the report): the TRL is the lower median of the experts' levels — a level most experts
see evidence for; the total is the mean of the experts' weighted totals; the level follows the total's band; a
spread of 25 points or more between experts is written into the conclusion.
"""

from __future__ import annotations

import datetime as dt
import secrets
import statistics
from decimal import Decimal

from django.db import transaction
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from gaoxin.accounts.scope import Scope
from gaoxin.contract.creditcode import normalise
from gaoxin.core.commands import parse
from gaoxin.innovation.forms import AchievementCommand, CarrierCommand, ExpertReviewCommand, ProspectCommand
from gaoxin.innovation.machines import EVALUATION
from gaoxin.innovation.models import (
    TRANSFER,
    Achievement,
    AchievementEvaluation,
    Carrier,
    ExpertReview,
    Prospect,
)
from gaoxin.innovation.scales import level_of, scales, trl_level, uses_trl, weighted, weights
from gaoxin.innovation.scorecard import score_stored
from gaoxin.programs import review
from gaoxin.registry import audit
from gaoxin.registry.models import Enterprise
from gaoxin.workflow.machine import advance, close_tasks, open_task
from gaoxin.workflow.notify import notify


class EvaluationError(ValueError):
    """Every problem, in words."""


def register(data, by) -> Achievement:
    """Register an achievement (`AchievementCommand`); a credit code must name a registry enterprise."""
    Scope.of(by).require("innovation.manage")
    values = parse(AchievementCommand, data)
    code = normalise(values.pop("credit_code"))
    enterprise = Enterprise.objects.filter(credit_code=code).first() if code else None
    if code and enterprise is None:
        raise EvaluationError(gettext("企业库中没有统一社会信用代码为 {code} 的企业").format(code=code))
    with transaction.atomic():
        achievement = Achievement.objects.create(
            enterprise=enterprise, created_by=by,
            **(values | {"title": values["title"].strip(), "owner": values["owner"].strip(),
                         "summary": values["summary"].strip()}))
        audit.created(by, achievement, ("title", "owner"))
    return achievement


def request(achievement: Achievement, by, experts: int = 3) -> AchievementEvaluation:
    Scope.of(by).require("innovation.manage")
    if achievement.evaluations.exclude(status="concluded").exists():
        raise EvaluationError(gettext("该成果已有进行中的评价"))
    if not 1 <= experts <= 9:
        raise EvaluationError(gettext("评价专家数应为 1–9 人"))
    with transaction.atomic():
        evaluation = AchievementEvaluation.objects.create(achievement=achievement, requested_by=by, experts=experts,
                                               scales_version=str(scales()["version"]))
        audit.created(by, evaluation, ("experts",))
    return evaluation


def draw(evaluation: AchievementEvaluation, by, seed: int | None = None) -> AchievementEvaluation:
    """Draw the experts (conflicts with the achievement's owner and requester excluded) and give them to-dos."""
    Scope.of(by).require("innovation.manage")
    if evaluation.status != "requested":
        raise EvaluationError(gettext("已抽取专家"))
    seed = secrets.randbits(48) if seed is None else seed
    plan = review.assign([evaluation], evaluation.experts, seed, _conflicts)
    if plan.short:
        raise EvaluationError("回避后专家不足：" + "；".join(plan.short))
    [(_, chosen)] = plan.chosen
    with transaction.atomic():
        for reviewer in chosen:
            item = ExpertReview.objects.create(evaluation=evaluation, reviewer=reviewer)
            open_task(item, reviewer.user, f"成果评价：{evaluation.achievement}",
                      reverse("innovation:review", args=[item.pk]))
        def drawn(locked: AchievementEvaluation) -> None:
            locked.seed, locked.draw_log = seed, plan.log

        drawn_at = advance(EVALUATION, evaluation, "draw", by, f"随机种子 {seed}，专家 {len(chosen)} 位", change=drawn)
        evaluation.seed, evaluation.draw_log = drawn_at.seed, drawn_at.draw_log
        notify([r.user for r in chosen], f"新的成果评价任务：{evaluation.achievement}", reverse("portal:reviews"))
    return evaluation


def _conflicts(reviewer, evaluation: AchievementEvaluation) -> list[str]:
    achievement = evaluation.achievement
    return review.conflicts_with(reviewer, achievement.enterprise, achievement.owner,
                                 [evaluation.requested_by, achievement.created_by])


def submit(item: ExpertReview, data, comment: str) -> ExpertReview:
    """An expert's TRL (every evidence item of the level claimed checked), scores 0–100 per dimension, comment."""
    with transaction.atomic():
        locked = ExpertReview.objects.select_for_update().select_related("evaluation__achievement").get(pk=item.pk)
        if locked.submitted_at is not None:
            raise EvaluationError(gettext("评价意见已提交，不能修改"))
        if locked.evaluation.status != "evaluating":
            raise EvaluationError(gettext("该评价不在进行中"))
        kind = locked.evaluation.achievement.kind
        values = parse(ExpertReviewCommand, _with_comment(data, comment), kind=kind)
        scores = values["scores"]
        locked.trl, locked.evidence, locked.scores = values["trl"], values["evidence"], {
            k: str(v) for k, v in scores.items()}
        locked.total, locked.comment, locked.submitted_at = weighted(kind, scores), comment.strip(), timezone.now()
        locked.save()
        close_tasks(locked)
    return locked


def _with_comment(data, comment: str) -> QueryDict:
    """The form's data with the comment the caller passes (a page's textarea, a script's argument)."""
    merged = QueryDict(mutable=True)
    for key in data:
        merged.setlist(key, data.getlist(key) if hasattr(data, "getlist") else [data[key]])
    merged["comment"] = comment
    return merged


def conclude(evaluation: AchievementEvaluation, by, remarks: str = "") -> AchievementEvaluation:
    Scope.of(by).require("innovation.manage")
    EVALUATION.require_state(evaluation, "conclude")
    items = list(evaluation.reviews.all())
    waiting = sum(1 for i in items if i.submitted_at is None)
    if waiting:
        raise EvaluationError(gettext("还有 {waiting} 位专家未提交").format(waiting=waiting))
    kind = evaluation.achievement.kind
    totals = [i.total for i in items]
    total = (sum(totals) / len(totals)).quantize(Decimal("0.01"))
    result = {"total": total, "level": level_of(total),
              "dimension_means": {d: str((sum(Decimal(i.scores[d]) for i in items) / len(items)).quantize(
                  Decimal("0.1"))) for d in weights(kind)},
              "trl": statistics.median_low([i.trl for i in items]) if uses_trl(kind) else None,
              "concluded_at": timezone.now()}
    for name, value in result.items():  # the caller's object reads as saved
        setattr(evaluation, name, value)
    evaluation.conclusion = result["conclusion"] = _conclusion(evaluation, totals, remarks)

    def concluded(locked: AchievementEvaluation) -> None:
        for name, value in result.items():
            setattr(locked, name, value)

    return advance(EVALUATION, evaluation, "conclude", by, f"综合得分 {total}", change=concluded)


def _conclusion(evaluation: AchievementEvaluation, totals: list[Decimal], remarks: str) -> str:
    parts = [f"经 {len(totals)} 位专家评价，该成果综合得分 {evaluation.total} 分，评价等级为“{evaluation.level}”"]
    if evaluation.trl is not None:
        level = trl_level(evaluation.trl)
        parts.append(f"技术就绪水平为 TRL {evaluation.trl}（{level['label']}：{level['definition']}）")
    if max(totals) - min(totals) >= review.DISAGREEMENT:
        parts.append(f"专家评分差异较大（最高 {max(totals)}、最低 {min(totals)}），建议补充材料后复核")
    text = "；".join(parts) + "。"
    return text + (f"\n{remarks.strip()}" if remarks.strip() else "")


def update_transfer(achievement: Achievement, status: str, amount: Decimal | None, day: dt.date | None,
                    by) -> Achievement:
    """Record how the achievement was put to use (转化), staff only."""
    Scope.of(by).require("innovation.manage", achievement)
    if status not in dict(TRANSFER):
        raise EvaluationError(gettext("转化状态无效"))
    achievement.transfer, achievement.transfer_amount, achievement.transfer_on = status, amount, day
    achievement.save(update_fields=["transfer", "transfer_amount", "transfer_on"])
    return achievement


def save_prospect(prospect: Prospect, data, by) -> Prospect:
    """Name, stage and the scorecard's indicators (`ProspectCommand`); every mistake at once, nothing saved."""
    Scope.of(by).require("innovation.manage")
    values = parse(ProspectCommand, data)
    prospect.created_by = prospect.created_by or Scope.of(by).actor
    with transaction.atomic():
        audit.save_changes(by, prospect, values, ProspectCommand.STORED)
    return prospect


def add_carrier(data, by) -> Carrier:
    """Register a 孵化载体 from `CarrierCommand`'s input, audited; a name already used is refused."""
    Scope.of(by).require("innovation.manage")
    values = parse(CarrierCommand, data)
    if Carrier.objects.filter(name=values["name"]).exists():
        raise EvaluationError(gettext("已有名为“{values_name}”的载体").format(values_name=values['name']))
    with transaction.atomic():
        carrier = Carrier.objects.create(**values)
        audit.created(by, carrier, tuple(values))
    return carrier


def prospect_score(prospect: Prospect):
    """The prospect's scorecard from its stored indicators (empty = unknown)."""
    return score_stored(prospect.indicators)
