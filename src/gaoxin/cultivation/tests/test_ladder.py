"""The ladder: stored verdicts per enterprise × year × policy, shown on the enterprise page with every clause
explained, kept fresh when data changes."""

import datetime as dt
import re
from decimal import Decimal

from django.urls import reverse

from gaoxin.cultivation.selectors import ladder
from gaoxin.registry.models import AnnualFigures, TitleHeld

YEAR = dt.date.today().year


def make_candidate(make_enterprise, **figures):
    enterprise = make_enterprise("青江星云软件有限公司", founded_on=dt.date(YEAR - 1, 1, 1), resident=True,
                                 restricted_industry=False, credit_blacklisted=False)
    values = dict(employees=50, tech_staff=20, revenue=Decimal(3000), total_assets=Decimal(2000),
                  total_cost=Decimal(2800), rd_expense=Decimal(63), ip_class1=0, ip_class2=2, major_incident=False,
                  led_standard=False, rd_institution_level="none") | figures
    AnnualFigures.objects.create(enterprise=enterprise, year=YEAR - 1, **values)
    return enterprise


def test_a_near_miss_is_explained_with_its_gap(client, staff, make_enterprise):
    # 40% staff: 20; R&D 2.1% of revenue: 10; two class-II rights: 12 → 42 < 60
    enterprise = make_candidate(make_enterprise)
    result = ladder(enterprise, YEAR)[0]
    assert (result["policy"], result["verdict"], result["score"]) == ("tech_sme", "not_qualified", 42)
    client.force_login(staff)
    page = client.get(reverse("portal:enterprise", args=[enterprise.credit_code])).content.decode()
    assert re.search(r'id="evaluation-tech_sme"\s+data-verdict="not_qualified"', page)
    assert "不符合条件" in page and "评分 42 / 合格线 60" in page and 'id="ladder"' in page
    assert "需再投入研发费用总额 27.00 万元（营业收入不变）" in page


def test_a_valid_high_tech_title_confirms_directly(make_enterprise):
    enterprise = make_candidate(make_enterprise)
    TitleHeld.objects.create(enterprise=enterprise, title="high_tech", recognized_on=dt.date(YEAR - 1, 12, 1),
                             valid_until=dt.date(YEAR + 2, 11, 30))
    assert ladder(enterprise, YEAR)[0]["verdict"] == "qualified"


def test_missing_figures_are_named_on_the_page(client, staff, make_enterprise):
    enterprise = make_candidate(make_enterprise, ip_class1=None, ip_class2=None)
    client.force_login(staff)
    page = client.get(reverse("portal:enterprise", args=[enterprise.credit_code])).content.decode()
    assert 'data-verdict="insufficient_data"' in page and "缺少：Ⅰ类知识产权、Ⅱ类知识产权" in page


def test_an_enterprise_without_figures_still_has_a_page(client, staff, make_enterprise):
    enterprise = make_enterprise()
    client.force_login(staff)
    response = client.get(reverse("portal:enterprise", args=[enterprise.credit_code]))
    assert response.status_code == 200 and "数据不足" in response.content.decode()


def test_the_page_lists_the_ladder_in_order_with_high_tech_explained(client, staff, make_enterprise):
    enterprise = make_candidate(make_enterprise)  # founded last January: 高企 needs 365 days — passes by July
    policies = [r["policy"] for r in ladder(enterprise, YEAR)]
    assert policies[:2] == ["tech_sme", "high_tech"]
    client.force_login(staff)
    page = client.get(reverse("portal:enterprise", args=[enterprise.credit_code])).content.decode()
    assert 'id="evaluation-high_tech"' in page
    assert page.index('id="evaluation-tech_sme"') < page.index('id="evaluation-high_tech"')
    assert "近三个会计年度研究开发费用总额占同期销售收入总额的比例" in page


def test_the_ladder_says_held_apply_now_or_how_many_items_are_missing(client, staff, make_enterprise):
    enterprise = make_candidate(make_enterprise, rd_expense=Decimal(300), ip_class1=1)  # 科小 qualifies
    TitleHeld.objects.create(enterprise=enterprise, title="innovative_sme", recognized_on=dt.date(YEAR - 1, 9, 1),
                             valid_until=dt.date(YEAR + 2, 8, 31))
    client.force_login(staff)
    page = client.get(reverse("portal:enterprise", args=[enterprise.credit_code])).content.decode()
    rows = {part.split('"', 1)[0]: part.split("</tr>", 1)[0] for part in page.split('data-policy="')[1:]}
    assert "可申报" in rows["tech_sme"]
    assert f"持有（至 {YEAR + 2}-08-31）" in rows["innovative_sme"]
    assert "差 " in rows["little_giant"] or "待补数据" in rows["little_giant"]
