"""Masking in one place: every output a park liaison can open — pages, Excel, the API, 一企一策 Word and PDF,
潜力企业, 政策计算器 — is read back and searched for the enterprise's money figures and for any amount worked out
from them. The same outputs read by zone staff do show them, so the search is known to find what it looks for."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from gaoxin.accounts import masking
from gaoxin.accounts.scope import Scope
from gaoxin.cultivation.selectors import ladder
from gaoxin.engine.benefit import benefits_in_force
from gaoxin.registry.models import AnnualFigures, TitleHeld

Y = dt.date.today().year
# Figures with decimals no policy threshold has, so any appearance of them is the enterprise's own.
FIGURES = {
    Y - 3: dict(revenue="2871.39", rd_expense="83.17", total_assets="2011.83", total_liabilities="904.37",
                total_cost="2655.71", net_profit="120.53"),
    Y - 2: dict(revenue="3050.29", rd_expense="97.13", total_assets="2210.47", total_liabilities="977.29",
                total_cost="2811.43", net_profit="171.19"),
    Y - 1: dict(revenue="3187.43", rd_expense="131.77", total_assets="2419.58", total_liabilities="1022.61",
                total_cost="2941.36", net_profit="211.29", main_revenue="2917.67", high_tech_revenue="2233.91"),
}


@pytest.fixture
def zone(parks, make_enterprise, make_user):
    a = make_enterprise("青江密码科技有限公司", park=parks[0], founded_on=dt.date(Y - 6, 3, 1), resident=True,
                        restricted_industry=False, credit_blacklisted=False, industry_code="I6513",
                        high_tech_field="software")
    for year, money in FIGURES.items():
        AnnualFigures.objects.create(enterprise=a, year=year, employees=64, tech_staff=21, rd_staff=15,
                                     ip_class1=1, ip_class2=6, major_incident=False,
                                     **{k: Decimal(v) for k, v in money.items()})
    TitleHeld.objects.create(enterprise=a, title="tech_sme", recognized_on=dt.date(Y, 3, 1),
                             valid_until=dt.date(Y, 12, 31))
    users = {"liaison": make_user("liaison", "park_liaison", park=parks[0]), "staff": make_user("staff", "zone_staff"),
             "owner": make_user("owner", "enterprise_user", enterprise=a)}
    return {"a": a, "users": users}


def secrets(zone) -> set[str]:
    """Every way a money figure of the enterprise, or an amount derived from them, could be printed."""
    values = {Decimal(v) for money in FIGURES.values() for v in money.values()}
    values |= {Decimal(FIGURES[y]["total_assets"]) - Decimal(FIGURES[y]["total_liabilities"]) for y in FIGURES}
    staff_view = ladder(zone["a"], Y, Scope.for_system())
    for verdict in staff_view:
        for clause in verdict["clauses"]:
            for amount in re.findall(r"([\d,]+\.\d+) ?万元", clause.get("gap") or ""):
                if amount not in (clause.get("threshold") or ""):
                    values.add(Decimal(amount.replace(",", "")))
    out = set()
    for v in values:
        out |= {f"{v:,.2f}", f"{v:.2f}"}
    return {s for s in out if len(s.replace(",", "").replace(".", "")) >= 4}


def outputs(client, zone) -> dict[str, str]:
    """Every output listed in issue 16 item 2, as text."""
    code = zone["a"].credit_code
    pages = {
        "企业画像": reverse("portal:enterprise", args=[code]),
        "企业名单": reverse("registry:enterprise_list") + f"?year={Y - 1}",
        "潜力企业（高企）": reverse("cultivation:candidates") + f"?policy=high_tech&year={Y}",
        "潜力企业（专精特新）": reverse("cultivation:candidates") + f"?policy=srdi_sme&year={Y}",
        "动态管理": reverse("cultivation:alerts"),
        "培育计划": reverse("cultivation:plan"),
        "政策计算器": reverse("benefits:enterprise", args=[code]),
        "政策（研发补助）": reverse("benefits:detail", args=["zone_rd_subsidy"]),
        "政策（研发补助，差一点）": reverse("benefits:detail", args=["zone_rd_subsidy"]) + "?kind=near",
        "政策库": reverse("benefits:library"),
        "驾驶舱": reverse("dashboard:index"),
        "API 年度数据": reverse("api:figures", args=[code]),
        "API 梯度评价": reverse("api:ladder", args=[code]) + f"?year={Y}",
        "API 潜力企业": reverse("api:candidates") + f"?policy=high_tech&year={Y}",
        "API 政策计算器": reverse("api:calculator", args=[code]),
    }
    out = {}
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        out[name] = response.content.decode()
    for name, url in {"企业名单.xlsx": reverse("registry:enterprise_list") + f"?export=xlsx&year={Y - 1}",
                      "潜力企业.xlsx": reverse("cultivation:candidates") + f"?policy=high_tech&year={Y}&export=xlsx"
                      }.items():
        book = load_workbook(io.BytesIO(client.get(url).content))
        out[name] = "\n".join(str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row)
    docx = Document(io.BytesIO(client.get(reverse("cultivation:report", args=[code, "docx"])).content))
    out["一企一策.docx"] = "\n".join([p.text for p in docx.paragraphs] + [
        cell.text for table in docx.tables for row in table.rows for cell in row.cells])
    pdf = PdfReader(io.BytesIO(client.get(reverse("cultivation:report", args=[code, "pdf"])).content))
    out["一企一策.pdf"] = "\n".join(page.extract_text() for page in pdf.pages)
    return out


def test_a_liaison_reads_no_money_figure_and_no_amount_derived_from_one_in_any_output(client, zone):
    hidden = secrets(zone)
    client.force_login(zone["users"]["liaison"])
    leaks = {name: sorted(s for s in hidden if s in text) for name, text in outputs(client, zone).items()}
    assert {name: found for name, found in leaks.items() if found} == {}


def test_staff_read_the_same_outputs_with_the_figures(client, zone):
    """The search above finds what it looks for: staff's outputs carry the figures."""
    client.force_login(zone["users"]["staff"])
    texts = outputs(client, zone)
    for name in ("企业画像", "企业名单.xlsx", "一企一策.docx", "API 年度数据", "API 梯度评价"):
        assert "3187.43" in texts[name].replace(",", "") or "3,187.43" in texts[name], name


