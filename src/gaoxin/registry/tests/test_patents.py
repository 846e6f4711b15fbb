"""专利/软著清单: rights recorded against their holders, all or nothing, and the yearly IP counts the engine reads
derived from them — lapsed and pending rights included, as of 31 December of each year."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from typer.testing import CliRunner

from gaoxin.cli import app
from gaoxin.conftest import xlsx_bytes
from gaoxin.contract.titles import ip_in_force, ip_kind_from_number, ip_term_end
from gaoxin.jobs.services import drain
from gaoxin.registry.models import AnnualFigures, AuditEntry, ImportBatch, IntellectualProperty
from gaoxin.registry.patents import import_patents

HEADER = ["序号", "专利号", "专利名称", "专利类型", "申请日", "授权公告日", "法律状态", "专利权人", "失效日",
          "代理机构"]


def _xlsx(rows, header=HEADER) -> bytes:
    return xlsx_bytes(["某企业专利清单（截至 2026-11-30）"], [header, *rows])


@pytest.fixture
def holder(make_enterprise):
    enterprise = make_enterprise("成都星云智能科技有限公司")
    for year in (2023, 2024, 2025):
        AnnualFigures.objects.create(enterprise=enterprise, year=year, employees=50)
    return enterprise


def _rows():
    return [
        [1, "ZL202110123456.7", "一种传感器", "发明", "2021-03-01", "2023-05-10", "有效", "成都星云智能科技有限公司",
         None, "某代理"],
        [2, "ZL202220234567.8", "一种支架", None, "2022-04-01", "2022-09-01", "未缴年费终止",
         "成都星云智能科技有限公司", "2024-06-30", None],  # 实用新型 by its number, lapsed mid-2024
        [3, "202310345678.9", "一种方法", "发明", "2023-07-01", None, "实质审查", "成都星云智能科技有限公司", None,
         None],
        [4, "2024SR0123456", "星云监测软件 V1.0", "软件著作权", None, "2024-02-01", "有效",
         "成都星云智能科技（有限公司）", None, None],
        [5, "ZL201930456789.0", "外观", "外观设计", "2019-01-10", "2019-08-01", "终止", "成都星云智能科技有限公司",
         None, None],  # lapsed, date unknown
    ]


def test_kinds_terms_and_force_by_the_patent_law():
    assert ip_kind_from_number("ZL 2021 1 0123456.7") == "invention_patent"
    assert ip_kind_from_number("202220234567.8") == "utility_model"
    assert ip_kind_from_number("2024SR0123456") == "software_copyright"
    assert ip_kind_from_number("不是号码") is None
    assert ip_term_end("invention_patent", dt.date(2021, 3, 1)) == dt.date(2041, 2, 28)
    assert ip_term_end("design_patent", dt.date(2021, 5, 31)) == dt.date(2031, 5, 30)  # before the 2021 amendment
    assert ip_term_end("design_patent", dt.date(2021, 6, 1)) == dt.date(2036, 5, 31)
    lapsed = {"kind": "utility_model", "status": "lapsed", "granted_on": dt.date(2022, 9, 1)}
    assert ip_in_force(dt.date(2023, 12, 31), **lapsed, lapsed_on=dt.date(2024, 6, 30)) is True
    assert ip_in_force(dt.date(2024, 12, 31), **lapsed, lapsed_on=dt.date(2024, 6, 30)) is False
    assert ip_in_force(dt.date(2023, 12, 31), **lapsed) is None  # the list does not say when it lapsed
    assert ip_in_force(dt.date(2021, 12, 31), **lapsed) is False  # before its grant it was not in force
    assert ip_in_force(dt.date(2030, 12, 31), kind="invention_patent", status="pending") is False


def test_a_list_records_rights_and_derives_the_yearly_counts(holder, staff):
    batch = import_patents(_xlsx(_rows()), "专利清单.xlsx", staff)
    assert batch.status == "imported", batch.errors
    assert IntellectualProperty.objects.filter(enterprise=holder).count() == 5
    pending = IntellectualProperty.objects.get(number="202310345678.9")
    assert (pending.legal_status, pending.granted_on, pending.kind) == ("pending", None, "invention_patent")
    by_year = {f.year: (f.ip_class1, f.ip_class2) for f in AnnualFigures.objects.filter(enterprise=holder)}
    assert by_year == {2023: (1, 1), 2024: (1, 1), 2025: (1, 1)}
    # 2023: invention (granted 2023-05) + utility (lapsed 2024-06); 2024 and 2025: invention + 软著; the design
    # patent lapsed on a day the list does not give: counted in no year after its grant, and said
    assert "未计入" in batch.summary and "新增 5 项" in batch.summary
    assert batch.warnings == ["未读取的列：序号、代理机构"]
    assert AuditEntry.objects.filter(enterprise=holder, subject="annualfigures", via__startswith="专利清单").exists()
    again = import_patents(_xlsx(_rows()), "专利清单.xlsx", staff)
    assert "未变化 5 项" in again.summary and IntellectualProperty.objects.count() == 5


def test_an_unknown_holder_or_a_wrong_cell_refuses_the_whole_list(holder, staff):
    rows = _rows() + [[6, "ZL202110999999.1", "别人的", "发明", "2021-01-01", "2022-01-01", "有效",
                       "深圳完全无关贸易有限公司", None, None],
                      [7, "ZL202110888888.X", "坏日期", "发明", "二〇二一年", None, "有效", "成都星云智能科技有限公司",
                       None, None]]
    batch = import_patents(_xlsx(rows), "专利清单.xlsx", staff)
    assert batch.status == "rejected" and not IntellectualProperty.objects.exists()
    assert {(e["row"], e["column"]) for e in batch.errors} == {(9, "申请日")}  # the file's cells first
    rows.pop()
    batch = import_patents(_xlsx(rows), "专利清单.xlsx", staff)
    assert [(e["row"], e["reason"][:9]) for e in batch.errors] == [(8, "权利人未能确定对应")]
    assert not IntellectualProperty.objects.exists()


def test_cli_and_page_import_a_list(holder, staff, client, tmp_path):
    path = tmp_path / "软著清单.xlsx"
    path.write_bytes(_xlsx([[1, "2024SR0123456", "星云监测软件", None, None, "2024-02-01", None,
                             "成都星云智能科技有限公司", None, None]]))
    result = CliRunner().invoke(app, ["import-patents", str(path)])
    assert result.exit_code == 0 and "新增 1 项" in result.output, result.output
    client.force_login(staff)
    upload = io.BytesIO(_xlsx(_rows()))
    upload.name = "专利清单.xlsx"
    response = client.post(reverse("registry:patents_import"), {"file": upload})
    batch = ImportBatch.objects.filter(kind="patents").latest("pk")
    assert response.status_code == 302 and response.url == reverse("registry:import_result", args=[batch.pk])
    assert drain() >= 1  # stored by the request, imported by the job (re-evaluations follow it)
    assert "按清单重算了" in client.get(response.url).content.decode()
    page = client.get(reverse("portal:enterprise", args=[holder.credit_code])).content.decode().split('id="ip"')[1]
    page = " ".join(page.split())  # as read, whatever the template's line breaks
    assert "ZL202110123456.7" in page and "失效 2024-06-30" in page and "专利清单.xlsx" in page
    assert "2023 年 Ⅰ类 1 项（自主研发 1）、Ⅱ类 1 项，另有 1 项失效日期不详未计入" in page


def test_the_template_reads_back_as_a_good_list(holder, client, staff):
    """The downloadable template is itself a list the import takes: its examples are recorded."""
    client.force_login(staff)
    data = client.get(reverse("registry:patents_template")).content
    holder.name = "青江星云智能科技有限公司"
    holder.save()
    batch = import_patents(data, "专利软著清单模板.xlsx", staff)
    assert batch.status == "imported", batch.errors
    assert IntellectualProperty.objects.filter(enterprise=holder).count() == 4
