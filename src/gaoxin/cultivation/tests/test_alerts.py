"""动态管理 alerts: expiring titles, 科小 re-registration, unfiled figures, titles at risk, newly qualified."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gaoxin.cultivation.alerts import alerts
from gaoxin.cultivation.models import Evaluation
from gaoxin.registry.models import AnnualFigures, Enterprise, TitleHeld

TODAY = dt.date(2026, 6, 15)


def evaluation(enterprise, policy, verdict, unmet=0, stale=False):
    return Evaluation.objects.create(enterprise=enterprise, assessment_year=TODAY.year, policy=policy,
                                     policy_version=f"{policy}@x", verdict=verdict, unmet=unmet, result={},
                                     pack_fingerprint="x", stale=stale)


@pytest.fixture
def zone(make_enterprise):
    e = {k: make_enterprise(f"{k}企业有限公司", founded_on=dt.date(2015, 1, 1)) for k in
         ("expiring", "later", "tsme", "unfiled", "risk", "new")}
    for k, ent in e.items():
        if k != "unfiled":
            AnnualFigures.objects.create(enterprise=ent, year=TODAY.year - 1, revenue=100)
    TitleHeld.objects.create(enterprise=e["expiring"], title="high_tech", recognized_on=dt.date(2023, 9, 1),
                             valid_until=TODAY + dt.timedelta(days=60))
    TitleHeld.objects.create(enterprise=e["later"], title="high_tech", recognized_on=dt.date(2025, 9, 1),
                             valid_until=dt.date(2028, 8, 31))
    TitleHeld.objects.create(enterprise=e["tsme"], title="tech_sme", recognized_on=dt.date(2026, 4, 1),
                             valid_until=dt.date(2026, 12, 31))
    TitleHeld.objects.create(enterprise=e["risk"], title="innovative_sme", recognized_on=dt.date(2024, 9, 1),
                             valid_until=dt.date(2027, 8, 31))
    evaluation(e["risk"], "innovative_sme", "not_qualified", unmet=2)
    evaluation(e["new"], "tech_sme", "qualified")
    evaluation(e["later"], "high_tech", "qualified")  # held and supported: no alert
    evaluation(e["unfiled"], "srdi_sme", "qualified", stale=True)  # stale verdicts are not trusted
    return e


def test_each_kind_of_alert_names_the_enterprise_and_why(zone):
    found = [(a.kind, a.enterprise.name, a.title) for a in alerts(Enterprise.objects.all(), TODAY)]
    assert found == [
        ("expiring", "expiring企业有限公司", "high_tech"),
        ("reregister", "tsme企业有限公司", "tech_sme"),
        ("unfiled", "unfiled企业有限公司", ""),
        ("at_risk", "risk企业有限公司", "innovative_sme"),
        ("newly_qualified", "new企业有限公司", "tech_sme"),
    ]
    risk = next(a for a in alerts(Enterprise.objects.all(), TODAY) if a.kind == "at_risk")
    assert risk.detail == "当前数据差 2 项" and risk.title_label == "创新型中小企业"


def test_the_warning_window_and_the_filing_deadline(zone):
    assert "expiring" not in {a.kind for a in alerts(Enterprise.objects.all(), TODAY, months=1)}
    before_deadline = dt.date(2026, 5, 31)
    assert "unfiled" not in {a.kind for a in alerts(Enterprise.objects.all(), before_deadline)}


def test_the_page_lists_alerts_by_kind_and_shows_a_liaison_only_their_park(make_enterprise, staff, make_user,
                                                                           client, parks):
    today = dt.date.today()
    soon = make_enterprise("将到期企业有限公司", park=parks[0], founded_on=dt.date(2015, 1, 1))
    AnnualFigures.objects.create(enterprise=soon, year=today.year - 1, revenue=100)
    TitleHeld.objects.create(enterprise=soon, title="high_tech", recognized_on=today - dt.timedelta(days=900),
                             valid_until=today + dt.timedelta(days=30))
    client.force_login(staff)
    table = client.get(reverse("cultivation:alerts"), {"kind": "expiring"}).content.decode().split('id="alerts"')[1]
    assert 'data-kind="expiring"' in table and "将到期企业有限公司" in table and "剩余 30 天" in table
    exported = client.get(reverse("cultivation:alerts"), {"kind": "expiring", "export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(exported.content))["待办提醒"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[2], r[4]) for r in rows] == [("称号即将到期", "将到期企业有限公司", "高新技术企业")]
    client.force_login(make_user("liaison", "park_liaison", park=parks[1]))
    table = client.get(reverse("cultivation:alerts")).content.decode().split('id="alerts"')[1]
    assert "将到期企业有限公司" not in table
