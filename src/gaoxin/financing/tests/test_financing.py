"""政银企对接: products with engine conditions, needs screened against every product (best first, reasons shown),
referrals only where the enterprise qualifies, the banks' 授信 / 放款 / refusals through their machine, totals per
bank and product, the zone-wide scan for a product, and who sees which need."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.http import QueryDict
from django.urls import reverse
from openpyxl import load_workbook

from gaoxin.core.commands import Invalid
from gaoxin.financing import matching, services
from gaoxin.financing.machines import MATCH
from gaoxin.financing.models import FinancingMatch, FinancingNeed, LoanProduct
from gaoxin.financing.selectors import totals
from gaoxin.registry.models import AnnualFigures, Enterprise, TitleHeld
from gaoxin.workflow.machine import IllegalTransition, advance, history
from gaoxin.workflow.models import Task

TODAY = dt.date.today()


def form(**values) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, value in values.items():
        if isinstance(value, list):
            data.setlist(key, value)
        else:
            data[key] = value
    return data


@pytest.fixture
def zone(make_enterprise, make_user):
    founded = TODAY - dt.timedelta(days=3 * 366)
    strong = make_enterprise("甲高企有限公司", founded_on=founded)
    short = make_enterprise("乙小微有限公司", founded_on=founded)
    blank = make_enterprise("丙新设有限公司", founded_on=founded)
    AnnualFigures.objects.create(enterprise=strong, year=TODAY.year - 1, revenue=Decimal(1500))
    AnnualFigures.objects.create(enterprise=short, year=TODAY.year - 1, revenue=Decimal(300))
    TitleHeld.objects.create(enterprise=strong, title="high_tech", recognized_on=TODAY - dt.timedelta(days=100),
                             valid_until=TODAY + dt.timedelta(days=900))
    staff = make_user("staff", "zone_staff")
    tech = services.save_product(LoanProduct(), form(bank="青江银行", name="科创贷", kind="tech", min_amount="50",
                                                     max_amount="1000", max_term_months="36", rate="LPR",
                                                     min_years="2", min_revenue="1000"), staff)
    procurement = services.save_product(LoanProduct(), form(bank="青江农商银行", name="政采贷", kind="gov_procurement",
                                                            max_amount="500", needs_procurement="1"), staff)
    srdi = services.save_product(LoanProduct(), form(bank="青江银行", name="高企贷", kind="srdi", max_amount="2000",
                                                     titles=["high_tech"]), staff)
    return {"strong": strong, "short": short, "blank": blank, "tech": tech, "procurement": procurement,
            "srdi": srdi, "staff": staff}


def test_product_setup_checks_its_numbers(zone):
    assert [c["label"] for c in zone["tech"].eligibility["clauses"]] == ["成立满 2 年", "上年营业收入不低于 1000 万元"]
    with pytest.raises(Invalid, match="最高额度不能低于最低额度"):
        services.save_product(LoanProduct(), form(bank="青江银行", name="坏", kind="tech", min_amount="10",
                                                  max_amount="5"), zone["staff"])
    with pytest.raises(services.FinancingError, match="青江银行已有名为“科创贷”的产品"):
        services.save_product(LoanProduct(), form(bank="青江银行", name="科创贷", kind="tech", max_amount="5"),
                              zone["staff"])


def test_staff_edit_a_product_on_its_page_with_mistakes_shown_beside_their_fields(client, zone):
    client.force_login(zone["staff"])
    url = reverse("financing:product_edit", args=[zone["tech"].pk])
    page = client.get(url).content.decode()  # editing starts from what is stored
    assert 'name="min_revenue" value="1000"' in page and 'value="青江银行"' in page
    bad = {"bank": "青江银行", "name": "科创贷", "kind": "tech", "min_amount": "100", "max_amount": "50",
           "max_term_months": "999"}
    page = client.post(url, bad).content.decode()
    assert "尚未保存" in page
    assert "最高额度不能低于最低额度" in page.split('name="max_amount"')[1].split('<span class="field')[0]
    assert "应为 1–360 之间的整数" in page.split('name="max_term_months"')[1].split('<span class="field')[0]
    client.post(url, bad | {"max_amount": "1000", "max_term_months": "36", "active": "0", "titles": ["high_tech"]})
    product = LoanProduct.objects.get(pk=zone["tech"].pk)
    assert not product.active and product.eligibility == {"titles": ["high_tech"]}


def test_a_need_is_screened_against_every_product_best_first(zone):
    need = services.file_need(zone["strong"], form(amount="800", term_months="24", purpose="购置设备"), zone["staff"])
    screened = matching.products_for(need, TODAY)
    assert [(s.product.name, s.result["verdict"]) for s in screened] == [
        ("科创贷", "pass"), ("高企贷", "fail"), ("政采贷", "fail")]  # 高企贷 is for 12 months at most: one miss
    assert [s.failed for s in screened] == [0, 1, 3]
    procurement = screened[-1].result["items"]
    assert {"label": "持有政府采购合同", "article": "青江农商银行 政采贷产品说明", "status": "fail",
            "detail": "未填报政府采购合同"} in procurement
    assert "超出产品额度范围" in next(i["detail"] for i in procurement if i["label"].startswith("融资金额"))


def test_referral_only_where_the_enterprise_qualifies(zone):
    staff = zone["staff"]
    small = services.file_need(zone["short"], form(amount="100", purpose="流动资金"), staff)
    with pytest.raises(services.FinancingError, match="不符合该产品条件：上年营业收入不低于 1000 万元"):
        services.refer(small, zone["tech"], staff, TODAY)
    with pytest.raises(services.FinancingError, match="持有有效的高新技术企业"):
        services.refer(small, zone["srdi"], staff, TODAY)
    unknown = services.file_need(zone["blank"], form(amount="100", purpose="流动资金"), staff)
    match = services.refer(unknown, zone["tech"], staff, TODAY)  # revenue unknown: the bank checks it
    assert match.screening["verdict"] == "unknown"
    assert FinancingNeed.objects.get(pk=unknown.pk).status == "matched"
    with pytest.raises(services.FinancingError, match="已向该产品推送过"):
        services.refer(unknown, zone["tech"], staff, TODAY)


def test_the_banks_answers_and_the_totals(zone):
    staff = zone["staff"]
    need = services.file_need(zone["strong"], form(amount="800", purpose="购置设备"), staff)
    first = services.refer(need, zone["tech"], staff, TODAY)
    second = services.refer(need, zone["srdi"], staff, TODAY)
    with pytest.raises(IllegalTransition):
        services.draw(first, Decimal(100), TODAY, staff)
    with pytest.raises(services.FinancingError, match="授信金额应在 0–1000 万元之间"):
        services.grant(first, Decimal(1200), TODAY, staff)
    assert Task.objects.filter(user=staff, done_at=None, title__startswith="登记银行反馈").count() == 2
    services.grant(first, Decimal(600), TODAY, staff)
    assert Task.objects.filter(user=staff, done_at=None, title__startswith="登记放款").count() == 1
    with pytest.raises(services.FinancingError, match="放款金额应在 0–600 万元"):
        services.draw(FinancingMatch.objects.get(pk=first.pk), Decimal(700), TODAY, staff)
    services.draw(FinancingMatch.objects.get(pk=first.pk), Decimal(500), TODAY, staff)
    services.decline(second, "抵押物不足", staff)
    assert FinancingNeed.objects.get(pk=need.pk).status == "financed"
    # the need moved once on each step, however many products it went to
    assert [(t.action, t.from_state, t.to_state) for t in history(need)] == [("refer", "open", "matched"),
                                                                              ("finance", "matched", "financed")]
    overall, banks, products = totals(FinancingMatch.objects.all())
    assert (overall.referred, overall.granted, overall.credit, overall.drawn, overall.loans, overall.declined) == (
        2, 1, Decimal(600), 1, Decimal(500), 1)
    assert [(b.name, b.top_reasons) for b in banks] == [("青江银行", "抵押物不足（1）")]
    assert [p.name for p in products] == ["青江银行 科创贷", "青江银行 高企贷"]
    with pytest.raises(IllegalTransition):
        advance(MATCH, FinancingMatch.objects.get(pk=second.pk), "grant", staff)


def test_the_zone_scan_finds_every_enterprise_a_product_can_serve(zone):
    found = matching.enterprises_for(zone["tech"], Enterprise.objects.all(), TODAY)
    assert found == {"pass": [zone["strong"].pk], "unknown": [zone["blank"].pk]}
    assert matching.enterprises_for(zone["srdi"], Enterprise.objects.all(), TODAY) == {
        "pass": [zone["strong"].pk], "unknown": []}


def test_an_enterprise_files_a_need_and_staff_refer_it(client, zone, make_user):
    owner = make_user("owner", "enterprise_user", enterprise=zone["strong"])
    other = services.file_need(zone["short"], form(amount="50", purpose="周转"), zone["staff"])
    client.force_login(owner)
    response = client.post(reverse("financing:needs"), {"amount": "300", "term_months": "12", "purpose": "研发投入"},
                           follow=True)
    page = response.content.decode()
    assert "已登记融资需求" in page and 'data-verdict="pass"' in page and "推送给银行" not in page
    assert client.get(reverse("financing:need", args=[other.pk])).status_code == 404
    need = FinancingNeed.objects.get(purpose="研发投入")
    client.force_login(zone["staff"])
    assert client.get(reverse("financing:refer", args=[need.pk, zone["tech"].pk])).status_code == 405
    client.post(reverse("financing:refer", args=[need.pk, zone["tech"].pk]))
    assert FinancingMatch.objects.get(need=need).product == zone["tech"]
    page = client.get(reverse("financing:product", args=[zone["tech"].pk]) + "?scan=1").content.decode()
    assert '<strong id="scan-pass">1</strong>' in page and "成立满 2 年；上年营业收入不低于 1000 万元" in page
    book = load_workbook(io.BytesIO(client.get(reverse("financing:totals") + "?export=xlsx").content))
    assert book["按银行"]["A2"].value == "青江银行" and book["按银行"]["B2"].value == 1


def test_needs_export_with_each_referral(client, zone):
    need = services.file_need(zone["strong"], form(amount="800", purpose="购置设备"), zone["staff"])
    services.decline(services.refer(need, zone["tech"], zone["staff"], TODAY), "抵押物不足", zone["staff"])
    client.force_login(zone["staff"])
    book = load_workbook(io.BytesIO(client.get(reverse("financing:needs") + "?export=xlsx").content))
    assert [c.value for c in book["融资需求"][2]][6:] == ["青江银行 科创贷", "未获授信", None, None, "抵押物不足"]


def test_the_banks_answers_go_through_the_one_url_of_each_move(client, zone, make_user):
    """The page's forms post each move's typed input to /work/<machine>/<pk>/<action>/: bad input is refused
    naming its field, nothing moves; the enterprise's own user may not record a bank's answer; a need of
    another enterprise is 404."""
    staff = zone["staff"]
    need = services.file_need(zone["strong"], form(amount="800", purpose="购置设备"), staff)
    match = services.refer(need, zone["tech"], staff, TODAY)
    client.force_login(staff)
    page = client.get(reverse("financing:need", args=[need.pk])).content.decode()
    grant_url = reverse("workflow:move", args=["financing_match", match.pk, "grant"])
    assert f'action="{grant_url}"' in page and 'name="grant-amount"' in page and 'name="draw-amount"' not in page
    refused = client.post(grant_url, {"grant-amount": "六百", "grant-on": TODAY.isoformat()}, follow=True)
    assert "未能登记授信：金额（万元）：应为数字（万元）" in refused.content.decode()
    assert FinancingMatch.objects.get(pk=match.pk).status == "referred"
    done = client.post(grant_url, {"grant-amount": "1,600", "grant-on": TODAY.isoformat()}, follow=True)
    assert "授信金额应在 0–1000 万元之间" in done.content.decode()
    done = client.post(grant_url, {"grant-amount": "600", "grant-on": TODAY.isoformat()})
    assert done.url == reverse("financing:need", args=[need.pk])
    granted = FinancingMatch.objects.get(pk=match.pk)
    assert (granted.status, granted.credit_amount, granted.credit_on) == ("credit_granted", Decimal(600), TODAY)
    owner = make_user("owner", "enterprise_user", enterprise=zone["strong"])
    client.force_login(owner)
    draw_url = reverse("workflow:move", args=["financing_match", match.pk, "draw"])
    assert client.post(draw_url, {"draw-amount": "100", "draw-on": TODAY.isoformat()}).status_code == 403
    assert client.post(reverse("financing:refer", args=[need.pk, zone["srdi"].pk])).status_code == 403
    outsider = make_user("outsider", "enterprise_user", enterprise=zone["short"])
    client.force_login(outsider)
    assert client.post(draw_url, {"draw-amount": "100", "draw-on": TODAY.isoformat()}).status_code == 404
    client.force_login(staff)
    assert client.post(reverse("workflow:move", args=["financing_match", match.pk, "fly"])).status_code == 404
    assert client.post(reverse("workflow:move", args=["nothing", match.pk, "draw"])).status_code == 404
    assert FinancingMatch.objects.get(pk=match.pk).status == "credit_granted"


def test_a_need_is_checked_field_by_field_before_anything_is_saved(zone):
    with pytest.raises(Invalid) as bad:
        services.file_need(zone["strong"], form(amount="0", term_months="400", purpose=""), zone["staff"])
    assert set(bad.value.errors) == {"amount", "term_months", "purpose"}
    assert "融资金额（万元）：" in str(bad.value) and not FinancingNeed.objects.exists()
    need = services.file_need(zone["strong"], form(amount="1,200", purpose="设备", needed_by="2027-01-31"),
                              zone["staff"])
    assert (need.amount, need.term_months, need.needed_by) == (Decimal(1200), 12, dt.date(2027, 1, 31))
