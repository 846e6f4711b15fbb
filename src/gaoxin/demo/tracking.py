"""The demo zone's major projects of this year: thirty projects over the parks and streets, most reported on time,
some behind (missing reports, a stage overdue, investment behind plan), one under 督办 — filed through the same
services the parks use, so the colours on the dashboard come from the rules."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.contrib.auth import get_user_model

from gaoxin.accounts.roles import Role
from gaoxin.registry.models import Enterprise, Park
from gaoxin.tracking.models import MajorProject, ProjectCategory
from gaoxin.tracking.services import escalate, file_report
from gaoxin.tracking.status import add_months, due_periods, status

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
            operating_by=dt.date(today.year + (n % 3 == 0), 12, 1), tracked_from=start)
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
