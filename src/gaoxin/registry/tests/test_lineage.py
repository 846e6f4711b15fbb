"""Lineage per figure: each source's report is kept, the documented priority chooses, and both show."""

import datetime as dt
from decimal import Decimal

import pytest

from gaoxin.contract.lineage import SOURCE_KINDS
from gaoxin.registry import lineage, services
from gaoxin.registry.lineage import Source
from gaoxin.registry.models import AnnualFigures

TAX = Source("import", "#1 税务.xlsx", batch=1, as_of=dt.date(2026, 3, 1))
TORCH = Source("import", "#2 火炬统计.xlsx", batch=2, as_of=dt.date(2026, 5, 1))
FILED = Source("filing", "#7", filing=7, as_of=dt.date(2026, 6, 1))
STAFF = Source("staff", "王科长", as_of=dt.date(2026, 2, 1))


@pytest.fixture
def figures(make_enterprise):
    return AnnualFigures(enterprise=make_enterprise("青江星云软件有限公司"), year=2025)


def write(figures, values, source):
    """What a writer does: merge, set the chosen values, save."""
    for code, value in lineage.merge(figures, values, source).items():
        setattr(figures, code, value)
    figures.save()
    figures.refresh_from_db()
    return figures


def test_priority_is_a_documented_total_order():
    ranks = [k.rank for k in SOURCE_KINDS]
    assert ranks == sorted(ranks, reverse=True) and len(set(ranks)) == len(ranks)
    assert all(k.why for k in SOURCE_KINDS)


def test_a_record_created_by_one_source_names_it_for_every_figure(figures):
    write(figures, {"revenue": Decimal("5200"), "employees": 40}, TAX)
    assert figures.lineage["default"] == 0 and figures.lineage["fields"] == {}
    report = lineage.chosen(figures, "revenue")
    assert (report.kind, report.batch, report.as_of) == ("import", 1, dt.date(2026, 3, 1))
    assert lineage.describe(report) == "年度数据导入 #1 税务.xlsx（2026-03-01）"
    assert lineage.conflicts(figures) == {}


def test_a_lower_source_is_recorded_but_does_not_replace_a_higher_one(figures):
    write(figures, {"revenue": Decimal("5200")}, TAX)
    write(figures, {"revenue": Decimal("5600"), "employees": 44}, FILED)
    assert figures.revenue == Decimal("5200")  # 年度数据导入 outranks 企业填报
    assert figures.employees == 44  # the filing fills what the returns lacked
    both = lineage.conflicts(figures)["revenue"]
    assert [(r.kind, r.value) for r in both] == [("import", "5200"), ("filing", "5600")]


def test_staff_outrank_everything_even_when_older(figures):
    write(figures, {"revenue": Decimal("5200")}, TAX)
    write(figures, {"revenue": Decimal("5000")}, STAFF)
    write(figures, {"revenue": Decimal("5300")}, TORCH)
    assert figures.revenue == Decimal("5000")
    assert [r.kind for r in lineage.reports(figures, "revenue")] == ["staff", "import"]


def test_the_same_value_again_from_the_same_kind_changes_nothing(figures):
    write(figures, {"revenue": Decimal("5200")}, TAX)
    before = figures.lineage
    write(figures, {"revenue": Decimal("5200.0000")}, TORCH)
    assert figures.lineage == before  # re-importing what is held keeps the first source, and writes nothing


def test_a_newer_report_of_the_same_kind_replaces_the_older(figures):
    write(figures, {"revenue": Decimal("5200"), "employees": 40}, TAX)
    write(figures, {"revenue": Decimal("5300")}, TORCH)
    assert figures.revenue == Decimal("5300")
    assert [(r.ref, r.value) for r in lineage.reports(figures, "revenue")] == [("#2 火炬统计.xlsx", "5300")]
    assert lineage.chosen(figures, "employees").ref == "#1 税务.xlsx"  # not in the second file: still the first


def test_a_blank_says_nothing_but_staff_may_clear(figures):
    write(figures, {"revenue": Decimal("5200")}, TAX)
    write(figures, {"revenue": None}, FILED)
    assert figures.revenue == Decimal("5200")
    write(figures, {"revenue": None}, STAFF)
    assert figures.revenue is None
    assert lineage.chosen(figures, "revenue").kind == "staff"


def test_figures_written_before_lineage_are_unranked(figures):
    figures.revenue = Decimal("4000")
    figures.save()  # as rows stored before lineage was kept
    assert lineage.chosen(figures, "revenue").kind == "unrecorded"
    write(figures, {"revenue": Decimal("4100")}, FILED)
    assert figures.revenue == Decimal("4100")
    assert [r.kind for r in lineage.reports(figures, "revenue")] == ["filing", "unrecorded"]


def test_sources_are_stored_once_per_record(figures):
    write(figures, {"revenue": Decimal("1"), "employees": 2, "rd_expense": Decimal("3")}, TAX)
    write(figures, {"revenue": Decimal("9"), "employees": 8, "rd_expense": Decimal("7")}, STAFF)
    assert len(figures.lineage["sources"]) == 2


def test_a_staff_edit_reports_only_what_it_changed(figures, staff):
    write(figures, {"revenue": Decimal("5200"), "employees": 40}, TAX)
    services.update_figures(staff, figures.enterprise, 2025, {"revenue": Decimal("5200"), "employees": 41},
                            expected_version=figures.version)
    figures.refresh_from_db()
    assert lineage.chosen(figures, "revenue").kind == "import"
    assert lineage.chosen(figures, "employees").kind == "staff"


def test_a_record_older_than_lineage_keeps_its_history_once_written(figures):
    figures.revenue, figures.employees, figures.source = Decimal("4000"), 30, "import"
    figures.save()
    write(figures, {"revenue": Decimal("4100")}, FILED)
    figures.source = "online"  # the row's last writer changes; the employees figure did not come from it
    figures.save()
    assert lineage.chosen(figures, "employees").ref == "该年度数据最近一次由“导入”写入"
