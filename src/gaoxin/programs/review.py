"""Expert review: conflicts of interest, the seeded random draw (双随机) that balances load, scoring against the
program's rubric, and aggregation with disagreement flags.

A draw is reproducible: the same seed, applications and pool give the same assignment, and the seed is kept with
the draw's log, which records for every application the candidates, who was excluded and why, and who was drawn.
"""

from __future__ import annotations

import random
import secrets
import statistics
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from gaoxin.core.commands import parse
from gaoxin.programs.forms import ScoresCommand
from gaoxin.programs.machines import APPLICATION
from gaoxin.programs.models import Application, Program, ReviewAssignment, ReviewDraw, Reviewer
from gaoxin.registry.models import Enterprise
from gaoxin.registry.people import ties
from gaoxin.workflow.machine import advance, close_tasks, open_task
from gaoxin.workflow.notify import notify

DISAGREEMENT = Decimal(25)  # points (of 100) between the highest and lowest score that flag an application


def conflicts(reviewer: Reviewer, application: Application) -> list[str]:
    """Why this reviewer may not review this application (empty when they may)."""
    return conflicts_with(reviewer, application.enterprise, application.enterprise.name, [])


def conflicts_with(reviewer: Reviewer, enterprise: Enterprise | None, organisation: str, members: list) -> list[str]:
    """Why this reviewer may not judge work of this enterprise (None for a team not yet registered), this
    organisation (the enterprise, or a team's university or institute) and these users (a team's accounts),
    including ties through the shareholders and officers the registry lists."""
    reasons = []
    profile = getattr(reviewer.user, "profile", None)
    if enterprise is not None and profile is not None and profile.enterprise_id == enterprise.pk:
        reasons.append("申报企业的用户")
    if reviewer.user_id in {u.pk for u in members if u is not None}:
        reasons.append("参赛团队成员")
    if _same_org(reviewer.affiliation, organisation):
        reasons.append("工作单位即申报单位")
    if enterprise is not None and reviewer.declared.filter(pk=enterprise.pk).exists():
        reasons.append("本人申报的回避关系")
    if enterprise is not None:
        reasons += ties(enterprise, reviewer.name, reviewer.affiliation)
    return reasons


def _same_org(a: str, b: str) -> bool:
    return a.strip() != "" and a.strip() == b.strip()


@dataclass
class Plan:
    """Who reviews what, the log that explains it, and the subjects that could not be covered."""

    chosen: list[tuple[object, list[Reviewer]]]
    log: list[dict]
    short: list[str]


def assign(subjects: list, k: int, seed: int, excluded_of: Callable[[Reviewer, object], list[str]]) -> Plan:
    """The draw itself, shared by program reviews, competition rounds and achievement evaluations: for each subject
    in order, the `k` eligible reviewers with the fewest open assignments of any kind, ties broken by an order
    drawn from `seed`."""
    rng = random.Random(seed)
    pool = list(Reviewer.objects.filter(active=True).select_related("user", "user__profile").order_by("pk"))
    load = {r.pk: sum(rows.filter(submitted_at=None).count()
                      for rows in (r.assignments, r.judgings, r.achievement_reviews)) for r in pool}
    tiebreak = {r.pk: rng.random() for r in pool}
    plan = Plan([], [], [])
    for subject in subjects:
        excluded = {r.pk: excluded_of(r, subject) for r in pool}
        eligible = sorted((r for r in pool if not excluded[r.pk]), key=lambda r: (load[r.pk], tiebreak[r.pk]))
        if len(eligible) < k:
            plan.short.append(f"{subject}（可选专家 {len(eligible)} 人，需要 {k} 人）")
            continue
        for reviewer in eligible[:k]:
            load[reviewer.pk] += 1
        plan.chosen.append((subject, eligible[:k]))
        plan.log.append({"subject": subject.pk, "chosen": [r.pk for r in eligible[:k]],
                         "excluded": {str(pk): why for pk, why in excluded.items() if why}})
    return plan


def draw(program: Program, by, seed: int | None = None) -> ReviewDraw:
    """Assign `program.reviewers_per_application` reviewers to every accepted application without reviewers,
    fewest current assignments first, ties broken by the seeded random order; then start their review.
    All or nothing: ValueError naming the applications that lack enough eligible reviewers."""
    seed = secrets.randbits(48) if seed is None else seed
    applications = list(program.applications.filter(status="accepted").select_related("enterprise").order_by("pk"))
    if not applications:
        raise ValueError(gettext("没有待评审（已受理）的申报"))
    plan = assign(applications, program.reviewers_per_application, seed, conflicts)
    if plan.short:
        raise ValueError("回避后专家不足：" + "；".join(plan.short))
    with transaction.atomic():
        record = ReviewDraw.objects.create(program=program, seed=seed, by=by, log=plan.log)
        for application, chosen in plan.chosen:
            ReviewAssignment.objects.bulk_create(ReviewAssignment(application=application, reviewer=r, draw=record)
                                                 for r in chosen)
            advance(APPLICATION, application, "start_review", by, f"抽取专家 {len(chosen)} 人（随机种子 {seed}）")
        for assignment in record.assignments.select_related("reviewer__user", "application"):
            open_task(assignment, assignment.reviewer.user, f"评审：{assignment.application}",
                      reverse("programs:review", args=[assignment.pk]))
        notify([r.user for _, chosen in plan.chosen for r in chosen], f"新的评审任务：{program.name}",
               reverse("portal:reviews"))
    return record


