"""潜力企业: who is closest to a title they don't hold, with filters, an Excel export and visibility rules."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gaoxin.cultivation.models import PoolEntry
from gaoxin.cultivation.services import evaluate_enterprises
from gaoxin.registry.models import AnnualFigures, TitleHeld

YEAR = dt.date.today().year


def figures(enterprise, **values):
    base = dict(employees=50, tech_staff=20, revenue=Decimal(3000), total_assets=Decimal(2000),
                total_cost=Decimal(2800), rd_expense=Decimal(240), ip_class1=1, ip_class2=0, major_incident=False,
                led_standard=False, rd_institution_level="none")
    AnnualFigures.objects.create(enterprise=enterprise, year=YEAR - 1, **(base | values))


@pytest.fixture
def zone(make_enterprise, parks):
    made = {}
    kw = dict(founded_on=dt.date(YEAR - 1, 1, 1), resident=True, restricted_industry=False, credit_blacklisted=False)
    made["ready"] = make_enterprise("达标未持有有限公司", park=parks[0], industry_code="I6513", **kw)
    figures(made["ready"])  # 40% staff 20 + 8% R&D 50 + class I 30 = 100
    made["close"] = make_enterprise("差一项有限公司", park=parks[0], industry_code="C3911", **kw)
    figures(made["close"], rd_expense=Decimal(0), ip_class1=0, ip_class2=2)  # 20 + 0 + 12 = 32: score
    made["far"] = make_enterprise("差两项有限公司", park=parks[1], industry_code="C3911", **kw)
    figures(made["far"], employees=600, tech_staff=200, revenue=Decimal(25000), total_assets=Decimal(20000))
    made["holder"] = make_enterprise("已持有有限公司", park=parks[0], industry_code="I6513", **kw)
    figures(made["holder"])
    TitleHeld.objects.create(enterprise=made["holder"], title="tech_sme", recognized_on=dt.date(YEAR, 3, 1),
                             valid_until=dt.date(YEAR, 12, 31))
    evaluate_enterprises(YEAR)
    return made


def names(response) -> list[str]:
    page = response.content.decode()
    return [row.split("</a>")[0].rsplit(">", 1)[1] for row in page.split('<tr class="verdict-')[1:]]


def test_closest_first_and_holders_left_out(zone, staff, client):
    client.force_login(staff)
    response = client.get(reverse("cultivation:candidates"), {"policy": "tech_sme", "year": YEAR})
    assert names(response) == ["达标未持有有限公司", "差一项有限公司", "差两项有限公司"]
    page = response.content.decode()
    assert "已符合条件，可申报" in page and "评分 32–32，合格线 60" in page
    assert "职工总数 600 人，超出不超过 500 人 的要求" in page


def test_filters_by_unmet_park_and_industry(zone, staff, client, parks):
    client.force_login(staff)
    url = reverse("cultivation:candidates")
    assert names(client.get(url, {"policy": "tech_sme", "year": YEAR, "max_unmet": 1})) == [
        "达标未持有有限公司", "差一项有限公司"]
    assert names(client.get(url, {"policy": "tech_sme", "year": YEAR, "park": parks[1].name})) == ["差两项有限公司"]
    assert names(client.get(url, {"policy": "tech_sme", "year": YEAR, "industry": "c39"})) == [
        "差一项有限公司", "差两项有限公司"]


@pytest.fixture
def undecided(zone, make_enterprise, parks):
    """20 (staff) + 10 (R&D 2%) + 0–30 (IP blank): 30–60 against 60, no direct route: 数据不足."""
    kw = dict(founded_on=dt.date(YEAR - 1, 1, 1), resident=True, restricted_industry=False, credit_blacklisted=False)
    made = make_enterprise("待补数据有限公司", park=parks[0], industry_code="I6513", **kw)
    figures(made, rd_expense=Decimal(60), ip_class1=None, ip_class2=None)
    evaluate_enterprises(YEAR)
    return made


def test_an_undecided_enterprise_is_never_shown_as_meeting_the_rule(undecided, staff, client):
    client.force_login(staff)
    url = reverse("cultivation:candidates")
    page = client.get(url, {"policy": "tech_sme", "year": YEAR})
    assert names(page) == ["达标未持有有限公司", "待补数据有限公司", "差一项有限公司", "差两项有限公司"]
    row = next(r for r in page.content.decode().split("<tr ")[1:] if "待补数据有限公司" in r)
    assert "差 0 项，待补 1 项" in row and 'data-pending="1"' in row
    assert names(client.get(url, {"policy": "tech_sme", "year": YEAR, "max_unmet": 0})) == ["达标未持有有限公司"]
    assert names(client.get(url, {"policy": "tech_sme", "year": YEAR, "max_unmet": 1})) == [
        "达标未持有有限公司", "待补数据有限公司", "差一项有限公司"]


def test_an_undecided_enterprise_sorts_after_the_decided_ones_with_the_same_count(undecided, staff, client):
    from gaoxin.cultivation.models import Evaluation

    decided = Evaluation.objects.get(enterprise=undecided, policy="tech_sme", assessment_year=YEAR)
    assert (decided.verdict, decided.unmet, decided.pending, decided.distance) == (
        "insufficient_data", 0, 1, "差 0 项，待补 1 项")


def test_export_has_the_same_rows_and_what_they_lack(zone, staff, client):
    client.force_login(staff)
    response = client.get(reverse("cultivation:candidates"), {"policy": "tech_sme", "year": YEAR, "export": "xlsx"})
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book["潜力企业"].iter_rows(values_only=True))
    assert [r[2] for r in rows[1:]] == ["达标未持有有限公司", "差一项有限公司", "差两项有限公司"]
    assert rows[0][6:9] == ("距离达标", "差几项", "待补几项")
    assert rows[2][6:9] == ("差 1 项", 1, 0) and "评分" in rows[2][10]
    assert dict(list(book["筛选条件"].iter_rows(values_only=True))[1:])["称号"] == "科技型中小企业"


def test_who_may_see_candidates(zone, make_user, client, parks):
    url = reverse("cultivation:candidates")
    client.force_login(make_user("ent", "enterprise_user", enterprise=zone["ready"]))
    assert client.get(url).status_code == 403
    client.force_login(make_user("liaison", "park_liaison", park=parks[1]))
    assert names(client.get(url, {"policy": "tech_sme", "year": YEAR})) == ["差两项有限公司"]


def test_staff_assign_and_reassign_a_service_officer_with_history(zone, staff, make_user, client):
    from gaoxin.cultivation.models import ServiceAssignment
    from gaoxin.registry.models import AuditEntry

    other = make_user("lihua", "zone_staff")
    client.force_login(staff)
    url = reverse("cultivation:assign")
    target = zone["close"]
    back = reverse("cultivation:candidates") + f"?policy=tech_sme&year={YEAR}"
    response = client.post(url, {"enterprise": target.credit_code, "policy": "tech_sme", "officer": staff.pk,
                                 "next": back})
    assert response.status_code == 302 and response.url == back
    client.post(url, {"enterprise": target.credit_code, "policy": "tech_sme", "officer": other.pk})
    history = list(ServiceAssignment.objects.filter(enterprise=target).order_by("assigned_at", "pk"))
    assert [a.officer for a in history] == [staff, other]
    assert history[0].ended_at is not None and history[1].ended_at is None
    assert AuditEntry.objects.filter(enterprise=target, subject="serviceassignment").count() == 2
    table = client.get(back).content.decode().split('id="candidates"')[1]
    assert "<span>lihua</span>" in table.split("差一项有限公司")[1].split("</tr>")[0]
    book = load_workbook(io.BytesIO(client.get(back + "&export=xlsx").content))
    row = next(r for r in book["潜力企业"].iter_rows(values_only=True) if r[2] == "差一项有限公司")
    assert row[11] == "lihua"


def test_only_staff_assign_and_only_to_staff(zone, staff, make_user, client):
    from gaoxin.cultivation.models import ServiceAssignment

    url = reverse("cultivation:assign")
    outsider = make_user("ent", "enterprise_user", enterprise=zone["close"])
    client.force_login(outsider)
    assert client.post(url, {"enterprise": zone["close"].credit_code, "policy": "tech_sme",
                             "officer": outsider.pk}).status_code == 403
    client.force_login(staff)
    page = client.post(url, {"enterprise": zone["close"].credit_code, "policy": "tech_sme", "officer": outsider.pk},
                       follow=True).content.decode()
    assert "服务专员：服务专员须为区工作人员" in page
    page = client.post(url, {"enterprise": zone["close"].credit_code, "officer": staff.pk},
                       follow=True).content.decode()
    assert "称号：请选择称号" in page
    assert not ServiceAssignment.objects.exists()


def test_staff_put_a_candidate_in_the_pool_from_the_list_and_come_back_to_it(zone, staff, client):
    client.force_login(staff)
    listing = reverse("cultivation:candidates") + f"?policy=tech_sme&year={YEAR}"
    page = client.get(listing).content.decode()
    assert page.count('class="inline pool-add"') == 3
    response = client.post(reverse("cultivation:pool_enter"), {
        "enterprise": zone["close"].credit_code, "title": "tech_sme",
        "reason": f"潜力企业：{YEAR} 年评价差 1 项", "next": listing})
    assert response.url == listing
    entry = PoolEntry.objects.get()
    assert (entry.enterprise, entry.title) == (zone["close"], "tech_sme")
    assert entry.reason == f"潜力企业：{YEAR} 年评价差 1 项"
    page = client.get(listing).content.decode()
    assert page.count('class="inline pool-add"') == 2 and "已在培育库" in page
    response = client.post(reverse("cultivation:pool_enter"), {"enterprise": "x",
                                                               "title": "tech_sme", "reason": "r",
                                                               "next": "https://evil.example/"})
    assert response.url == reverse("cultivation:plan")  # other hosts are never followed
