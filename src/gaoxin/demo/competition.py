"""The demo zone's 创新创业大赛 of last year, run to the end through the competition services: eight entries (teams
from the university and institute, and young enterprises of the zone), 初赛 and 决赛 judged by the expert panel,
four prizes (40 万元), one winning team settled in the zone and paid, and two banks' pre-credit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model

from gaoxin.accounts.roles import Role
from gaoxin.demo.programs import expert_panel
from gaoxin.programs import competition
from gaoxin.programs.models import Judging, Program, Round
from gaoxin.registry.models import Enterprise

RUBRIC = [{"code": "innovation", "label": "创新性", "weight": 40, "max": 10},
          {"code": "team", "label": "团队", "weight": 30, "max": 10},
          {"code": "market", "label": "商业前景", "weight": 30, "max": 10}]
TIERS = [{"name": "一等奖", "count": 1, "amount": "20.00"}, {"name": "二等奖", "count": 1, "amount": "10.00"},
         {"name": "三等奖", "count": 2, "amount": "5.00"}]
TEAMS = [  # team, project, leader, organisation, track
    ("青江大学智能感知团队", "柔性触觉传感器", "陈立", "青江大学", "创意组"),
    ("青江研究院氢能团队", "低成本电解槽催化剂", "吴桐", "青江工业技术研究院", "创意组"),
    ("青江大学生物医药团队", "多肽药物递送平台", "刘畅", "青江大学", "创意组"),
    ("海归创业团队", "工业视觉检测软件", "郑远", "", "创意组"),
]
STRENGTH = [9.2, 8.8, 7.1, 8.1, 7.6, 6.4, 8.4, 6.9]  # one per entry, teams first


def seed_competition(today: dt.date | None = None) -> Program | None:
    today = today or dt.date.today()
    if Program.objects.filter(kind="competition").exists():
        return None
    staff = get_user_model().objects.filter(groups__name=Role.zone_staff.value).first()
    year = today.year - 1
    program = Program.objects.create(
        name=f"{year} 年青江创新创业大赛", kind="competition", year=year, budget=Decimal(40),
        opens_on=dt.date(year, 5, 1), closes_on=dt.date(year, 6, 30), rubric=RUBRIC, prize_tiers=TIERS,
        tracks=["创意组", "成长组"],
        guide="面向高校院所团队和成立 5 年内的企业，分创意组、成长组，获奖团队落地本区后拨付奖金。")
    Round.objects.create(program=program, seq=1, name="初赛", judges=3, advancing=4)
    Round.objects.create(program=program, seq=2, name="决赛", judges=3)
    expert_panel()
    entries = [competition.register(program, {"team": t, "project": p, "leader": lead, "organisation": org,
                                              "track": track}, staff) for t, p, lead, org, track in TEAMS]
    for enterprise in _young(today):
        entries.append(competition.register(program, {
            "team": enterprise.name, "project": f"{enterprise.name[:4]}新产品", "leader": "总经理", "track": "成长组",
            "credit_code": enterprise.credit_code}, staff))
    strength = {e.pk: s for e, s in zip(entries, STRENGTH, strict=False)}
    for round_ in program.rounds.all():
        competition.start_round(round_, staff, seed=20250600 + round_.seq)
        for judging in Judging.objects.filter(round=round_).select_related("entry"):
            value = str(Decimal(str(strength[judging.entry_id])) - Decimal("0.3") * (judging.reviewer_id % 3))
            competition.submit_judging(judging, {c["code"]: value for c in RUBRIC}, "技术路线清楚，市场定位明确。")
        competition.close_round(round_, staff)
    prizes = competition.award_prizes(program, staff)
    _settle_and_pay(prizes, staff, dt.date(year, 11, 20))
    return program


def _young(today: dt.date) -> list[Enterprise]:
    young = Enterprise.objects.filter(founded_on__gte=today - dt.timedelta(days=5 * 365)).order_by("-credit_code")
    return list(young[:8 - len(TEAMS)])


def _settle_and_pay(prizes: list, staff, day: dt.date) -> None:
    """The winner registers in the zone and is paid; banks offer pre-credit to the top two (one declines)."""
    winner = prizes[0].entry
    settled = winner.enterprise or Enterprise.objects.filter(competition_entries=None).order_by("credit_code").first()
    if winner.enterprise is None and settled is not None:
        competition.link_enterprise(winner, settled.credit_code, staff)
    if settled is not None:
        competition.pay_prize(prizes[0], day, "DS-2025-001", staff)
    competition.record_precredit(winner, {"bank": "青江农商银行", "product": "科创贷", "amount": "300",
                                          "drawn": "100", "term_months": "12", "status": "drawn",
                                          "recorded_on": day}, staff)
    competition.record_precredit(prizes[1].entry, {"bank": "青江银行", "product": "人才贷", "amount": "200",
                                                   "status": "declined", "reason": "尚无营业收入，担保不足",
                                                   "recorded_on": day}, staff)