def submit_scores(assignment: ReviewAssignment, values: dict[str, str], comment: str) -> ReviewAssignment:
    """Score every rubric criterion (0 to its maximum); the weighted total is out of 100. Once submitted, a
    review cannot be changed (the row is locked, so a double click submits once)."""
    with transaction.atomic():
        locked = ReviewAssignment.objects.select_for_update().select_related("application__program").get(
            pk=assignment.pk)
        if locked.submitted_at is not None:
            raise ValueError(gettext("评审意见已提交，不能修改"))
        if locked.application.status != "under_review":
            raise ValueError(gettext("该申报不在评审中"))
        score(locked, locked.application.program.rubric, values, comment)
    return locked


def score(locked, rubric: list[dict], values, comment: str) -> None:
    """Check (`ScoresCommand`) and store one reviewer's scores on a row the caller has locked, and close its to-do
    item; Invalid naming each criterion wrongly scored."""
    data = {c["code"]: values.get(c["code"]) for c in rubric} | {"comment": comment}
    checked = parse(ScoresCommand, data, rubric=rubric)
    locked.scores = checked["scores"]
    locked.comment, locked.total = checked["comment"].strip(), weighted_total(rubric, locked.scores)
    locked.submitted_at = timezone.now()
    locked.save()
    close_tasks(locked)


def weighted_total(rubric: list[dict], scores: dict[str, str]) -> Decimal:
    weights = sum(Decimal(str(c["weight"])) for c in rubric) or Decimal(1)
    total = sum(Decimal(scores[c["code"]]) / Decimal(str(c["max"])) * Decimal(str(c["weight"])) for c in rubric)
    return (total / weights * 100).quantize(Decimal("0.01"))


@dataclass
class Ranked:
    subject: object  # an application, or a competition entry in a round
    totals: list[Decimal]
    score: Decimal | None  # the aggregate the ranking uses (z scores for "zscore")
    mean: Decimal | None
    spread: Decimal | None
    complete: bool

    @property
    def application(self) -> Application:
        return self.subject

    @property
    def disagreement(self) -> bool:
        return self.spread is not None and self.spread >= DISAGREEMENT


def ranking(program: Program) -> list[Ranked]:
    """Applications under or after review, ranked by the program's aggregation of their submitted reviews."""
    reviews = list(ReviewAssignment.objects.filter(application__program=program).select_related("application"))
    applications = program.applications.filter(status__in=("under_review", "reviewed", "awarded", "rejected"))
    return rank(list(applications.select_related("enterprise")), reviews, "application_id", program.aggregation)


def rank(subjects: list, reviews: list, subject_field: str, rule: str) -> list[Ranked]:
    """`subjects` ranked by `rule` over their submitted `reviews` (rows with reviewer_id, total, submitted_at and
    `subject_field` naming the subject's id); unscored subjects last, then by id. z scores use each reviewer's
    submitted scores within these reviews."""
    done = [r for r in reviews if r.submitted_at is not None]
    by_reviewer: dict[int, list[Decimal]] = {}
    for r in done:
        by_reviewer.setdefault(r.reviewer_id, []).append(r.total)
    expected = Counter(getattr(r, subject_field) for r in reviews)
    out = []
    for subject in subjects:
        mine = [r for r in done if getattr(r, subject_field) == subject.pk]
        totals = [r.total for r in mine]
        out.append(Ranked(subject, totals, _aggregate(rule, mine, by_reviewer), _mean(totals),
                          max(totals) - min(totals) if totals else None,
                          bool(totals) and len(totals) == expected[subject.pk]))
    return sorted(out, key=lambda r: (r.score is None, -(r.score or 0), r.subject.pk))


def _aggregate(rule: str, mine: list[ReviewAssignment], by_reviewer: dict[int, list[Decimal]]) -> Decimal | None:
    totals = [r.total for r in mine]
    if not totals:
        return None
    if rule == "trimmed" and len(totals) >= 3:
        return _mean(sorted(totals)[1:-1])
    if rule == "zscore":
        return _mean([_z(r.total, by_reviewer[r.reviewer_id]) for r in mine])
    return _mean(totals)


def _z(value: Decimal, own: list[Decimal]) -> Decimal:
    """How far this score sits from the reviewer's own average, in the reviewer's own spread (0 when the reviewer
    scored once or gave everyone the same)."""
    if len(own) < 2:
        return Decimal(0)
    spread = statistics.pstdev(float(x) for x in own)
    if spread == 0:
        return Decimal(0)
    return Decimal(str((float(value) - statistics.fmean(float(x) for x in own)) / spread))


def _mean(values: list[Decimal]) -> Decimal | None:
    if not values:
        return None
    return (sum(values) / len(values)).quantize(Decimal("0.0001"))
