"""工商登记信息: a registry export (as 国家企业信用信息公示系统 or a data vendor gives it) creates and updates
enterprises, places them in parks by address, archives the revoked and cancelled, sets 经营异常 — all or nothing,
audited."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from typer.testing import CliRunner

from gaoxin.cli import app
from gaoxin.conftest import code_for, xlsx_bytes
from gaoxin.contract.industries import industry_code_of
from gaoxin.jobs.services import drain
from gaoxin.registry.business import import_business
from gaoxin.registry.models import AuditEntry, Enterprise, ImportBatch

HEADER = ["序号", "企业名称", "统一社会信用代码", "成立日期", "注册资本", "国标行业", "住所", "登记状态", "经营异常",
          "曾用名", "电话"]


def _export(rows) -> bytes:
    return xlsx_bytes(["企业工商信息导出（2026-12-01）"], [HEADER, *rows])


@pytest.fixture
def zone(parks, make_enterprise):
    parks[0].address_keywords = "科技城大道\n青江软件园"
    parks[0].save()
    return {"renamed": make_enterprise("青江星云软件有限公司", park=parks[1], credit_code=code_for(1)),
            "closing": make_enterprise("青江老厂有限公司", credit_code=code_for(2))}


def _rows():
    return [
        [1, "青江星云智能科技有限公司", code_for(1), "2018-05-20", "1,000万元人民币", "软件和信息技术服务业",
         "青江市科技城大道 88 号", "存续（在营、开业、在册）", "否", None, "028-1"],
        [2, "青江老厂有限公司", code_for(2), "2001-01-01", "50万美元", "C3911", "青江市老城区", "注销", "否", None,
         None],
        [3, "青江新锐生物有限公司", code_for(3), "2025-03-01", "500", "2710", "青江软件园 3 栋", "存续", "是",
         "青江新锐药业有限公司", None],
    ]


def test_industries_by_code_or_name():
    assert industry_code_of("软件和信息技术服务业") == "I65"
    assert industry_code_of("2710") == "C2710" and industry_code_of("C3911") == "C3911"
    assert industry_code_of("制造业") == "C" and industry_code_of("不存在的行业") is None
    assert industry_code_of("A3911") is None  # 39 is in section C, not A


def test_an_export_creates_updates_places_and_archives(zone, staff, parks):
    batch = import_business(_export(_rows()), "工商导出.xlsx", staff)
    assert batch.status == "imported", batch.errors
    assert batch.summary == "新增企业 1 家、更新 2 家、未变化 0 家、按登记状态归档 1 家"
    assert batch.warnings == ["未读取的列：序号、电话"]
    renamed = Enterprise.objects.get(credit_code=code_for(1))
    assert (renamed.name, renamed.former_names, renamed.park, renamed.industry_code) == (
        "青江星云智能科技有限公司", ["青江星云软件有限公司"], parks[0], "I65")
    assert (renamed.registered_capital, renamed.capital_currency, renamed.founded_on) == (
        Decimal(1000), "人民币", dt.date(2018, 5, 20))
    closing = Enterprise.objects.get(credit_code=code_for(2))
    assert closing.archived_at is not None and closing.archive_reason == "工商登记状态：注销（工商导出.xlsx）"
    assert (closing.registered_capital, closing.capital_currency) == (Decimal(50), "美元")
    new = Enterprise.objects.get(credit_code=code_for(3))
    assert (new.park, new.credit_blacklisted, new.former_names, new.registered_capital) == (
        parks[0], True, ["青江新锐药业有限公司"], Decimal(500))
    assert AuditEntry.objects.filter(enterprise=closing, action="archive", via="工商登记信息").exists()
    assert AuditEntry.objects.filter(enterprise=renamed, action="update", changes__has_key="name").exists()
    again = import_business(_export(_rows()), "工商导出.xlsx", staff)
    assert again.summary == "新增企业 0 家、更新 0 家、未变化 3 家、按登记状态归档 0 家"
    rows = _rows()
    rows[1][7] = "存续"  # the 注销 was a mistake in the earlier export
    revived = import_business(_export(rows), "更正.xlsx", staff)
    assert revived.summary.endswith("、恢复 1 家（登记状态为存续）")
    closing.refresh_from_db()
    assert closing.archived_at is None and closing.archive_reason == ""
    new.archived_at, new.archive_reason = dt.datetime(2026, 1, 1, tzinfo=dt.UTC), "迁出本区"
    new.save()
    import_business(_export(rows), "更正.xlsx", staff)
    new.refresh_from_db()
    assert new.archived_at is not None  # archived by staff for another reason: the export does not undo it


def test_one_wrong_cell_imports_nothing(zone, staff):
    rows = _rows()
    rows[2][5] = "宇宙行业"
    batch = import_business(_export(rows), "工商导出.xlsx", staff)
    assert batch.status == "rejected"
    assert [(e["row"], e["column"]) for e in batch.errors] == [(5, "国标行业")]
    assert not Enterprise.objects.filter(credit_code=code_for(3)).exists()
    assert Enterprise.objects.get(credit_code=code_for(2)).archived_at is None


def test_cli_and_page(zone, staff, client, tmp_path):
    path = tmp_path / "工商.xlsx"
    path.write_bytes(_export(_rows()[:1]))
    result = CliRunner().invoke(app, ["import-registry", str(path)])
    assert result.exit_code == 0 and "更新 1 家" in result.output, result.output
    client.force_login(staff)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(reverse("registry:business_import"),
                           {"file": SimpleUploadedFile("工商.xlsx", _export(_rows()))})
    assert response.status_code == 302 and drain() >= 1
    assert "按登记状态归档 1 家" in client.get(response.url).content.decode()
    assert ImportBatch.objects.filter(kind="business").count() == 2


def test_the_template_lists_every_accepted_header(staff, client):
    from openpyxl import load_workbook

    client.force_login(staff)
    book = load_workbook(io.BytesIO(client.get(reverse("registry:business_template")).content))
    assert [c.value for c in book["工商登记信息"][1]][:2] == ["统一社会信用代码", "企业名称"]
    notes = {row[0].value: row[1].value for row in book["说明"].iter_rows(min_row=2)}
    assert "成立时间" in notes["成立日期"] and "国标行业" in notes["行业"]
