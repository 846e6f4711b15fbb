"""主动发现: new data flag enterprises (first invention patent, a financing round, a policy threshold crossed, a new
title), each with its reason and source, once; they reach the 服务专员's to-dos and the 潜力企业 list."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from gaoxin.conftest import code_for, xlsx_bytes
from gaoxin.cultivation.discovery import discover
from gaoxin.cultivation.machines import DISCOVERY
from gaoxin.cultivation.models import Discovery, ServiceAssignment
from gaoxin.engine.library import pack_for
from gaoxin.engine.thresholds import lower_thresholds
from gaoxin.jobs.services import drain
from gaoxin.registry.importer import import_file
from gaoxin.registry.models import AnnualFigures, IntellectualProperty, TitleHeld
from gaoxin.workflow.machine import advance
from gaoxin.workflow.models import Task

TODAY = dt.date.today()
Y = TODAY.year - 1  # the latest fiscal year with figures


@pytest.fixture
def zone(make_enterprise, make_user):
    growing = make_enterprise("青江星云智能科技有限公司", credit_code=code_for(1))
    quiet = make_enterprise("青江老厂有限公司", credit_code=code_for(2))
    officer = make_user("officer", "zone_staff")
    ServiceAssignment.objects.create(enterprise=growing, policy="srdi_sme", officer=officer)
    return {"growing": growing, "quiet": quiet, "officer": officer}


def test_thresholds_come_from_the_packs_in_force():
    srdi = pack_for("srdi_sme", dt.date(2026, 7, 1))
    [line] = [t for t in lower_thresholds([srdi], frozenset({"revenue"}))]
    assert (line.field, line.op, line.value) == ("revenue", ">=", 1500.0)
    assert line.article.startswith("工信部企业〔2026〕2号")


def test_a_revenue_crossing_a_policy_line_is_found_with_its_source(zone, staff):
    rows = [[code_for(1), "青江星云智能科技有限公司", Y - 1, 30, 1400], [code_for(1), None, Y, 34, 1600],
            [code_for(2), "青江老厂有限公司", Y - 1, 30, 1600], [code_for(2), None, Y, 30, 1700]]
    header = ["统一社会信用代码", "企业名称", "年度", "职工总数", "营业收入"]
    outcome = import_file(xlsx_bytes(header, rows), "税务.xlsx")
    assert outcome.ok, outcome.problems
    assert discover([zone["growing"].pk, zone["quiet"].pk]) >= 1
    found = Discovery.objects.get(enterprise=zone["growing"], kind="band", target="srdi_sme")
    assert "营业收入 1,600 万元，上年 1,400 万元" in found.reason and "工信部企业〔2026〕2号" in found.reason
    assert found.source.startswith(f"年度数据导入 #{outcome.batch.pk} 税务.xlsx")
    assert not Discovery.objects.filter(enterprise=zone["quiet"], kind="band", target="srdi_sme").exists()
    # already above the line the year before: nothing new


def test_first_invention_patent_financing_and_a_new_title(zone):
    e = zone["growing"]
    IntellectualProperty.objects.create(enterprise=e, kind="invention_patent", number="ZL202310000001.1",
                                        title="一种传感器", granted_on=TODAY - dt.timedelta(days=30))
    IntellectualProperty.objects.create(enterprise=zone["quiet"], kind="invention_patent", number="ZL201010000002.2",
                                        title="旧专利", granted_on=dt.date(2015, 1, 1))
    AnnualFigures.objects.create(enterprise=e, year=Y, equity_financing=Decimal("3000"))
    TitleHeld.objects.create(enterprise=e, title="high_tech", recognized_on=TODAY - dt.timedelta(days=10),
                             valid_until=TODAY + dt.timedelta(days=1000))
    assert discover([e.pk, zone["quiet"].pk]) == 3
    kinds = {d.kind: d for d in Discovery.objects.filter(enterprise=e)}
    assert "ZL202310000001.1" in kinds["first_invention"].reason and kinds["first_invention"].target == "high_tech"
    assert "3,000.00 万元" in kinds["financing"].reason
    assert "新获高新技术企业" in kinds["new_title"].reason and kinds["new_title"].target == "innovative_sme"
    assert not Discovery.objects.filter(enterprise=zone["quiet"]).exists()  # a 2015 grant is not news


def test_found_once_with_a_to_do_closed_by_the_follow_up(zone):
    e = zone["growing"]
    AnnualFigures.objects.create(enterprise=e, year=Y, equity_financing=Decimal("500"))
    assert discover([e.pk]) == 1 and discover([e.pk]) == 0
    found = Discovery.objects.get(enterprise=e)
    task = Task.objects.get(user=zone["officer"], done_at=None)
    assert "主动发现" in task.title and e.name in task.title
    advance(DISCOVERY, found, "follow", zone["officer"], "已电话联系，企业计划明年申报瞪羚")
    task.refresh_from_db()
    assert task.done_at is not None
    found.refresh_from_db()
    assert found.status == "followed" and discover([e.pk]) == 0  # followed stays followed


def test_the_job_after_a_change_discovers_and_the_pages_show_it(zone, staff, client):
    AnnualFigures.objects.create(enterprise=zone["growing"], year=Y, equity_financing=Decimal("800"))
    drain()
    assert Discovery.objects.filter(enterprise=zone["growing"], kind="financing").exists()
    client.force_login(staff)
    page = client.get(reverse("cultivation:discoveries")).content.decode()
    assert "获得股权融资" in page and "800.00 万元" in page and zone["growing"].name in page
    listed = client.get(reverse("cultivation:candidates"), {"policy": "gazelle", "year": TODAY.year,
                                                            "discovered": "1"}).content.decode()
    assert zone["growing"].name in listed and zone["quiet"].name not in listed
    assert "主动发现：获得股权融资" in listed


def test_a_liaison_sees_only_their_parks_discoveries(zone, make_user, client, parks):
    zone["quiet"].park = parks[1]
    zone["quiet"].save()
    AnnualFigures.objects.create(enterprise=zone["growing"], year=Y, equity_financing=Decimal("800"))
    AnnualFigures.objects.create(enterprise=zone["quiet"], year=Y, equity_financing=Decimal("900"))
    discover([zone["growing"].pk, zone["quiet"].pk])
    client.force_login(make_user("liaison", "park_liaison", park=parks[0]))
    page = client.get(reverse("cultivation:discoveries")).content.decode()
    assert zone["growing"].name in page and zone["quiet"].name not in page
    client.force_login(make_user("someone", "enterprise_user", enterprise=zone["quiet"]))
    assert client.get(reverse("cultivation:discoveries")).status_code == 403
