"""Decision and money: allocation by rank within the cap and the budget, 公示 and appeals, the agreement, and
tranches paid once each, only after their milestone is accepted.

Allocation rule (shown to staff on the page and in the 公示 export):
- only applications whose reviews are all in and whose mean score reaches the program's pass score qualify;
- in ranking order, each gets what it asked for, at most the per-award cap (or the cap when it asked nothing);
- when the remaining budget cannot pay the next one in full, allocation stops there: no split awards, no
  skipping down the list to smaller requests;
- ties on the aggregate score are ordered by the mean raw score, then by who submitted first.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext
from docx import Document
from openpyxl import Workbook

from gaoxin.accounts.scope import Scope
from gaoxin.core.commands import parse
from gaoxin.intake.xlsx import workbook_bytes, write_sheet
from gaoxin.programs.forms import AnswerCommand, ObjectionCommand
from gaoxin.programs.machines import APPLICATION, AWARD, TRANCHE
from gaoxin.programs.models import Application, Award, Objection, Payment, Program, Tranche
from gaoxin.programs.review import ranking
from gaoxin.registry import audit
from gaoxin.workflow.machine import IllegalTransition, advance

CENT = Decimal("0.01")


def allocate(program: Program, by, today: dt.date | None = None) -> list[Award]:
    """Close the review and decide every application under review; awards start their 公示."""
    Scope.of(by).require("programs.manage", program)
    today = today or timezone.localdate()
    ranked = ranking(program)
    open_reviews = [r for r in ranked if r.application.status == "under_review" and not r.complete]
    if open_reviews:
        raise ValueError("仍有申报评分未齐：" + "、".join(str(r.application) for r in open_reviews))
    ranked = [r for r in ranked if r.application.status == "under_review"]
    if not ranked:
        raise ValueError(gettext("没有待决定的申报"))
    ranked.sort(key=lambda r: (-(r.score or 0), -(r.mean or 0), r.application.submitted_at or timezone.now()))
    left, awards, stopped = program.budget, [], False
    with transaction.atomic():
        for rank, item in enumerate(ranked, start=1):
            application = item.application
            advance(APPLICATION, application, "finish_review", by)
            amount = _amount(program, application)
            if item.mean is None or item.mean < program.pass_score:
                advance(APPLICATION, application, "reject", by,
                        f"评审平均分 {_num(item.mean)} 低于 {_num(program.pass_score)} 分")
            elif stopped or amount > left:
                stopped = True
                advance(APPLICATION, application, "reject", by, f"排名第 {rank} 名，资金已分配完毕")
            else:
                left -= amount
                awards.append(Award.objects.create(
                    application=application, amount=amount, rank=rank, score=item.score, decided_by=by,
                    public_notice_until=public_notice_end(program, today),
                    warnings=duplicate_funding(application)))
                advance(APPLICATION, application, "award", by, f"排名第 {rank} 名，拟支持 {amount} 万元")
    return awards


def public_notice_end(program: Program, today: dt.date) -> dt.date:
    """The last day of 公示: N days counting the decision day; with N = 0 (no 公示) the window is already over."""
    return today + dt.timedelta(days=program.public_notice_days - 1)


def _num(value: Decimal | None) -> str:
    return "—" if value is None else format(value.normalize(), "f")


def _amount(program: Program, application: Application) -> Decimal:
    asked = application.requested or program.award_cap or Decimal(0)
    return min(asked, program.award_cap).quantize(CENT) if program.award_cap is not None else asked.quantize(CENT)


def duplicate_funding(application: Application) -> list[str]:
    """Other live awards of the same enterprise; the same project title funded elsewhere is said first."""
    others = Award.objects.filter(application__enterprise=application.enterprise).exclude(
        status="cancelled").exclude(application=application).select_related("application__program")
    same = [a for a in others if a.application.project_title.strip() == application.project_title.strip()]
    rest = [a for a in others if a not in same]
    return ([f"同一项目《{a.application.project_title}》已获《{a.application.program.name}》支持 {a.amount} 万元"
             for a in same] +
            [f"该企业已获《{a.application.program.name}》支持 {a.amount} 万元" for a in rest])


def public_notice_workbook(program: Program) -> bytes:
    """公示名单: the proposed awards in rank order, with the window for objections."""
    book = Workbook()
    sheet = book.active
    sheet.title = "公示名单"
    awards = Award.objects.filter(application__program=program).exclude(status="cancelled").select_related(
        "application__enterprise").order_by("rank")
    headers = ["排名", "企业名称", "统一社会信用代码", "项目名称", "评审得分", "拟支持金额（万元）", "公示截止"]
    write_sheet(sheet, headers,
                ([a.rank, a.application.enterprise.name, a.application.enterprise.credit_code,
                  a.application.project_title, float(a.score) if a.score is not None else "", float(a.amount),
                  a.public_notice_until.isoformat()] for a in awards))
    write_sheet(book.create_sheet("说明"), ["项目", "内容"], [
        ["扶持项目", str(program)], ["资金总额（万元）", float(program.budget)],
        ["单项上限（万元）", float(program.award_cap) if program.award_cap is not None else "不限"],
        ["分配规则", "按评审排名依次足额支持（不超过单项上限），余额不足以足额支持下一名时停止；"
                     "并列时依次比较原始平均分、提交时间"]])
    return workbook_bytes(book)


def file_appeal(application: Application, by, data, today: dt.date | None = None) -> Objection:
    """A 公示 异议 by the applicant (`ObjectionCommand`), within the 公示 period, once the application has a
    decision; audited."""
    scope = Scope.of(by)
    scope.require("programs.file_appeal", application)
    today = today or timezone.localdate()
    award = Award.objects.filter(application__program=application.program).order_by("public_notice_until").first()
    if award is None or today > award.public_notice_until:
        raise ValueError(gettext("不在公示期内，不能提出异议"))
    if application.status not in ("awarded", "rejected"):
        raise ValueError(gettext("该申报尚无决定"))
    text = parse(ObjectionCommand, data)["text"].strip()
    with transaction.atomic():
        objection = Objection.objects.create(about="public_notice", enterprise=application.enterprise,
                                             application=application, text=text, raised_by=scope.actor)
        audit.created(by, objection, ("text",))
    return objection


def answer_appeal(appeal: Objection, by, data) -> Objection:
    """Answer an objection to the 公示 (`AnswerCommand`; staff only, whoever calls: page, API, command or job),
    once."""
    Scope.of(by).require("programs.answer_appeal", appeal)
    values = parse(AnswerCommand, data)
    upheld, answer = values["upheld"], values["answer"]
    with transaction.atomic():
        locked = Objection.objects.select_for_update().get(pk=appeal.pk, about="public_notice")
        if locked.status != "open":
            raise ValueError(gettext("该异议已答复"))
        locked.upheld, locked.answer, locked.answered_at = upheld, answer.strip(), timezone.now()
        locked.status, locked.answered_by = "answered", Scope.of(by).actor
        locked.save()
        audit.record(by, locked, "update", {"upheld": ["", audit.display(upheld)], "answer": ["", locked.answer]})
    appeal.upheld, appeal.answer, appeal.answered_at = locked.upheld, locked.answer, locked.answered_at
    return locked


def confirm(award: Award, by, today: dt.date | None = None) -> Award:
    """Confirm after 公示: only once the window has passed and every objection to the program is answered and
    none upheld against this award."""
    today = today or timezone.localdate()
    if today <= award.public_notice_until:
        raise IllegalTransition(gettext("公示期至 {public_notice_until}，期满后方可确认")
                .format(public_notice_until=award.public_notice_until))
    appeals = Objection.objects.filter(about="public_notice", application__program=award.application.program)
    if appeals.filter(answered_at=None).exists():
        raise IllegalTransition(gettext("尚有异议未答复"))
    if appeals.filter(application=award.application, upheld=True).exists():
        raise IllegalTransition(gettext("针对该项目的异议成立，请撤销或重新决定"))
    return advance(AWARD, award, "confirm", by)


def sign(award: Award, by) -> Award:
    """Record the signed agreement and create the tranches from the program's plan (the last takes the
    remainder, so they add up to the award exactly); tranches due on signing are released at once, and the
    yearly follow-up reports are scheduled."""
    plan = award.application.program.tranche_plan or [{"share": 1, "milestone": "签订协议", "on_signing": True}]

    def tranches(locked: Award) -> None:
        made, total = [], Decimal(0)
        for seq, step in enumerate(plan, start=1):
            last = seq == len(plan)
            amount = locked.amount - total if last else (locked.amount * Decimal(str(step["share"]))).quantize(CENT)
            total += amount
            made.append(Tranche(award=locked, seq=seq, milestone=step["milestone"], amount=amount))
        Tranche.objects.bulk_create(made)

    from gaoxin.programs.outcomes import schedule_followups

    signed = advance(AWARD, award, "sign", by, change=tranches)
    for step, tranche in zip(plan, signed.tranches.order_by("seq"), strict=True):
        if step.get("on_signing"):
            advance(TRANCHE, tranche, "release", by, "协议签订即达成")
    schedule_followups(signed)
    return signed


def report_milestone(tranche: Tranche, by, text: str) -> Tranche:
    if not text.strip():
        raise IllegalTransition(gettext("请填写里程碑完成情况"))

    def keep(locked: Tranche) -> None:
        locked.report = text.strip()[:5000]

    return advance(TRANCHE, tranche, "report", by, change=keep)


def pay(tranche: Tranche, by, amount: Decimal, paid_on: dt.date, reference: str) -> Payment:
    """Record the payment of an accepted tranche, exactly its amount, once: the tranche row is locked and the
    database refuses a second payment, so two clicks or two people pay once."""
    Scope.of(by).require("programs.release_tranche", tranche)
    if Decimal(amount).quantize(CENT) != tranche.amount:
        raise IllegalTransition(gettext("拨付金额应为本期金额 {amount} 万元").format(amount=tranche.amount))
    if not reference.strip():
        raise IllegalTransition(gettext("请填写拨付凭证号"))

    def record(locked: Tranche) -> None:
        Payment.objects.create(tranche=locked, amount=locked.amount, paid_on=paid_on, reference=reference.strip(),
                               recorded_by=Scope.of(by).actor)

    try:
        advance(TRANCHE, tranche, "pay", by, f"凭证 {reference.strip()}", change=record)
    except IntegrityError:
        raise IllegalTransition(gettext("本期已拨付")) from None
    return Payment.objects.get(tranche=tranche)


def agreement_docx(award: Award) -> bytes:
    """The award agreement (资助协议) with parties, amount and the tranches with their milestones."""
    application, program = award.application, award.application.program
    document = Document()
    document.add_heading(f"{program.name}资助协议", 0)
    document.add_paragraph(f"甲方（资助方）：{program.department}")
    document.add_paragraph(f"乙方（受资助方）：{application.enterprise.name}（统一社会信用代码 "
                           f"{application.enterprise.credit_code}）")
    document.add_paragraph(f"项目名称：《{application.project_title}》")
    document.add_paragraph(f"资助金额：人民币 {award.amount} 万元，经评审排名第 {award.rank} 名、"
                           "公示期满无异议后立项。")
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("期次", "拨付条件（里程碑）", "金额（万元）"), strict=True):
        cell.text = text
    plan = program.tranche_plan or [{"share": 1, "milestone": "签订协议"}]
    amounts = [t.amount for t in award.tranches.order_by("seq")] or [None] * len(plan)
    for seq, (step, amount) in enumerate(zip(plan, amounts, strict=True), start=1):
        row = table.add_row().cells
        row[0].text, row[1].text = str(seq), step["milestone"]
        row[2].text = str(amount) if amount is not None else f"{Decimal(str(step['share'])) * 100:.0f}%"
    document.add_paragraph("乙方应按期提交里程碑报告；每期资金在相应里程碑经甲方验收通过后拨付。乙方应按要求报送"
                           "项目跟踪报告（营业收入、研发投入、新增就业、知识产权、融资等），配合绩效评价。")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
