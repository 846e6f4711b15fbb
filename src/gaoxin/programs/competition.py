"""创新创业大赛: teams register online or staff import the entry list; each round is judged with the programs'
review machinery (conflicts excluded, seeded draw balancing load, blind scoring, the program's aggregation); the
best entries of a round go on to the next; the final ranking decides the prizes within the budget; prizes are paid
once, to an enterprise in the registry; banks' pre-credit for the entries is recorded.

Rules staff can quote (the competition page shows them too):
- 晋级: the `advancing` best entries of a round go on, and every entry tied with the last of them goes on as well.
- 评奖: tiers in the order they were set up, by final-round rank. Equal final scores are ordered by the previous
  round's score, then by registration order, so each prize has exactly one holder.
- 拨付: once per prize, and only once the entry is linked to an enterprise in the registry (a team after 落地).
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from gaoxin.accounts.scope import Scope
from gaoxin.contract.creditcode import normalise, problem
from gaoxin.core.commands import parse
from gaoxin.intake.reader import BadHeader, Sheet, UnreadableFile, read_table
from gaoxin.intake.validate import Problem
from gaoxin.programs import review
from gaoxin.programs.forms import EntryCommand, PreCreditCommand
from gaoxin.programs.machines import ENTRY, ROUND
from gaoxin.programs.models import Entry, Judging, PreCredit, Prize, Program, ReviewDraw, Round
from gaoxin.registry import audit
from gaoxin.registry.models import Enterprise, ImportBatch
from gaoxin.registry.uploads import import_limits, record_outcome, run_stored, store
from gaoxin.workflow.machine import advance, close_tasks, open_task
from gaoxin.workflow.notify import notify

ENTRY_FIELDS = {  # code → (headers accepted in an imported list, required)
    "project": (("项目名称",), True),
    "team": (("团队名称", "团队/企业名称", "企业名称", "参赛主体"), True),
    "leader": (("负责人", "项目负责人"), True),
    "phone": (("联系电话", "手机", "电话"), False),
    "organisation": (("所在单位", "依托单位"), False),
    "members": (("团队成员", "成员"), False),
    "track": (("赛道", "组别", "赛道/组别"), False),
    "summary": (("项目简介", "简介"), False),
    "credit_code": (("统一社会信用代码", "信用代码"), False),
}


class CompetitionError(ValueError):
    """What stops a competition step, in words."""


def _competition(program: Program) -> None:
    if program.kind != "competition":
        raise CompetitionError(gettext("该项目不是创新创业大赛"))


def _started(program: Program) -> bool:
    return program.rounds.exclude(status="pending").exists()


# ---- registration -------------------------------------------------------------------------------------------


def register(program: Program, data: dict, by, today: dt.date | None = None) -> Entry:
    """One entry from the registration form. Enterprise users register within the window and their entry is linked
    to their enterprise; staff may register entries for teams until the first round starts."""
    _competition(program)
    scope = Scope.of(by)
    today = today or dt.date.today()
    if _started(program):
        raise CompetitionError(gettext("比赛已开始，不能再报名"))
    if not scope.may("programs.enter_late", program) and not program.is_open(today):
        raise CompetitionError(gettext("报名时间为 {opens_on} 至 {closes_on}")
                .format(opens_on=program.opens_on, closes_on=program.closes_on))
    values = parse(EntryCommand, data, program=program)
    enterprise = values.pop("enterprise")
    if not scope.may("programs.enter_late", program):
        enterprise = Enterprise.objects.get(pk=scope.enterprise_id) if scope.is_enterprise else None
    if program.entries.filter(team=values["team"], project=values["project"]).exists():
        raise CompetitionError(gettext("“{values_team}”已报名项目《{values_project}》")
                .format(values_team=values['team'], values_project=values['project']))
    with transaction.atomic():
        entry = Entry.objects.create(program=program, enterprise=enterprise, registered_by=scope.actor, **values)
        audit.created(by, entry, ("project", "team", "leader"))
    return entry


@dataclass
class EntryImport:
    saved: int = 0
    problems: list[Problem] = field(default_factory=list)


def queue_entries(program: Program, upload, user, return_to: str = "") -> ImportBatch:
    """Keep an uploaded entry list and queue its import (`competition_entries`); staff only, before the first round
    (checked again when the job runs)."""
    _competition(program)
    if _started(program):
        raise CompetitionError(gettext("比赛已开始，不能再导入报名"))
    return store(upload, user, kind="entries", job="competition_entries", rule="programs.manage", obj=program,
                 params={"program": program.pk}, return_to=return_to)


def run_entries(program: Program, batch_id: int) -> ImportBatch:
    """The job's work: import a queued entry list and record the outcome on its batch."""
    def work(data: bytes, batch: ImportBatch) -> None:
        result = import_entries(program, data, batch.file_name, batch.uploaded_by)
        record_outcome(batch, result.problems, result.saved, f"已导入 {result.saved} 个参赛项目（{program.name}）")

    return run_stored(batch_id, work)


