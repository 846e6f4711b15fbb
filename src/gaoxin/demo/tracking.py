"""The demo zone's service work of this year, filed through the same services staff and parks use: thirty major
projects (most reported on time, some behind, one under 督办, so the colours come from the rules), and the
departments' visits with the needs they heard."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.contrib.auth import get_user_model

from gaoxin.accounts.roles import Role
from gaoxin.months import add_months
from gaoxin.registry.models import Enterprise, Park
from gaoxin.tracking.machines import NEED
from gaoxin.tracking.models import Department, MajorProject, Need, ProjectCategory, Visit
from gaoxin.tracking.services import escalate, file_report
from gaoxin.tracking.status import due_periods, status
from gaoxin.tracking.visits import close, raise_need, reply, schedule
from gaoxin.workflow.machine import advance

NAMES = ["智能装备产业园", "新能源电池材料", "集成电路封测", "生物医药研发中心", "工业互联网平台", "高端医疗器械",
         "氢能装备制造", "数字经济产业园", "新型显示模组", "智能网联汽车零部件", "光伏组件扩产", "人工智能算力中心",
         "航空零部件", "高分子新材料", "创新药中试基地", "5G 通信模块", "储能系统集成", "精密模具",
         "智慧物流园", "半导体设备", "环保新材料", "机器人整机", "检验检测平台", "软件外包基地", "冷链物流",
         "节能装备", "基因检测", "传感器产线", "北斗导航应用", "跨境电商产业园"]


def seed_projects(today: dt.date | None = None) -> int:
    today = today or dt.date.today()
    if MajorProject.objects.filter(year=today.year).exists():
        return 0
    rng = random.Random(2025)
    users = get_user_model().objects
    staff = users.filter(groups__name=Role.zone_staff.value).first()
    parks = list(Park.objects.filter(active=True))
    categories = {c.name: c for c in ProjectCategory.objects.all()}
    weights = [("科技类", 0.6), ("产业类", 0.3), ("基础设施类", 0.1)]
    enterprises = list(Enterprise.objects.order_by("credit_code")[:60])
    start = dt.date(today.year, 1, 1)
    for n, name in enumerate(NAMES):
        category = categories[rng.choices([w[0] for w in weights], [w[1] for w in weights])[0]]
        investment = Decimal(rng.choice([3000, 8000, 12000, 20000, 50000, 100000, 200000]))
        project = MajorProject.objects.create(
            name=name, year=today.year, category=category, park=parks[n % len(parks)],
            enterprise=enterprises[n * 2] if enterprises and n % 3 else None, officer=staff,
            investment=investment, year_plan=(investment * Decimal("0.3")).quantize(Decimal(1)),
            signed_by=start + dt.timedelta(days=30), started_by=start + dt.timedelta(days=90 + 10 * n),
            in_operation_by=dt.date(today.year + (n % 3 == 0), 12, 1), tracked_from=start)
        _report(project, n, today, rng)
    _escalate_worst(staff, today)
    return len(NAMES)


def _report(project: MajorProject, n: int, today: dt.date, rng: random.Random) -> None:
    """Every due period reported with steady progress, except for the few kept behind on purpose."""
    periods = due_periods(project, today)
    if n % 10 == 7:  # three projects have stopped reporting, three are one report late
        periods = periods[:-2]
    elif n % 10 == 9:
        periods = periods[:-1]
    reporter = _liaison(project) or project.officer
    pace = {4: Decimal("0.4"), 6: Decimal("0.7")}.get(n % 10, Decimal("1.05"))  # some invest below plan
    for i, period in enumerate(periods, start=1):
        stage = "negotiating" if n % 10 == 1 else "started" if i * 30 >= 90 + 10 * n or i > 6 else "signed"
        done = (project.year_plan * Decimal(i) / 12 * pace).quantize(Decimal("0.01"))
        file_report(project, {"period": period.isoformat(), "stage": stage, "progress": str(min(95, 8 * i)),
                              "invested": str(done), "invested_year": str(done),
                              "problems": "用工紧张" if rng.random() < 0.2 else ""},
                    reporter, add_months(period, 1).replace(day=3))
        project.refresh_from_db()


def _liaison(project: MajorProject):
    return get_user_model().objects.filter(profile__park=project.park, groups__name=Role.park_liaison.value).first()


def _escalate_worst(staff, today: dt.date) -> None:
    for project in MajorProject.objects.filter(year=today.year).order_by("pk"):
        state = status(project, today)
        if state.colour == "red":
            escalate(project, "；".join(f"{r.label}：{r.detail}" for r in state.reasons), today + dt.timedelta(days=15),
                     staff)
            return


NEEDS = [("financing", "流动资金贷款需求约 500 万元，希望对接科创贷"), ("land", "计划扩建厂房，需新增用地约 10 亩"),
         ("talent", "急需招聘数控技工 20 名"), ("policy", "咨询研发费用加计扣除和高企认定政策"),
         ("approval", "新产线环评审批进度慢"), ("market", "希望参加政府组织的产品推介会"),
         ("innovation", "希望与高校共建联合实验室"), ("other", "园区道路破损影响物流车辆进出")]


def seed_visits(today: dt.date | None = None) -> int:
    """This year's visits by several departments to young and growing enterprises, the needs they heard (most
    answered and rated, some in hand, two overdue) and a few visits planned for the coming weeks."""
    today = today or dt.date.today()
    if Visit.objects.exists():
        return 0
    rng = random.Random(2026)
    staff = get_user_model().objects.filter(groups__name=Role.zone_staff.value).first()
    departments = list(Department.objects.filter(active=True))
    for d in departments:
        d.members.add(staff)
    enterprises = list(Enterprise.objects.order_by("-credit_code")[:24])
    start = dt.date(today.year, 1, 10)
    span = max(1, (today - start).days - 20)
    for n, enterprise in enumerate(enterprises):
        day = start + dt.timedelta(days=(n * 37) % span)
        visit = schedule(enterprise, {"department": departments[n % len(departments)].pk, "kind": "visit",
                                      "planned_on": day.isoformat(), "visited_on": day.isoformat(),
                                      "visitors": "服务专员", "topics": "了解经营情况和发展需求",
                                      "policies": "科技型中小企业评价、研发费用加计扣除", "confirm": "1"}, staff, today)
        if n % 2:
            continue
        category, text = NEEDS[(n // 2) % len(NEEDS)]
        need = raise_need(enterprise, {"category": category, "description": text}, staff, day, visit=visit)
        if n % 8 == 6:  # overdue: nobody answered yet
            continue
        advance(NEED, need, "accept", staff)
        if n % 8 == 4:  # still in hand
            continue
        reply(Need.objects.get(pk=need.pk), "已对接并答复企业，后续持续跟踪。", staff)
        close(Need.objects.get(pk=need.pk), staff, int(rng.choice([4, 5, 5, 3])), "")
    for n, enterprise in enumerate(enterprises[:3]):  # the coming weeks
        schedule(enterprise, {"department": departments[(n + 1) % len(departments)].pk, "kind": "visit",
                              "planned_on": (today + dt.timedelta(days=7 + n)).isoformat(), "visitors": "服务专员",
                              "confirm": "1"}, staff, today)
    return len(enterprises) + 3