def test_a_masked_clause_keeps_its_verdict_a_share_and_the_threshold():
    clause = {"id": "high_tech.rd_ratio", "label": "研发费用占比", "status": "fail", "value": 4.13,
              "threshold": "≥ 5%（最近一年销售收入小于 5,000 万元）",
              "gap": "需再投入研发费用 27.61 万元（营业收入不变）",
              "shortfall": 0.17, "measure": {"kind": "share", "unit": "%", "fields": ["rd_expense", "revenue"]},
              "inputs": [{"field": "rd_expense", "label": "研发费用总额", "value": 131.77, "derived": False},
                         {"field": "employees", "label": "职工总数", "value": 64, "derived": False}]}
    masked = masking.clause(clause, masking.MONEY)
    assert masked["status"] == "fail" and masked["value"] == 4.13 and masked["masked"]
    assert "27.61" not in masked["gap"] and "≥ 5%" in masked["gap"] and "不公开" in masked["gap"]
    assert masked["inputs"][0]["value"] == masking.HIDDEN and masked["inputs"][1]["value"] == 64


def test_an_amount_clause_loses_its_value_range_and_shortfall():
    clause = {"id": "x", "label": "营业收入", "status": "unknown", "value": None, "range": [100.0, 900.0],
              "threshold": "≥ 1,000 万元", "gap": "数据不足：按已知数据营业收入 100–900 万元", "shortfall": 0.5,
              "measure": {"kind": "figure", "unit": "万元", "fields": ["revenue"]},
              "inputs": [{"field": "revenue", "label": "营业收入", "value": None, "derived": True, "at_least": 100.0,
                          "at_most": 900.0, "text": "营业收入 至少 100.00 万元", "from": []}]}
    masked = masking.clause(clause, masking.MONEY)
    assert "range" not in masked and masked["shortfall"] is None and "100" not in masked["gap"]
    assert masked["inputs"][0]["at_least"] is None and "100" not in masked["inputs"][0]["text"]


def test_a_clause_reading_no_money_figure_is_left_as_it_is():
    clause = {"id": "y", "label": "科技人员占比", "status": "pass", "value": 32.8, "gap": "科技人员占比 32.8%",
              "measure": {"kind": "share", "unit": "%", "fields": ["employees", "tech_staff"]},
              "inputs": [{"field": "tech_staff", "value": 21}, {"field": "employees", "value": 64}]}
    assert masking.clause(clause, masking.MONEY) is clause


@pytest.mark.parametrize(("who", "hidden"), [("liaison", True), ("staff", False), ("owner", False)])
def test_who_reads_money_is_one_rule(zone, who, hidden):
    assert bool(masking.hidden_fields(zone["users"][who])) is hidden
    assert bool(masking.hidden_fields(None)) is False  # the system (commands, jobs) reads everything


def test_a_benefit_amount_worked_out_from_figures_is_withheld_and_a_fixed_one_is_not(client, zone):
    code = zone["a"].credit_code
    client.force_login(zone["users"]["owner"])
    own = {r["benefit"]: r for r in client.get(reverse("api:calculator", args=[code])).json()["results"]}
    client.force_login(zone["users"]["liaison"])
    body = client.get(reverse("api:calculator", args=[code])).json()
    seen = {r["benefit"]: r for r in body["results"]}
    assert float(own["zone_rd_subsidy"]["amount"]) == pytest.approx(3.464)  # 10% of the R&D increase
    rd = seen["zone_rd_subsidy"]
    assert rd["amount"] is None and rd["amount_masked"] and rd["explanation"]["amount"] is None
    assert body["total"] is None
    for benefit in benefits_in_force(dt.date.today()):
        computed = bool(benefit.amount.reads())
        row = seen[benefit.code]
        assert row["amount"] == (None if computed else own[benefit.code]["amount"]), benefit.code
        assert row["amount_masked"] is (computed and own[benefit.code]["amount"] is not None), benefit.code