def import_entries(program: Program, data: bytes, file_name: str, by) -> EntryImport:
    """The entry list exported from a registration platform: every row saved, or none, with each problem's row and
    column; the header is checked before any row, within the settings' import limits."""
    Scope.of(by).require("programs.manage", program)
    _competition(program)
    if _started(program):
        return EntryImport(problems=[Problem(None, "", "", "比赛已开始，不能再导入报名")])
    try:
        sheet = read_table(data, file_name, import_limits(), header_check=_entry_header_problems)
    except BadHeader as exc:
        return EntryImport(problems=exc.problems)
    except UnreadableFile as exc:
        return EntryImport(problems=[Problem(None, "", file_name, str(exc))])
    rows, problems = _checked_rows(program, sheet)
    if problems:
        return EntryImport(problems=problems)
    with transaction.atomic():
        Entry.objects.bulk_create(Entry(program=program, registered_by=by, **values) for values in rows)
    return EntryImport(saved=len(rows))


def _entry_headers(headers: list[str]) -> dict[str, str | None]:
    return {code: next((h for h in headers if h and h.strip() in names), None)
            for code, (names, _) in ENTRY_FIELDS.items()}


def _entry_header_problems(headers: list[str], row: int) -> list[Problem]:
    header_of = _entry_headers(headers)
    return [Problem(row, names[0], "", f"缺少必填列“{names[0]}”")
            for code, (names, required) in ENTRY_FIELDS.items() if required and header_of[code] is None]


def _checked_rows(program: Program, sheet: Sheet) -> tuple[list[dict], list[Problem]]:
    header_of = _entry_headers(sheet.headers)
    seen = set(program.entries.values_list("team", "project"))
    rows, problems = [], []
    for source in sheet.rows:
        raw = {code: source.cells.get(h) if h else None for code, h in header_of.items()}
        command = EntryCommand(raw, program=program)
        if not command.is_valid():
            problems += [Problem(source.number, header_of.get(name) or ENTRY_FIELDS[name][0][0],
                                 "" if raw.get(name) is None else str(raw[name]), str(reason))
                         for name, reasons in command.errors.items() for reason in reasons]
            continue
        values = command.cleaned_data
        key = (values["team"], values["project"])
        if key in seen:
            problems.append(Problem(source.number, header_of["team"] or "团队名称", key[0],
                                    f"“{key[0]}”的项目《{key[1]}》重复报名"))
        else:
            rows.append(values)
        seen.add(key)
    if not rows and not problems:
        problems.append(Problem(None, "", "", "表中没有数据行"))
    return rows, problems


def link_enterprise(entry: Entry, credit_code: str, by) -> Entry:
    """落地: the team is now an enterprise in the registry; staff only, audited."""
    Scope.of(by).require("programs.manage", entry.program)
    code = normalise(credit_code)
    why = problem(code)
    if why:
        raise CompetitionError(why)
    enterprise = Enterprise.objects.filter(credit_code=code).first()
    if enterprise is None:
        raise CompetitionError(gettext("企业库中没有统一社会信用代码为 {code} 的企业：请先登记企业").format(code=code))
    with transaction.atomic():
        entry.enterprise = enterprise
        entry.save(update_fields=["enterprise"])
        audit.record(by, entry, "update", {"enterprise": ["（空）", enterprise.name]})
    return entry


# ---- rounds -------------------------------------------------------------------------------------------------


def in_round(round_: Round) -> list[Entry]:
    """The entries competing in this round (those withdrawn since are left out)."""
    rows = round_.program.entries.exclude(status="withdrawn").select_related("enterprise", "registered_by")
    if round_.status == "pending":
        rows = rows.filter(status="competing", reached=round_.seq)
    else:
        rows = rows.filter(pk__in=round_.judgings.values("entry_id"))
    return list(rows.order_by("pk"))


def withdraw(entry: Entry, by, reason: str = "") -> Entry:
    """The team leaves; its judges' open to-dos close with it."""
    with transaction.atomic():
        advance(ENTRY, entry, "withdraw", by, reason)
        for judging in entry.judgings.filter(submitted_at=None):
            close_tasks(judging)
    return entry


