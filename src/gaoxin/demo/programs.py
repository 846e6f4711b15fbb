"""The demo zone's seed fund: last year's round finished (4 enterprises, 61 万元, at most 20 万 each, reviewed by a
panel, paid in two tranches) and this year's round open, both built through the same services users drive."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from reportlab.pdfgen import canvas

from gaoxin.accounts.models import Profile
from gaoxin.accounts.roles import Role
from gaoxin.programs import money, review, services
from gaoxin.programs.machines import APPLICATION, TRANCHE
from gaoxin.programs.models import Application, Award, Program, ReviewAssignment, Reviewer, Tranche
from gaoxin.registry.models import Enterprise, held_on
from gaoxin.workflow.machine import advance

FIELDS = [{"code": "summary", "label": "项目简介", "kind": "textarea", "required": True},
          {"code": "team", "label": "团队情况", "kind": "textarea", "required": False}]
FILES = [{"code": "plan", "label": "商业计划书", "types": ["pdf", "docx"], "max_mb": 10, "required": True}]
RUBRIC = [{"code": "tech", "label": "技术创新性", "weight": 40, "max": 10},
          {"code": "team", "label": "团队能力", "weight": 30, "max": 10},
          {"code": "market", "label": "市场前景", "weight": 30, "max": 10}]
PLAN = [{"share": 0.5, "milestone": "签订协议", "on_signing": True}, {"share": 0.5, "milestone": "中期验收"}]
ELIGIBILITY = {"titles": ["tech_sme"], "clauses": [
    {"id": "program.young", "label": "成立不超过 5 年", "article": "孵化种子资金申报指南 第三条",
     "test": {"kind": "age", "op": "<=", "days": 1826}}]}
ASKED = [Decimal(20), Decimal(18), Decimal(15), Decimal(8), Decimal(12), Decimal(10)]  # the first four make 61


def seed_programs(today: dt.date | None = None) -> None:
    today = today or dt.date.today()
    if Program.objects.filter(kind="seed_fund").exists():
        return
    staff = get_user_model().objects.filter(groups__name=Role.zone_staff.value).first()
    panel = expert_panel()
    day = dt.date(today.year - 1, 4, 10)
    applicants = _applicants(today, day)
    finished = _program(today.year - 1, dt.date(today.year - 1, 4, 1), dt.date(today.year - 1, 4, 30),
                        {"clauses": ELIGIBILITY["clauses"]})  # that year's guide did not ask for 科小
    _finished_round(finished, applicants[:6], panel, staff, day)
    current = _program(today.year, today - dt.timedelta(days=10), today + dt.timedelta(days=20), ELIGIBILITY)
    for enterprise in applicants[6:8]:
        user = _applicant_user(enterprise)
        application = services.start(current, enterprise, user, f"{enterprise.name[:6]}新产品研发", today)
        _fill(application, user, Decimal(15))
        services.submit(application, user, today)


def _program(year: int, opens: dt.date, closes: dt.date, eligibility: dict) -> Program:
    return Program.objects.create(
        name=f"{year} 年孵化种子资金", kind="seed_fund", year=year, budget=Decimal(61), award_cap=Decimal(20),
        opens_on=opens, closes_on=closes, eligibility=eligibility, form_fields=FIELDS, attachments=FILES,
        rubric=RUBRIC, reviewers_per_application=3, tranche_plan=PLAN,
        guide="支持成立不超过 5 年、已入库科技型中小企业的在孵企业开展新产品研发和中试，单项不超过 20 万元。")


def expert_panel() -> list[Reviewer]:
    users = get_user_model().objects
    group = Group.objects.get(name=Role.reviewer.value)
    panel = []
    for n, (name, affiliation) in enumerate([("林教授", "青江大学"), ("周研究员", "青江工业技术研究院"),
                                              ("许总", "青江创投"), ("何工", "青江检测认证中心")]):
        user = users.filter(username="expert").first() if n == 0 else None
        if user is None:
            user, _ = users.get_or_create(username=f"expert{n + 1}")
            user.set_unusable_password()
            user.save()
            user.groups.add(group)
            Profile.objects.get_or_create(user=user, defaults={"display_name": name})
        panel.append(Reviewer.objects.get_or_create(user=user, defaults={"name": name,
                                                                          "affiliation": affiliation})[0])
    return panel


def _applicants(today: dt.date, last_round: dt.date) -> list[Enterprise]:
    """Young 科小 enterprises of the demo zone, the kind the seed fund is for, founded a year before last year's
    round (so they existed then and are still under 5 years old now)."""
    young = Enterprise.objects.filter(founded_on__gte=today - dt.timedelta(days=4 * 365),
                                      founded_on__lte=last_round - dt.timedelta(days=365),
                                      titles__title="tech_sme").filter(held_on(today, "titles__")).distinct()
    return list(young.order_by("credit_code")[:8])


def _applicant_user(enterprise: Enterprise):
    user, made = get_user_model().objects.get_or_create(username=f"qy-{enterprise.credit_code[-6:].lower()}")
    if made:
        user.set_unusable_password()
        user.save()
        user.groups.add(Group.objects.get(name=Role.enterprise_user.value))
        Profile.objects.create(user=user, display_name=enterprise.name[:20], enterprise=enterprise)
    return user


def _fill(application: Application, user, asked: Decimal) -> None:
    services.save_answers(application, {"project_title": application.project_title, "requested": str(asked),
                                        "field:summary": "研发新一代产品并完成中试。",
                                        "field:team": "核心团队 6 人，均有十年以上行业经验。"}, user)
    services.attach(application, "plan", SimpleUploadedFile("商业计划书.pdf", _pdf()), user)


def _pdf() -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, "Business plan (demo)")
    page.save()
    return buffer.getvalue()


def _finished_round(program: Program, applicants: list[Enterprise], panel: list[Reviewer], staff,
                    day: dt.date) -> None:
    for n, enterprise in enumerate(applicants):
        user = _applicant_user(enterprise)
        application = services.start(program, enterprise, user, f"{enterprise.name[:6]}中试项目", day)
        _fill(application, user, ASKED[n])
        services.submit(application, user, day)
        advance(APPLICATION, application, "accept", staff)
    review.draw(program, staff, seed=20250410)
    for assignment in ReviewAssignment.objects.filter(application__program=program):
        strength = 9 - ASKED.index(assignment.application.requested) * Decimal("0.6")
        review.submit_scores(assignment, {c["code"]: str(strength.quantize(Decimal("0.1"))) for c in RUBRIC},
                             "技术路线清楚，建议支持。" if strength >= 6 else "创新性一般。")
    decided = day + dt.timedelta(days=30)
    for award in money.allocate(program, staff, decided):
        money.confirm(award, staff, decided + dt.timedelta(days=program.public_notice_days))
        signed = money.sign(Award.objects.get(pk=award.pk), staff)
        first, second = signed.tranches.order_by("seq")
        money.pay(first, staff, first.amount, decided + dt.timedelta(days=20), f"ZJ{award.rank:03d}-1")
        if award.rank <= 2:  # the first two reached their mid-term milestone
            owner = _applicant_user(award.application.enterprise)
            money.report_milestone(second, owner, "中试线建成，样品通过第三方检测。")
            advance(TRANCHE, Tranche.objects.get(pk=second.pk), "accept_report", staff)
            money.pay(Tranche.objects.get(pk=second.pk), staff, second.amount,
                      decided + dt.timedelta(days=200), f"ZJ{award.rank:03d}-2")
