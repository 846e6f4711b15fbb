from pathlib import Path

from openpyxl import load_workbook
from typer.testing import CliRunner

from gaoxin.cli import app
from gaoxin.conftest import code_for, xlsx_bytes
from gaoxin.registry.models import Enterprise

runner = CliRunner()
HEADERS = ["统一社会信用代码", "企业名称", "年度", "职工总数"]


def test_template_command_writes_the_template(tmp_path):
    out = tmp_path / "模板.xlsx"
    assert runner.invoke(app, ["template", str(out)]).exit_code == 0
    assert load_workbook(out).sheetnames == ["年度数据", "填写说明"]


def test_import_command_imports_a_good_file_and_rejects_a_bad_one(parks, tmp_path: Path):
    good = tmp_path / "good.xlsx"
    good.write_bytes(xlsx_bytes(HEADERS, [[code_for(1), "甲公司", 2025, 9]]))
    result = runner.invoke(app, ["import", str(good)])
    assert result.exit_code == 0 and "导入完成" in result.output
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx_bytes(HEADERS, [[code_for(2), "乙公司", 2025, -1]]))
    result = runner.invoke(app, ["import", str(bad)])
    assert result.exit_code == 1 and "未导入任何数据" in result.output
    assert (tmp_path / "bad.错误报告.xlsx").exists()
    assert list(Enterprise.objects.values_list("name", flat=True)) == ["甲公司"]


def test_demo_command_writes_files_when_asked(tmp_path):
    result = runner.invoke(app, ["demo", "--enterprises", "500", "--out", str(tmp_path), "--format", "csv"])
    assert result.exit_code == 0
    assert (tmp_path / "enterprise_years.csv").exists()