def start_round(round_: Round, by, seed: int | None = None) -> ReviewDraw:
    """Draw the judges for every entry of the round and open their to-dos. The first round takes every registered
    entry; a later one, the entries the previous round sent on. All or nothing."""
    Scope.of(by).require("programs.manage", round_.program)
    program = round_.program
    _competition(program)
    if round_.status != "pending":
        raise CompetitionError(gettext("{round_name}已开始").format(round_name=round_.name))
    previous = program.rounds.filter(seq__lt=round_.seq).order_by("-seq").first()
    if previous is not None and previous.status != "closed":
        raise CompetitionError(gettext("请先结束{previous_name}").format(previous_name=previous.name))
    seed = secrets.randbits(48) if seed is None else seed
    with transaction.atomic():
        if previous is None:
            for entry in program.entries.filter(status="registered"):
                advance(ENTRY, entry, "start", by, f"进入{round_.name}",
                        change=lambda e: setattr(e, "reached", round_.seq))
        entries = list(program.entries.filter(status="competing", reached=round_.seq)
                       .select_related("enterprise", "registered_by").order_by("pk"))
        if not entries:
            raise CompetitionError(gettext("{round_name}没有参赛项目").format(round_name=round_.name))
        plan = review.assign(entries, round_.judges, seed, _conflicts)
        if plan.short:
            raise CompetitionError("回避后评委不足：" + "；".join(plan.short))
        record = ReviewDraw.objects.create(program=program, round=round_, seed=seed, by=by, log=plan.log)
        for entry, chosen in plan.chosen:
            Judging.objects.bulk_create(Judging(entry=entry, round=round_, reviewer=r, draw=record) for r in chosen)
        for judging in record.judgings.select_related("reviewer__user", "entry"):
            open_task(judging, judging.reviewer.user, f"大赛评审（{round_.name}）：{judging.entry}",
                      reverse("programs:judging", args=[judging.pk]))
        advance(ROUND, round_, "start", by, f"随机种子 {seed}，{len(entries)} 个项目")
        notify([r.user for _, chosen in plan.chosen for r in chosen], f"新的大赛评审任务：{program.name} {round_.name}",
               reverse("portal:reviews"))
    return record


def _conflicts(reviewer, entry: Entry) -> list[str]:
    return review.conflicts_with(reviewer, entry.enterprise, entry.organisation_name, [entry.registered_by])


def submit_judging(judging: Judging, values: dict[str, str], comment: str) -> Judging:
    """Score one entry against the competition's rubric; once only (row lock), and only while the round runs."""
    with transaction.atomic():
        locked = Judging.objects.select_for_update().select_related("round__program").get(pk=judging.pk)
        if locked.submitted_at is not None:
            raise ValueError(gettext("评审意见已提交，不能修改"))
        if locked.round.status != "judging":
            raise ValueError(gettext("该轮评审未在进行"))
        review.score(locked, locked.round.program.rubric, values, comment)
    return locked


def ranking(round_: Round) -> list[review.Ranked]:
    """The round's entries by the competition's aggregation, ties ordered as the module says."""
    judgings = list(round_.judgings.all())
    ranked = review.rank(in_round(round_), judgings, "entry_id", round_.program.aggregation)
    earlier = _previous_scores(round_)
    return sorted(ranked, key=lambda r: (r.score is None, -(r.score or 0), -earlier.get(r.subject.pk, -1e9),
                                         r.subject.pk))


def _previous_scores(round_: Round) -> dict[int, float]:
    previous = round_.program.rounds.filter(seq__lt=round_.seq, status="closed").order_by("-seq").first()
    if previous is None:
        return {}
    return {row["entry"]: float(row["score"]) for row in previous.results if row["score"] is not None}


def close_round(round_: Round, by) -> list[dict]:
    """Record the round's ranking; send the best on (ties at the cut go on too) or, after the last round, mark the
    entries finalists. Every judge must have submitted."""
    Scope.of(by).require("programs.manage", round_.program)
    if round_.status != "judging":
        raise CompetitionError(gettext("{round_name}不在评审中").format(round_name=round_.name))
    waiting = round_.judgings.filter(submitted_at=None).exclude(entry__status="withdrawn").count()
    if waiting:
        raise CompetitionError(gettext("还有 {waiting} 份评审意见未提交").format(waiting=waiting))
    ranked = ranking(round_)
    last = not round_.program.rounds.filter(seq__gt=round_.seq).exists()
    cut = _cut(ranked, round_.advancing) if not last else len(ranked)
    results = []
    with transaction.atomic():
        for place, row in enumerate(ranked, start=1):
            entry, goes_on = row.subject, place <= cut
            action = "finish" if last else ("promote" if goes_on else "eliminate")
            change = (lambda e: setattr(e, "reached", round_.seq + 1)) if action == "promote" else None
            note = f"{round_.name}第 {place} 名，得分 {row.score}"
            if entry.status == "competing":
                advance(ENTRY, entry, action, by, note, change=change)
            results.append({"entry": entry.pk, "rank": place, "score": None if row.score is None else str(row.score),
                            "mean": None if row.mean is None else str(row.mean), "outcome": action})
        def record(locked: Round) -> None:
            locked.results, locked.closed_at = results, timezone.now()

        closed = advance(ROUND, round_, "close", by, f"{len(results)} 个项目排名已记录", change=record)
        round_.results, round_.closed_at = closed.results, closed.closed_at
    return results


