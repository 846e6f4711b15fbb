"""The demo zone's innovation services, filed through the same services staff and experts use: two achievements
evaluated by the expert panel (one with TRL and its report, one transferred), a pending request, five prospects
for investment attraction, and two carriers with tenants (one graduated on a registry-checked condition)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model

from gaoxin.accounts.roles import Role
from gaoxin.demo.financing import as_form
from gaoxin.demo.programs import expert_panel
from gaoxin.innovation import incubation, services
from gaoxin.innovation.models import Achievement, Carrier, Prospect
from gaoxin.innovation.scales import trl_level, weights
from gaoxin.registry.models import Enterprise

ACHIEVEMENTS = [("柔性触觉传感器", "development", "青江大学", "university", "智能传感", 7, 82),
                ("低成本电解槽催化剂", "applied", "青江工业技术研究院", "institute", "氢能", 4, 74),
                ("工业视觉缺陷检测算法", "development", "青江视觉科技有限公司", "enterprise", "人工智能", None, None)]
PROSPECTS = [("深蓝半导体", "集成电路", "上海", {"rd_intensity": "14", "ip_class1": "32", "rd_staff": "160",
                                             "growth": "45", "titles": "5", "financing": "30000", "trl": "8"}),
             ("启明医疗器械", "医疗器械", "深圳", {"rd_intensity": "9", "ip_class1": "12", "rd_staff": "60",
                                              "growth": "28", "titles": "2", "financing": "5000", "trl": "7"}),
             ("绿源新材料", "新材料", "苏州", {"rd_intensity": "4", "ip_class1": "6", "rd_staff": "25",
                                          "growth": "18", "titles": "1", "financing": "", "trl": "6"}),
             ("云帆软件", "软件", "杭州", {"rd_intensity": "2", "ip_class1": "1", "rd_staff": "12", "growth": "5",
                                       "titles": "", "financing": "", "trl": ""}),
             ("智行机器人", "机器人", "北京", {"rd_intensity": "11", "ip_class1": "18", "rd_staff": "90",
                                          "growth": "60", "titles": "3", "financing": "12000", "trl": "7"})]


def seed_innovation(today: dt.date | None = None) -> None:
    today = today or dt.date.today()
    if Achievement.objects.exists():
        return
    staff = get_user_model().objects.filter(groups__name=Role.zone_staff.value).first()
    expert_panel()
    for n, (title, kind, owner, owner_kind, field, trl, points) in enumerate(ACHIEVEMENTS):
        achievement = services.register(as_form({"title": title, "kind": kind, "owner": owner,
                                               "owner_kind": owner_kind, "field": field}), staff)
        evaluation = services.request(achievement, staff, 2)
        if trl is None:
            continue  # waiting for its experts to be drawn
        services.draw(evaluation, staff, seed=2026 + n)
        level = trl_level(trl)
        for item in evaluation.reviews.all():
            data = as_form({"trl": str(trl), "evidence": list(level["evidence"])}
                         | {f"score:{d}": str(points) for d in weights(kind)})
            services.submit(item, data, "技术路线清晰，实验数据完整。")
        services.conclude(evaluation, staff)
    transferred = Achievement.objects.get(title="柔性触觉传感器")
    services.update_transfer(transferred, "licensed", Decimal(150), today - dt.timedelta(days=40), staff)
    for name, field, origin, indicators in PROSPECTS:
        services.save_prospect(Prospect(), as_form({"name": name, "field": field, "origin": origin, "stage": "talks"}
                                                 | indicators), staff)
    _carriers(today, staff)


def _carriers(today: dt.date, staff) -> None:
    """Two carriers: young enterprises of the zone as tenants; one older tenant graduates when a condition is met."""
    park = Carrier.objects.create(name="青江创业园", kind="incubator", level="national", operator="青江科创集团",
                                  area=12000)
    space = Carrier.objects.create(name="青江众创空间", kind="makerspace", level="provincial", area=1500)
    young = Enterprise.objects.filter(founded_on__gte=today - dt.timedelta(days=700)).order_by("credit_code")[:6]
    for n, enterprise in enumerate(young):
        entered = max(enterprise.founded_on, today - dt.timedelta(days=300)) + dt.timedelta(days=30)
        incubation.admit(park if n % 2 == 0 else space, enterprise.credit_code, min(entered, today), n == 3,
                         staff)
    for tenancy in park.tenancies.all():
        if any(c.met for c in incubation.graduation(tenancy, today)):
            incubation.graduate(tenancy, today, staff)
            break
