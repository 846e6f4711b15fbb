"""Lineage as a zone meets it: a yearly sheet, the registry export and a patent list say different things of
one enterprise; the priority chooses, the page shows both, and every explanation names its source."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from gaoxin.conftest import code_for, xlsx_bytes
from gaoxin.cultivation.selectors import ladder
from gaoxin.registry import lineage, services
from gaoxin.registry.business import import_business
from gaoxin.registry.importer import import_file
from gaoxin.registry.models import AnnualFigures, Enterprise, FiguresFiling
from gaoxin.registry.patents import import_patents

CODE = code_for(7)
NAME = "青江星云智能科技有限公司"
SHEET = ["统一社会信用代码", "企业名称", "成立日期", "年度", "职工总数", "营业收入（万元）", "ip_class1"]
BUSINESS = ["企业名称", "统一社会信用代码", "成立日期", "登记状态"]
PATENTS = ["专利号", "专利名称", "专利类型", "申请日", "授权公告日", "法律状态", "专利权人"]


def sheet(founded: str, revenue, ip: int, name: str = "税务.xlsx"):
    outcome = import_file(xlsx_bytes(SHEET, [[CODE, NAME, founded, 2025, 40, revenue, ip]]), name)
    assert outcome.ok, outcome.problems
    return outcome.batch


@pytest.fixture
def zone(db, staff):
    first = sheet("2019-01-01", 5200, 3)
    export = import_business(xlsx_bytes(BUSINESS, [[NAME, CODE, "2018-05-20", "存续"]]), "工商导出.xlsx", staff)
    assert export.status == "imported", export.errors
    patents = import_patents(xlsx_bytes(PATENTS, [
        ["ZL202110123456.7", "一种传感器", "发明", "2021-03-01", "2023-05-10", "有效", NAME]]), "专利清单.xlsx", staff)
    assert patents.status == "imported", patents.errors
    return {"first": first, "export": export, "patents": patents,
            "enterprise": Enterprise.objects.get(credit_code=CODE)}


def test_the_priority_chooses_and_every_source_is_kept(zone):
    enterprise = zone["enterprise"]
    figures = AnnualFigures.objects.get(enterprise=enterprise, year=2025)
    assert enterprise.founded_on == dt.date(2018, 5, 20)  # 工商 outranks the sheet's 成立日期
    assert figures.ip_class1 == 1  # the patent list outranks the count typed into the sheet
    assert [(r.kind, r.value) for r in lineage.reports(enterprise, "founded_on")] == [
        ("business", "2018-05-20"), ("import", "2019-01-01")]
    assert [(r.kind, r.value, r.batch) for r in lineage.reports(figures, "ip_class1")] == [
        ("patents", 1, zone["patents"].pk), ("import", 3, zone["first"].pk)]
    assert lineage.chosen(figures, "revenue").batch == zone["first"].pk


def test_a_later_sheet_keeps_the_higher_source_and_says_so(zone):
    again = sheet("2019-01-01", 5300, 4, name="火炬统计.xlsx")
    enterprise = Enterprise.objects.get(credit_code=CODE)
    figures = AnnualFigures.objects.get(enterprise=enterprise, year=2025)
    assert figures.revenue == Decimal(5300)  # same kind, newer: replaces
    assert (enterprise.founded_on, figures.ip_class1) == (dt.date(2018, 5, 20), 1)
    assert any("“工商”" in w and "1 项" in w for w in again.warnings)
    assert any("“专利”" in w for w in again.warnings)
    assert lineage.chosen(figures, "revenue").ref.endswith("火炬统计.xlsx")


def test_the_enterprise_page_shows_both_values_and_the_chosen_one(zone, client, staff):
    client.force_login(staff)
    page = client.get(reverse("portal:enterprise", args=[CODE])).content.decode()
    section = page[page.index('id="lineage"'):page.index('id="ip"')]
    assert "来源不一致" in section and "成立日期" in section and "知识产权" in section
    assert f"工商 #{zone['export'].pk} 工商导出.xlsx" in section
    assert section.count("✓ 采用") == 2
    assert f"年度数据导入 #{zone['first'].pk} 税务.xlsx" in page  # the figures table names the source per cell


def test_explanations_name_the_source_of_each_figure(zone):
    results = ladder(zone["enterprise"], 2026)
    inputs = [i for r in results for c in r["clauses"] for i in c["inputs"]]
    revenue = next(i for i in inputs if i["field"] == "revenue" and i["year"] == 2025 and not i["derived"])
    assert revenue["source"]["kind"] == "import" and revenue["source"]["batch"] == zone["first"].pk
    assert revenue["source"]["text"].startswith("年度数据导入 #")
    founded = next(i for i in inputs if i["field"] == "founded_on")
    assert founded["source"]["kind"] == "business"
    derived = [i for i in inputs if i["derived"]]
    assert derived and all(i["source"]["kind"] == "derived" for i in derived)


def test_the_api_gives_sources_and_conflicts(zone, client, staff):
    client.force_login(staff)
    [row] = client.get(f"/api/v1/enterprises/{CODE}/figures").json()
    assert row["sources"]["revenue"]["kind"] == "import"
    assert [(r["source"]["kind"], r["value"], r["chosen"]) for r in row["conflicts"]["ip_class1"]] == [
        ("patents", 1, True), ("import", 3, False)]


def test_the_filing_review_says_which_values_acceptance_keeps(zone, client, staff):
    filing = FiguresFiling.objects.create(enterprise=zone["enterprise"], year=2025, status="submitted",
                                          revenue=Decimal(5600), employees=40, ip_class1=1)
    client.force_login(staff)
    page = client.get(reverse("registry:filing_review", args=[filing.pk])).content.decode()
    assert 'id="kept-notice"' in page and "有 1 项填报值" in page and "保留“年度数据导入”的数值" in page
    services.transition_filing(staff, filing, "accept")
    figures = AnnualFigures.objects.get(enterprise=zone["enterprise"], year=2025)
    assert figures.revenue == Decimal(5200)
    assert [(r.kind, r.value) for r in lineage.reports(figures, "revenue")] == [("import", "5200"),
                                                                                ("filing", "5600")]


def test_a_clause_on_a_title_names_the_list_it_came_from(zone):
    from gaoxin.registry.models import ImportBatch, TitleHeld

    listed = ImportBatch.objects.create(kind="title_list", file_name="2025年科小入库名单.xlsx", sha256="0" * 64,
                                        status="imported")
    TitleHeld.objects.create(enterprise=zone["enterprise"], title="tech_sme", level="national",
                             recognized_on=dt.date(2026, 5, 1), valid_until=dt.date(2026, 12, 31), source=listed)
    results = {r["policy"]: r for r in ladder(Enterprise.objects.get(pk=zone["enterprise"].pk), 2026)}
    prereq = next(c for c in results["srdi_sme"]["clauses"] if c.get("title") == "tech_sme")
    assert prereq["title_source"]["kind"] == "list"
    assert prereq["title_source"]["text"].startswith(f"名单 #{listed.pk} 2025年科小入库名单.xlsx")