def _cut(ranked: list[review.Ranked], advancing: int) -> int:
    """How many go on: `advancing`, extended over entries tied with the last one (同分并列晋级)."""
    if advancing >= len(ranked):
        return len(ranked)
    if advancing == 0:
        return 0
    boundary = ranked[advancing - 1].score
    return advancing + sum(1 for r in ranked[advancing:] if r.score is not None and r.score == boundary)


# ---- prizes and money -----------------------------------------------------------------------------------------


def tiers_cost(program: Program) -> Decimal:
    return sum((Decimal(str(t["amount"])) * int(t["count"]) for t in program.prize_tiers), Decimal(0))


def award_prizes(program: Program, by) -> list[Prize]:
    """Prizes by final rank, tier after tier, once the last round is closed; the tiers must fit in the budget."""
    Scope.of(by).require("programs.manage", program)
    _competition(program)
    final = program.rounds.order_by("-seq").first()
    if final is None or final.status != "closed":
        raise CompetitionError(gettext("决赛结束后才能评定奖项"))
    if program.entries.filter(prize__isnull=False).exists():
        raise CompetitionError(gettext("奖项已评定"))
    if tiers_cost(program) > program.budget:
        raise CompetitionError(gettext("奖项合计 {prizes} 万元，超过资金总额 {budget} 万元")
                .format(prizes=tiers_cost(program), budget=program.budget))
    by_pk = {e.pk: e for e in program.entries.filter(status="finalist")}
    order = [row for row in final.results if row["entry"] in by_pk and row["score"] is not None]
    slots = [t for t in program.prize_tiers for _ in range(int(t["count"]))]
    prizes = []
    with transaction.atomic():
        for row, tier in zip(order, slots, strict=False):
            entry = by_pk[row["entry"]]
            prizes.append(Prize.objects.create(entry=entry, tier=tier["name"], rank=row["rank"],
                                               score=Decimal(row["score"]), amount=Decimal(str(tier["amount"])),
                                               decided_by=by))
            advance(ENTRY, entry, "award", by, f"{tier['name']}，奖金 {tier['amount']} 万元")
    return prizes


def pay_prize(prize: Prize, paid_on: dt.date, reference: str, by) -> Prize:
    """Record the prize's payment once (row lock), to the entry's enterprise: staff only, whoever calls."""
    scope = Scope.of(by)
    scope.require("programs.pay_prize", prize)
    if not reference.strip():
        raise CompetitionError(gettext("请填写凭证号"))
    with transaction.atomic():
        locked = Prize.objects.select_for_update().select_related("entry").get(pk=prize.pk)
        if locked.paid_on is not None:
            raise CompetitionError(gettext("该奖金已于 {paid_on} 拨付，不能重复登记").format(paid_on=locked.paid_on))
        if locked.entry.enterprise_id is None:
            raise CompetitionError(gettext("该团队尚未落地为企业库中的企业，暂不能拨付"))
        locked.paid_on, locked.reference, locked.paid_by = paid_on, reference.strip()[:60], scope.actor
        locked.save(update_fields=["paid_on", "reference", "paid_by"])
        audit.created(by, locked, ("paid_on", "reference"), action="update", enterprise=locked.entry.enterprise)
    return locked


def record_precredit(entry: Entry, data, by) -> PreCredit:
    """A bank's pre-credit for an entry, as reported (`PreCreditCommand`); the loan drawn never exceeds it."""
    values = parse(PreCreditCommand, data)
    drawn = values["drawn"] or Decimal(0)
    if drawn > values["amount"]:
        raise CompetitionError(gettext("已放款不能超过授信额度"))
    with transaction.atomic():
        made = PreCredit.objects.create(
            entry=entry, bank=values["bank"].strip(), product=values["product"].strip(), amount=values["amount"],
            drawn=drawn, term_months=values["term_months"], status=values["status"] or "intent",
            reason=values["reason"].strip(), recorded_on=values["recorded_on"] or timezone.localdate(),
            recorded_by=by)
        audit.created(by, made, ("bank", "amount", "drawn", "status"))
    return made


