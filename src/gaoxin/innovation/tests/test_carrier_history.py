"""Carriers' history from a zone's sheet: each year's 火炬统计 figures, before the platform too, all or nothing."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from typer.testing import CliRunner

from gaoxin.cli import app
from gaoxin.conftest import xlsx_bytes
from gaoxin.innovation.imports import import_carrier_years
from gaoxin.innovation.models import Carrier, CarrierYear
from gaoxin.jobs.services import drain
from gaoxin.registry.models import AuditEntry, ImportBatch

HEADER = ["序号", "孵化器名称", "统计年度", "载体类型", "级别", "在孵企业数", "当年新增在孵企业", "当年毕业企业",
          "累计毕业企业", "累计孵化企业", "在孵企业中高新技术企业数", "创新型中小企业", "在孵企业总收入（亿元）",
          "填报人"]


def sheet(rows) -> bytes:
    return xlsx_bytes(["2019–2022 年孵化载体火炬统计汇总"], [HEADER, *rows])


def rows():
    return [
        [1, "青江创业中心", 2021, "孵化器", "国家级", 118, 30, 9, 96, 402, 6, None, "5.2", "李四"],
        [2, "青江创业中心", 2022, "孵化器", "国家级", 126, 35, 12, 108, 437, 7, 3, 6.1, "李四"],
        [3, "临江众创空间 ", 2022, "众创空间", "省级", 40, 18, 4, None, 95, 0, 0, None, None],
    ]


@pytest.fixture
def centre(db):
    return Carrier.objects.create(name="青江创业中心", kind="incubator", level="national")


def test_past_years_are_recorded_and_an_unknown_carrier_is_created(centre, staff):
    batch = import_carrier_years(sheet(rows()), "历年统计.xlsx", staff)
    assert batch.status == "imported", batch.errors
    assert "新增载体 1 个" in batch.summary and "新增 3 条" in batch.summary
    assert any("填报人" in w for w in batch.warnings)
    year = CarrierYear.objects.get(carrier=centre, year=2021)
    assert (year.incubated_total, year.graduated_total, year.high_tech) == (402, 96, 6)
    assert year.revenue == Decimal(52000) and year.innovative is None and year.source == batch
    space = Carrier.objects.get(name="临江众创空间")
    assert (space.kind, space.level) == ("makerspace", "provincial")
    assert AuditEntry.objects.filter(subject="carrier", object_id=centre.pk).count() == 2


def test_a_contradictory_year_imports_nothing(centre, staff):
    bad = rows()
    bad[1][7] = 200  # 当年毕业 200 > 累计毕业 108
    bad[2][0:3] = [3, "青江创业中心", 2021]  # the same carrier and year twice
    batch = import_carrier_years(sheet(bad), "历年统计.xlsx", staff)
    assert batch.status == "rejected" and not CarrierYear.objects.exists()
    reasons = {(e["row"], e["column"]): e["reason"] for e in batch.errors}
    assert "不能大于累计毕业企业" in reasons[(4, "当年毕业企业")]
    assert "同一载体的同一年度" in reasons[(5, "孵化器名称")]


def test_a_blank_cell_keeps_the_figure_and_a_change_is_audited(centre, staff):
    import_carrier_years(sheet(rows()), "历年统计.xlsx", staff)
    later = rows()
    later[0][10], later[0][5] = None, 120  # 高企 left blank, 在孵 corrected
    batch = import_carrier_years(sheet(later), "历年统计（更正）.xlsx", staff)
    year = CarrierYear.objects.get(carrier=centre, year=2021)
    assert (year.incubating, year.high_tech) == (120, 6)
    assert "更新 1 条" in batch.summary and "未变化 2 条" in batch.summary


def test_the_cli_says_what_it_did_and_refuses_a_bad_sheet(centre, tmp_path):
    good, bad = tmp_path / "历年.xlsx", tmp_path / "错误.xlsx"
    good.write_bytes(sheet(rows()))
    wrong = rows()
    wrong[0][5] = "很多"
    bad.write_bytes(sheet(wrong))
    result = CliRunner().invoke(app, ["import-carriers", str(good)])
    assert result.exit_code == 0 and "新增 3 条" in result.output
    result = CliRunner().invoke(app, ["import-carriers", str(bad)])
    assert result.exit_code == 1 and "第 3 行" in result.output


def test_the_page_the_job_and_the_carrier_shows_its_history(centre, staff, client):
    client.force_login(staff)
    book = load_workbook(io.BytesIO(client.get(reverse("innovation:carrier_history_template")).content))
    assert book.active["A1"].value == "载体名称" and book.active.max_row == 4
    upload = io.BytesIO(sheet(rows()))
    upload.name = "历年统计.xlsx"
    assert client.post(reverse("innovation:carrier_history_import"), {"file": upload}).status_code == 302
    drain()
    assert ImportBatch.objects.get(kind="carriers").status == "imported"
    page = client.get(reverse("innovation:carrier", args=[centre.pk])).content.decode()
    history = page[page.index('id="history"'):page.index('id="tenants"')]
    assert "2021" in history and "402" in history and "历年统计.xlsx" in history
