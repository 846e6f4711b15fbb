"""重大项目 from a zone's own sheet: units and month-only dates as zones write them, all or nothing, known projects
brought to the sheet's plan while their stage moves only by reports."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from typer.testing import CliRunner

from gaoxin.cli import app
from gaoxin.conftest import code_for, xlsx_bytes
from gaoxin.jobs.services import drain
from gaoxin.registry.models import AuditEntry, ImportBatch
from gaoxin.tracking.imports import import_projects
from gaoxin.tracking.models import MajorProject

HEADER = ["序号", "项目名称", "年度", "项目类别", "项目单位", "所属园区", "总投资（亿元）", "本年计划投资（万元）",
          "项目阶段", "计划开工", "计划投产", "累计完成投资（万元）", "形象进度（%）", "报送周期", "备注", "联系人"]


def sheet(rows) -> bytes:
    return xlsx_bytes(["2026 年重大项目调度表"], [HEADER, *rows])


def rows():
    return [
        [1, "新一代智能传感器产业化项目", 2026, "科技类", "青江星云智能科技股份有限公司", "青江科技城", "5.2", 12000,
         "在建", "2026年6月", "2027-12-31", 9000, "20%", "每月", "一期厂房", "张三"],
        [2, "生物医药孵化园", 2026, "产业类", "某招商企业（筹）", "临江街道", 3, None, "洽谈", None, None, None, None,
         "季度", None, None],
    ]


@pytest.fixture
def unit(make_enterprise):
    return make_enterprise("青江星云智能科技有限公司", credit_code=code_for(3))


def test_a_sheet_creates_projects_in_wan_with_their_stage(parks, unit, staff):
    batch = import_projects(sheet(rows()), "调度表.xlsx", staff)
    assert batch.status == "imported", batch.errors
    assert "新增项目 2 个" in batch.summary and any("联系人" in w for w in batch.warnings)
    sensor = MajorProject.objects.get(name="新一代智能传感器产业化项目")
    assert sensor.investment == Decimal(52000)  # 5.2 亿元
    assert sensor.enterprise == unit  # 股份有限公司 vs 有限公司: the same normalised name
    assert (sensor.stage, sensor.progress, sensor.invested) == ("started", 20, Decimal(9000))
    assert sensor.started_by == dt.date(2026, 6, 1) and sensor.in_operation_by == dt.date(2027, 12, 31)
    assert sensor.report_every == 1 and sensor.category.name == "科技类"
    park = MajorProject.objects.get(name="生物医药孵化园")
    assert park.enterprise is None and "某招商企业（筹）" in park.notes and park.report_every == 3
    assert AuditEntry.objects.filter(subject="majorproject", action="create").count() == 2


def test_one_wrong_cell_imports_nothing_and_names_each(parks, unit, staff):
    bad = rows()
    bad[0][3] = "航天类"  # no such category
    bad[0][7] = 600000  # plan above the total (5.2 亿 = 52,000 万)
    bad[1][5] = "不存在的园区"
    bad[1][11] = 100  # still 洽谈, yet investment done
    batch = import_projects(sheet(bad), "调度表.xlsx", staff)
    assert batch.status == "rejected" and not MajorProject.objects.exists()
    assert {(e["row"], e["column"]) for e in batch.errors} == {
        (3, "本年计划投资（万元）"), (4, "累计完成投资（万元）")}  # read problems stop before registry checks
    again = rows()
    again[0][3], again[1][5] = "航天类", "不存在的园区"
    batch = import_projects(sheet(again), "调度表.xlsx", staff)
    reasons = {(e["row"], e["column"]): e["reason"] for e in batch.errors}
    assert "科技类" in reasons[(3, "项目类别")] and "不存在" in reasons[(4, "所属园区/街道")]


def test_a_second_sheet_updates_the_plan_but_not_the_stage(parks, unit, staff):
    import_projects(sheet(rows()), "调度表.xlsx", staff)
    later = rows()
    later[0][7], later[0][8], later[0][12] = 15000, "投产", "90%"
    later[0][14] = None  # a blank keeps the notes
    batch = import_projects(sheet(later), "调度表（9月）.xlsx", staff)
    sensor = MajorProject.objects.get(name="新一代智能传感器产业化项目")
    assert sensor.year_plan == Decimal(15000) and sensor.notes == "一期厂房"
    assert (sensor.stage, sensor.progress) == ("started", 20)
    assert "更新 1 个" in batch.summary and "未变化 1 个" in batch.summary
    assert any("第 3 行" in w and "阶段" in w and "形象进度" in w for w in batch.warnings)


def test_the_page_the_job_the_template_and_the_cli(parks, unit, staff, client, tmp_path):
    client.force_login(staff)
    book = load_workbook(io.BytesIO(client.get(reverse("tracking:project_template")).content))
    assert book["重大项目"]["B1"].value == "纳入年度" and book["说明"].max_row > 10
    assert 'id="projects-form"' in client.get(reverse("tracking:project_import")).content.decode()
    upload = io.BytesIO(sheet(rows()))
    upload.name = "调度表.xlsx"
    response = client.post(reverse("tracking:project_import"), {"file": upload})
    drain()
    batch = ImportBatch.objects.get(kind="projects")
    assert response.status_code == 302 and batch.status == "imported" and MajorProject.objects.count() == 2
    path = tmp_path / "调度表.xlsx"
    changed = rows()
    changed[0][7] = 13000
    path.write_bytes(sheet(changed))
    result = CliRunner().invoke(app, ["import-projects", str(path)])
    assert result.exit_code == 0 and "更新 1 个" in result.output
