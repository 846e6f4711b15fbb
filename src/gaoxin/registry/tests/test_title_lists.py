"""名单导入: “42 家企业入选省级专精特新” recorded from the list as published, matched by name, confirmed by staff,
all or nothing, audited; and the same from the command line for scripts."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.urls import reverse
from typer.testing import CliRunner

from gaoxin.cli import app
from gaoxin.conftest import code_for, xlsx_bytes
from gaoxin.contract.titles import validity_end
from gaoxin.registry.models import AuditEntry, Enterprise, ImportBatch, TitleHeld

runner = CliRunner()
DAY = dt.date(2026, 11, 20)


def _xlsx(rows) -> bytes:
    """A sheet exactly as `rows` lay it out (a title row, blank rows, then the header)."""
    return xlsx_bytes(rows[0], rows[1:])


@pytest.fixture
def registry(make_enterprise):
    return {"xingyun": make_enterprise("成都星云智能科技有限公司"),
            "lanhai": make_enterprise("四川蓝海生物医药股份有限公司"),
            "chaye": make_enterprise("乐山市峨眉山茶业有限责任公司"),
            "dongfang": make_enterprise("成都东方测控有限公司"),
            "chongqing": make_enterprise("重庆东方测控有限公司")}


def _list() -> bytes:
    return _xlsx([["四川省 2026 年专精特新中小企业名单"], [],
                  ["序号", "企业名称", "证书编号", "所在地区", "备注"],
                  [1, "成都星云智能科技有限公司", "ZJTX-001", "成都", None],
                  [2, "四川蓝海生物医药有限公司", None, "成都", None],
                  [3, "峨眉山茶业有限公司", None, "乐山", None],
                  [4, "东方测控有限公司", None, None, None],
                  [5, "新近落户的量子科技有限公司", None, None, "新落户"]])


def test_validity_the_policy_gives():
    assert validity_end("high_tech", dt.date(2025, 12, 1)) == dt.date(2028, 11, 30)
    assert validity_end("tech_sme", dt.date(2026, 5, 10)) == dt.date(2026, 12, 31)  # 当年有效
    assert validity_end("listed", dt.date(2020, 1, 1)) is None


def test_cli_reports_in_json_and_writes_nothing_without_apply(registry, tmp_path):
    path = tmp_path / "名单.xlsx"
    path.write_bytes(_list())
    result = runner.invoke(app, ["import-list", str(path), "--title", "专精特新", "--level", "省级",
                                 "--recognized-on", "2026-11-20", "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["rows"] == 5
    assert [(e["row"], e["how"], e["enterprise"]["credit_code"]) for e in report["matched"]] == [
        (4, "exact", registry["xingyun"].credit_code), (5, "normalised", registry["lanhai"].credit_code),
        (6, "normalised", registry["chaye"].credit_code)]
    assert [e["name"] for e in report["uncertain"]] == ["东方测控有限公司"]
    assert [e["name"] for e in report["unknown"]] == ["新近落户的量子科技有限公司"]
    assert report["matched"][0]["score"] == 100 and report["ignored_columns"] == ["序号", "所在地区", "备注"]
    assert not TitleHeld.objects.exists() and not ImportBatch.objects.exists()


def test_cli_apply_records_the_sure_matches_with_the_policy_validity(registry, tmp_path, client, staff):
    path = tmp_path / "名单.xlsx"
    path.write_bytes(_list())
    args = ["import-list", str(path), "--title", "srdi_sme", "--level", "provincial", "--recognized-on",
            "2026-11-20", "--batch", "2026 年第一批", "--apply", "--format", "json"]
    report = json.loads(runner.invoke(app, args).output)
    assert (report["recorded"], report["updated"], report["unchanged"]) == (3, 0, 0)
    grant = TitleHeld.objects.get(enterprise=registry["xingyun"])
    assert (grant.title, grant.level, grant.recognized_on, grant.valid_until, grant.batch, grant.certificate_no) == (
        "srdi_sme", "provincial", DAY, dt.date(2029, 11, 19), "2026 年第一批", "ZJTX-001")
    assert grant.source.kind == "title_list" and grant.source.status == "imported"
    assert AuditEntry.objects.filter(subject="titleheld", via="名单导入").count() == 3
    client.force_login(staff)  # the enterprise page says where the title came from
    page = client.get(reverse("portal:enterprise", args=[registry["xingyun"].credit_code])).content.decode()
    assert "称号名单 · 2026 年第一批 · 名单.xlsx" in page and "证书编号 ZJTX-001" in page
    again = json.loads(runner.invoke(app, args).output)
    assert (again["recorded"], again["updated"], again["unchanged"]) == (0, 0, 3)
    assert TitleHeld.objects.count() == 3


def test_cli_says_what_it_cannot_read(registry, tmp_path):
    path = tmp_path / "list.xlsx"
    path.write_bytes(_list())
    result = runner.invoke(app, ["import-list", str(path), "--title", "没有这个称号", "--level", "省级",
                                 "--recognized-on", "2026-11-20"])
    assert result.exit_code != 0 and "无法识别的称号" in result.output


def test_staff_confirm_decide_and_record_all_at_once(client, staff, registry):
    client.force_login(staff)
    upload = io.BytesIO(_list())
    upload.name = "名单.xlsx"
    response = client.post(reverse("registry:list_import"), {
        "file": upload, "title": "srdi_sme", "level": "provincial", "recognized_on": "2026-11-20",
        "batch": "2026 年第一批"})
    batch = ImportBatch.objects.get(kind="title_list")
    assert response.status_code == 302 and batch.status == "pending" and not TitleHeld.objects.exists()
    review = reverse("registry:list_review", args=[batch.pk])
    page = client.get(review).content.decode()
    assert "名单共 5 家：已对应 3 家，待确认 1 家，企业库中未找到 1 家" in page
    assert registry["chongqing"].credit_code in page.split('id="uncertain"')[1]

    page = client.post(review, {}, follow=True).content.decode()  # nothing decided for rows 7 and 8
    assert "未记录任何称号" in page and "第 7 行“东方测控有限公司”尚未确认" in page
    assert not TitleHeld.objects.exists()
    page = client.post(review, {"row-7": registry["dongfang"].credit_code, "row-8": "create",
                                "code-8": code_for(123).lower(), "row-5": "skip"}, follow=True).content.decode()
    assert "记录称号 4 家、更新 0 家、未变化 0 家；新建企业 1 家；未记录 1 家" in page
    created = Enterprise.objects.get(credit_code=code_for(123))
    assert created.name == "新近落户的量子科技有限公司"
    assert set(TitleHeld.objects.values_list("enterprise__name", flat=True)) == {
        "成都星云智能科技有限公司", "乐山市峨眉山茶业有限责任公司", "成都东方测控有限公司",
        "新近落户的量子科技有限公司"}
    assert AuditEntry.objects.filter(enterprise=created, subject="enterprise", action="create").exists()
    batch.refresh_from_db()
    assert batch.status == "imported"
    assert "已处理" in client.post(review, {}, follow=True).content.decode()  # once only
    assert TitleHeld.objects.count() == 4


def test_a_wrong_decision_records_nothing(client, staff, registry):
    client.force_login(staff)
    client.post(reverse("registry:list_import"), {
        "text": "成都星云智能科技有限公司\n新近落户的量子科技有限公司\n", "title": "high_tech", "level": "national",
        "recognized_on": "2025-12-01"})
    batch = ImportBatch.objects.get(kind="title_list")
    review = reverse("registry:list_review", args=[batch.pk])
    page = client.post(review, {"row-2": "create", "code-2": registry["lanhai"].credit_code},
                       follow=True).content.decode()
    assert "企业库已有" in page and not TitleHeld.objects.exists()
    page = client.post(review, {"row-2": "link", "code-2": "123"}, follow=True).content.decode()
    assert "统一社会信用代码应为 18 位" in page and not TitleHeld.objects.exists()
    client.post(review, {"row-2": "link", "code-2": registry["lanhai"].credit_code})
    grant = TitleHeld.objects.get(enterprise=registry["lanhai"])
    assert grant.valid_until == dt.date(2028, 11, 30)  # 高企: 3 years from recognition


def test_the_page_refuses_a_form_without_a_list(client, staff, registry):
    client.force_login(staff)
    page = client.post(reverse("registry:list_import"), {"title": "high_tech", "level": "national",
                                                         "recognized_on": "2025-12-01"}).content.decode()
    assert "请选择名单文件，或粘贴名单文字" in page and not ImportBatch.objects.exists()


def test_only_staff_import_lists(client, make_user, registry):
    client.force_login(make_user("ent", "enterprise_user", enterprise=registry["xingyun"]))
    assert client.get(reverse("registry:list_import")).status_code == 403


def test_the_template_downloads(client, staff, db):
    client.force_login(staff)
    response = client.get(reverse("registry:list_template"))
    assert response.status_code == 200 and response["Content-Type"].startswith(
        "application/vnd.openxmlformats")


def test_recorded_titles_show_on_the_dashboard_at_once(client, staff, registry, django_capture_on_commit_callbacks):
    """The cockpit keeps its numbers until the data change: recording a list is such a change."""
    client.force_login(staff)

    def new_in_2026() -> int:
        cockpit = client.get(reverse("dashboard:index"), {"year": 2026}).context["c"]
        return next(r for r in cockpit.titles if r.title == "srdi_sme").years[2026].new

    assert new_in_2026() == 0
    upload = io.BytesIO(_list())
    upload.name = "名单.xlsx"
    client.post(reverse("registry:list_import"), {"file": upload, "title": "srdi_sme", "level": "provincial",
                                                  "recognized_on": "2026-11-20"})
    batch = ImportBatch.objects.get(kind="title_list")
    with django_capture_on_commit_callbacks(execute=True):  # as after a real commit
        client.post(reverse("registry:list_review", args=[batch.pk]), {"row-7": "skip", "row-8": "skip"})
    assert new_in_2026() == 3
