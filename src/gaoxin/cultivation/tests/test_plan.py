"""三年培育计划 and 培育库: targets against new recognitions, pool entry and exit with reasons, audited."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from openpyxl import load_workbook

from gaoxin.cultivation.models import CultivationTarget, PoolEntry
from gaoxin.cultivation.plan import plan_progress
from gaoxin.cultivation.services import set_target
from gaoxin.registry.models import AuditEntry, Enterprise, TitleHeld

YEAR = dt.date.today().year


@pytest.fixture
def zone(make_enterprise, parks):
    a = make_enterprise("甲企业有限公司", park=parks[0])
    b = make_enterprise("乙企业有限公司", park=parks[1])
    for enterprise in (a, b):
        TitleHeld.objects.create(enterprise=enterprise, title="high_tech", recognized_on=dt.date(YEAR, 1, 10),
                                 valid_until=dt.date(YEAR + 2, 12, 31))
    TitleHeld.objects.create(enterprise=a, title="high_tech", recognized_on=dt.date(YEAR - 3, 1, 10),
                             valid_until=dt.date(YEAR - 1, 12, 31))
    return a, b


def test_plan_counts_new_recognitions_of_the_year_against_the_target(zone, staff, client):
    client.force_login(staff)
    client.post(reverse("cultivation:plan_target"), {"title": "high_tech", "year": YEAR,
                                                   "target": "4"})
    [progress] = plan_progress(Enterprise.objects.all(), range(YEAR, YEAR + 3))
    assert (progress.target, progress.actual, progress.percent) == (4, 2, 50)
    client.post(reverse("cultivation:plan_target"), {"title": "high_tech", "year": YEAR,
                                                   "target": "5"})
    assert CultivationTarget.objects.get().target_new == 5
    page = client.get(reverse("cultivation:plan")).content.decode()
    assert 'data-title="high_tech"' in page and "40%" in page
    book = load_workbook(io.BytesIO(client.get(reverse("cultivation:plan"), {"export": "xlsx"}).content))
    assert list(book["培育计划"].iter_rows(min_row=2, values_only=True)) == [
        (YEAR, "高新技术企业", 5, 2, 40, 0)]


def test_pool_entry_and_exit_with_reasons_and_history(zone, staff, client):
    a, _ = zone
    client.force_login(staff)
    url = reverse("cultivation:pool_enter")
    client.post(url, {"enterprise": a.credit_code.lower(), "title": "srdi_sme",
                      "reason": "主营占比 92%，差研发机构"})
    client.post(url, {"enterprise": a.credit_code, "title": "srdi_sme", "reason": "重复"})
    entry = PoolEntry.objects.get()
    assert entry.reason == "主营占比 92%，差研发机构" and entry.exited_on is None
    page = client.get(reverse("cultivation:plan")).content.decode()
    assert "专精特新中小企业" in page.split('id="pool"')[1]
    leave = reverse("cultivation:pool_exit", args=[entry.pk])
    assert "出库理由：请填写出库理由" in client.post(leave, {"reason": ""}, follow=True).content.decode()
    entry.refresh_from_db()
    assert entry.exited_on is None
    client.post(leave, {"reason": "已认定"})
    entry.refresh_from_db()
    assert entry.exited_on == dt.date.today() and entry.exit_reason == "已认定"
    assert AuditEntry.objects.filter(enterprise=a, subject="poolentry").count() == 2


def test_mistakes_are_said_and_change_nothing(zone, staff, client):
    client.force_login(staff)
    response = client.post(reverse("cultivation:pool_enter"), {"enterprise": "NOSUCHCODE", "title": "srdi_sme",
                                                                "reason": "x"}, follow=True)
    assert "未找到该统一社会信用代码的本区企业" in response.content.decode()
    response = client.post(reverse("cultivation:plan_target"), {"title": "high_tech", "year": YEAR, "target": "三十"},
                           follow=True)
    assert "未能设定目标：目标家数：" in response.content.decode()
    assert not PoolEntry.objects.exists() and not CultivationTarget.objects.exists()


def test_liaisons_read_their_park_only_and_cannot_edit(zone, make_user, client, parks):
    a, b = zone
    PoolEntry.objects.create(enterprise=a, title="srdi_sme", entered_on=dt.date.today(), reason="r")
    PoolEntry.objects.create(enterprise=b, title="srdi_sme", entered_on=dt.date.today(), reason="r")
    client.force_login(make_user("liaison", "park_liaison", park=parks[1]))
    pool = client.get(reverse("cultivation:plan")).content.decode().split('id="pool"')[1]
    assert "乙企业有限公司" in pool and "甲企业有限公司" not in pool
    assert [client.post(reverse(f"cultivation:{name}")).status_code for name in ("plan_target", "pool_enter")] == [
        403, 403]
    with pytest.raises(PermissionDenied):
        set_target("high_tech", YEAR, 3, make_user("liaison2", "park_liaison", park=parks[0]))
