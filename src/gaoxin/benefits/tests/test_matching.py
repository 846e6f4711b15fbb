"""政策找企业 both ways: an enterprise's benefits with amounts and reasons, a benefit's qualifying enterprises and
near misses with the total cost; matches kept current as data changes; notices once per version; objections."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from gaoxin.benefits import selectors, services
from gaoxin.benefits.models import BenefitMatch, Notice
from gaoxin.engine.benefit import benefit_by_id
from gaoxin.jobs.services import drain
from gaoxin.programs.models import Objection
from gaoxin.registry.models import AnnualFigures, TitleHeld
from gaoxin.workflow.models import Notification

TODAY = dt.date.today()
Y = TODAY.year
RD = benefit_by_id("zone_rd_subsidy@2026")


@pytest.fixture
def zone(make_enterprise, make_user, parks):
    a = make_enterprise("甲科技有限公司", park=parks[0], resident=True, credit_blacklisted=False)
    b = make_enterprise("乙科技有限公司", park=parks[1], resident=True, credit_blacklisted=False)
    for enterprise, (rd_before, rd_last) in ((a, (400, 600)), (b, (50, 90))):
        AnnualFigures.objects.create(enterprise=enterprise, year=Y - 2, rd_expense=rd_before, revenue=1000,
                                     employees=70)
        AnnualFigures.objects.create(enterprise=enterprise, year=Y - 1, rd_expense=rd_last, revenue=1500,
                                     employees=80)
    TitleHeld.objects.create(enterprise=a, title="tech_sme", recognized_on=dt.date(Y, 3, 1),
                             valid_until=dt.date(Y, 12, 31))
    TitleHeld.objects.create(enterprise=b, title="high_tech", recognized_on=dt.date(Y - 1, 11, 1),
                             valid_until=dt.date(Y + 2, 10, 31))
    users = {"staff": make_user("staff", "zone_staff"), "user_a": make_user("user_a", "enterprise_user", enterprise=a),
             "user_b": make_user("user_b", "enterprise_user", enterprise=b),
             "liaison_a": make_user("liaison_a", "park_liaison", park=parks[0])}
    return {"a": a, "b": b, "users": users}


def test_an_enterprise_sees_what_it_qualifies_for_with_amounts_and_reasons(zone):
    found = selectors.for_enterprise(zone["a"])
    assert {m.benefit: m.amount for m in found.qualified} == {"zone_rd_subsidy": Decimal("20"),
                                                               "city_tech_sme_award": Decimal("5")}
    assert found.total == Decimal("25") and found.as_of == TODAY
    rd = next(m for m in found.qualified if m.benefit == "zone_rd_subsidy")
    floor = next(c for c in rd.result["clauses"] if c["id"] == "benefit.zone_rd_subsidy.rd_floor")
    assert floor["status"] == "pass" and floor["article"].startswith("青高管发〔2026〕3号")
    [read] = floor["inputs"]
    source = read.pop("source")
    assert read == {"field": "rd_expense", "label": "研发费用总额", "unit": "万元", "year": Y - 1, "value": 600.0,
                    "derived": False}
    assert source["kind"] == "unrecorded"  # the fixture writes figures directly, as rows from before lineage
    assert rd.result["amount_rule"] == RD.amount.label and rd.result["as_of"] == TODAY.isoformat()


def test_a_near_miss_says_what_it_lacks_and_what_meeting_it_would_bring(zone):
    found = selectors.for_enterprise(zone["b"])
    assert [m.benefit for m in found.qualified] == ["zone_high_tech_award"] and found.total == Decimal("30")
    near = {m.benefit: m for m in found.near}["zone_rd_subsidy"]
    assert near.unmet == 1 and near.lacking == ["benefit.zone_rd_subsidy.rd_floor"] and near.amount == Decimal("4")
    lacking = next(c for c in near.result["clauses"] if c["id"] in near.lacking)
    assert "10" in lacking["gap"]  # 90 万元 against 100: 差 10 万元


def test_a_changed_figure_is_reflected_the_next_time_anyone_looks(zone):
    selectors.for_enterprise(zone["a"])
    row = AnnualFigures.objects.get(enterprise=zone["a"], year=Y - 1)
    row.rd_expense = Decimal("1000")
    row.save()
    assert BenefitMatch.objects.filter(enterprise=zone["a"], stale=True).exists()
    found = selectors.for_enterprise(zone["a"])
    assert {m.benefit: m.amount for m in found.qualified}["zone_rd_subsidy"] == Decimal("60")


def test_a_benefit_lists_who_qualifies_who_nearly_does_and_the_cost(zone):
    from gaoxin.registry.models import Enterprise

    services.match_enterprises()
    every = Enterprise.objects.all()
    assert [m.enterprise.name for m in selectors.matches_for(RD, every)] == ["甲科技有限公司"]
    assert [m.enterprise.name for m in selectors.matches_for(RD, every, "near")] == ["乙科技有限公司"]
    summary = {s.benefit.code: s for s in selectors.library(every)}
    assert (summary["zone_rd_subsidy"].qualified, summary["zone_rd_subsidy"].near) == (1, 1)
    assert summary["zone_rd_subsidy"].cost == Decimal("20") and summary["zone_high_tech_award"].cost == Decimal("30")
    mine = {s.benefit.code: s for s in selectors.library(Enterprise.objects.filter(park=zone["a"].park))}
    assert mine["zone_high_tech_award"].qualified == 0  # a liaison's park counts only its own enterprises


def test_the_zone_is_matched_by_a_background_job_after_data_changes(zone):
    assert drain() >= 1  # the figures and titles the fixture saved queued a refresh
    assert BenefitMatch.objects.filter(enterprise__in=[zone["a"], zone["b"]]).count() == 2 * 5


def test_qualified_enterprises_are_told_once_per_version(zone):
    services.match_enterprises()
    assert services.notify_qualified(RD, zone["users"]["staff"]) == 1
    notice = Notice.objects.get()
    assert notice.enterprise == zone["a"] and notice.amount == Decimal("20") and notice.result["clauses"]
    message = Notification.objects.get(user=zone["users"]["user_a"])
    assert "企业研发投入增量补助" in message.message and "20 万元" in message.message
    assert services.notify_qualified(RD, zone["users"]["staff"]) == 0
    with pytest.raises(PermissionDenied):
        services.notify_qualified(RD, zone["users"]["user_a"])


def test_an_objection_reaches_staff_and_their_answer_reaches_the_enterprise(zone, client):
    client.force_login(zone["users"]["user_b"])
    client.post(reverse("benefits:object"), {"benefit": "zone_rd_subsidy", "text": "研发费用应为 120 万元，见审计报告"})
    objection = Objection.objects.get()
    assert objection.enterprise == zone["b"] and objection.status == "open"
    assert Notification.objects.filter(user=zone["users"]["staff"], message__contains="乙科技有限公司").exists()
    assert client.post(reverse("benefits:answer", args=[objection.pk]), {"answer": "好"}).status_code == 403
    client.force_login(zone["users"]["staff"])
    client.post(reverse("benefits:answer", args=[objection.pk]), {"answer": "已按审计报告更正研发费用"})
    objection.refresh_from_db()
    assert objection.status == "answered" and objection.answered_by == zone["users"]["staff"]
    assert Notification.objects.filter(user=zone["users"]["user_b"], message__contains="企业研发投入增量补助").exists()
    with pytest.raises(ValueError, match="请写明"):
        services.raise_objection(zone["users"]["user_b"], zone["b"], {"benefit": "zone_rd_subsidy", "text": "  "})


def test_only_staff_notify(zone, client):
    client.force_login(zone["users"]["liaison_a"])
    assert client.post(reverse("benefits:notify", args=["zone_rd_subsidy"])).status_code == 403
    client.force_login(zone["users"]["staff"])
    assert client.post(reverse("benefits:notify", args=["zone_rd_subsidy"])).status_code == 302


def test_pages_show_amounts_reasons_and_only_the_liaisons_park(zone, client):
    client.force_login(zone["users"]["staff"])
    stale = client.get(reverse("benefits:detail", args=["zone_high_tech_award"])).content.decode()
    assert 'id="freshness"' in stale and "乙科技有限公司" not in stale  # nothing matched yet, and it says so
    job_page = client.post(reverse("benefits:refresh"))
    assert job_page.status_code == 302 and drain() >= 1
    client.force_login(zone["users"]["user_a"])
    page = client.get(reverse("benefits:mine")).content.decode()
    assert "企业研发投入增量补助" in page and "20.00" in page and "青高管发〔2026〕3号 第四条" in page
    client.force_login(zone["users"]["liaison_a"])
    detail = client.get(reverse("benefits:detail", args=["zone_high_tech_award"])).content.decode()
    assert "乙科技有限公司" not in detail
    client.force_login(zone["users"]["staff"])
    detail = client.get(reverse("benefits:detail", args=["zone_high_tech_award"])).content.decode()
    assert "乙科技有限公司" in detail and 'id="total-cost">30.00<' in detail and 'id="freshness"' not in detail
