import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gaoxin.conftest import code_for, csv_bytes, xlsx_bytes
from gaoxin.intake.template import template_workbook
from gaoxin.registry.importer import import_file
from gaoxin.registry.models import AnnualFigures, AuditEntry, Enterprise, ImportBatch
from gaoxin.registry.reports import write_error_report

HEADERS = ["统一社会信用代码", "企业名称", "所属园区/街道", "年度", "职工总数", "科技人员", "营业收入（万元）",
           "研发费用总额（万元）", "其中境内研发费用"]


def good_rows():
    return [
        [code_for(1), "青江星云软件有限公司", "青江科技城", 2024, 40, 12, 1800, 150, 140],
        [code_for(1), "青江星云软件有限公司", "青江科技城", 2025, 48, 15, "2,300.5", 210, 200],
        [code_for(2), "青江瀚海生物医药有限公司", "临江街道", 2025, 90, 30, 5200, 480, None],
    ]


@pytest.fixture
def imported(parks, staff):
    outcome = import_file(xlsx_bytes(HEADERS, good_rows()), "企业数据.xlsx", user=staff)
    assert outcome.ok, outcome.problems
    return outcome


def test_good_file_creates_enterprises_and_figures_with_exact_decimals(imported):
    assert imported.batch.enterprises_created == 2 and imported.batch.figures_created == 3
    figures = AnnualFigures.objects.get(enterprise__credit_code=code_for(1), year=2025)
    assert figures.revenue == Decimal("2300.5") and figures.employees == 48
    assert AnnualFigures.objects.get(enterprise__credit_code=code_for(2)).rd_expense_domestic is None


def test_file_with_bad_rows_imports_nothing_and_reports_every_bad_row(parks, staff):
    rows = good_rows()
    rows[0][0] = code_for(1)[:17] + ("0" if code_for(1)[17] != "0" else "1")  # wrong check character
    rows[1][5] = 60  # 科技人员 60 > 职工 48
    rows[2][6] = -5  # negative revenue
    outcome = import_file(xlsx_bytes(HEADERS, rows), "bad.xlsx", user=staff)
    assert not outcome.ok
    assert {(p.row, p.column) for p in outcome.problems} == {
        (2, "统一社会信用代码"), (3, "科技人员"), (4, "营业收入（万元）")}
    assert Enterprise.objects.count() == 0 and AnnualFigures.objects.count() == 0
    assert AuditEntry.objects.count() == 0
    assert outcome.batch.status == "rejected" and len(outcome.batch.errors) == 3


def test_error_report_lists_row_column_value_and_reason(parks, staff):
    rows = good_rows()
    rows[1][5] = 60
    outcome = import_file(xlsx_bytes(HEADERS, rows), "bad.xlsx", user=staff)
    sheet = load_workbook(io.BytesIO(write_error_report(outcome.batch))).active
    assert [c.value for c in sheet[1]] == ["行号", "列", "值", "原因"]
    assert [c.value for c in sheet[2]] == [3, "科技人员", "60", "科技人员（60）不能大于职工总数（48）"]


def test_reimporting_the_same_file_changes_nothing(imported, staff):
    audits = AuditEntry.objects.count()
    again = import_file(xlsx_bytes(HEADERS, good_rows()), "企业数据.xlsx", user=staff)
    assert again.ok
    assert (again.batch.enterprises_created, again.batch.figures_created, again.batch.figures_updated) == (0, 0, 0)
    assert again.batch.unchanged == 3
    assert AuditEntry.objects.count() == audits


def test_changed_value_is_updated_and_audited_old_to_new(imported, staff):
    rows = good_rows()
    rows[1][6] = 2500
    outcome = import_file(xlsx_bytes(HEADERS, rows), "更正.xlsx", user=staff)
    assert outcome.batch.figures_updated == 1
    entry = AuditEntry.objects.filter(action="update").get()
    assert entry.changes == {"revenue": ["2300.5", "2500"]}
    assert entry.user == staff and "更正.xlsx" in entry.via


def test_empty_cell_never_erases_a_stored_value(imported, staff):
    rows = good_rows()
    rows[1][7] = None
    import_file(xlsx_bytes(HEADERS, rows), "partial.xlsx", user=staff)
    assert AnnualFigures.objects.get(enterprise__credit_code=code_for(1), year=2025).rd_expense == 210


def test_code_name_headers_and_gb18030_csv(parks, staff):
    data = csv_bytes(["credit_code", "name", "park", "year", "revenue"],
                     [[code_for(7), "青江博思环保科技有限公司", "临江街道", 2025, 99]], encoding="gb18030")
    outcome = import_file(data, "export.csv", user=staff)
    assert outcome.ok, outcome.problems
    assert Enterprise.objects.get(credit_code=code_for(7)).name == "青江博思环保科技有限公司"


def test_duplicate_rows_are_reported_with_the_first_row(parks):
    row = [code_for(4), "甲公司", "青江科技城", 2025, 10, 1, 100, 5, 5]
    outcome = import_file(xlsx_bytes(HEADERS, [row, row]), "x.xlsx")
    assert [(p.row, p.reason) for p in outcome.problems] == [(3, "重复行：与第 2 行的企业和年度（2025）相同")]
    assert Enterprise.objects.count() == 0


def test_unknown_park_and_a_new_enterprise_without_name_are_reported(parks):
    rows = [[code_for(3), "", "不存在的园区", 2025, 10, 1, 100, 5, 5],
            [code_for(4), "甲公司", "青江科技城", 2025, 10, 1, 100, 5, 5]]
    reasons = [(p.row, p.reason) for p in import_file(xlsx_bytes(HEADERS, rows), "x.xlsx").problems]
    assert reasons == [(2, "园区/街道“不存在的园区”不存在，请先在系统中登记或更正名称"), (2, "新企业须填写企业名称")]
    assert Enterprise.objects.count() == 0


def test_unknown_column_and_missing_required_column(parks):
    outcome = import_file(xlsx_bytes(["企业名称", "神秘指标"], [["甲", 1]]), "x.xlsx")
    reasons = [p.reason for p in outcome.problems]
    assert "无法识别的列“神秘指标”，请使用导入模板中的列名" in reasons
    assert "缺少必填列“统一社会信用代码”" in reasons and "缺少必填列“年度”" in reasons


def test_amounts_in_yuan_are_rejected(parks):
    rows = [[code_for(5), "乙公司", "青江科技城", 2025, 30, 5, 25_000_000, 100, 100]]
    outcome = import_file(xlsx_bytes(HEADERS, rows), "yuan.xlsx")
    assert any("疑似以“元”填报" in p.reason for p in outcome.problems)


@pytest.mark.parametrize("name, data", [
    ("empty.xlsx", b""), ("broken.xlsx", b"PK\x03\x04 not really a zip"), ("old.xls", b"\xd0\xcf\x11\xe0"),
    ("notes.txt", b"hello"),
])
def test_unreadable_files_get_a_clear_error(db, name, data):
    outcome = import_file(data, name)
    assert not outcome.ok and outcome.problems[0].reason
    assert ImportBatch.objects.get().status == "rejected"


def test_template_headers_are_accepted_by_the_importer(parks):
    sheet = load_workbook(io.BytesIO(template_workbook())).active
    headers = [c.value for c in sheet[1]]
    values = {"统一社会信用代码": code_for(9), "企业名称": "丙公司", "年度": 2025, "营业收入（万元）": 10}
    row = [values.get(h) for h in headers]
    outcome = import_file(xlsx_bytes(headers, [row]), "template.xlsx")
    assert outcome.ok, outcome.problems


def test_enterprise_columns_take_the_latest_years_value(parks):
    rows = [[code_for(6), "旧名称有限公司", "青江科技城", 2024, 10, 1, 100, 5, 5],
            [code_for(6), "新名称有限公司", "青江科技城", 2025, 10, 1, 100, 5, 5]]
    assert import_file(xlsx_bytes(HEADERS, rows[::-1]), "x.xlsx").ok
    assert Enterprise.objects.get().name == "新名称有限公司"


def test_percent_formatted_excel_cells_are_read_as_shown(parks):
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.append(["统一社会信用代码", "企业名称", "年度", "细分市场占有率（%）"])
    ws.append([code_for(8), "丁公司", 2025, 0.125])
    ws["D2"].number_format = "0.0%"
    buffer = io.BytesIO()
    book.save(buffer)
    assert import_file(buffer.getvalue(), "pct.xlsx").ok
    assert AnnualFigures.objects.get().market_share == Decimal("12.5")


def titles_workbook(title_rows):
    book = load_workbook(io.BytesIO(xlsx_bytes(HEADERS, good_rows())))
    sheet = book.create_sheet("称号")
    sheet.append(["统一社会信用代码", "称号", "级别", "认定日期", "有效期至", "证书编号"])
    for row in title_rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_titles_sheet_is_imported_with_the_figures(parks, staff):
    from gaoxin.registry.models import TitleHeld

    data = titles_workbook([[code_for(1), "高新技术企业", "国家级", "2024-12-01", "2027-11-30", "GR202432000123"],
                            [code_for(2), "科小", "", "2026-07-01", "2026-12-31", None]])
    outcome = import_file(data, "with-titles.xlsx", user=staff)
    assert outcome.ok, outcome.problems
    grant = TitleHeld.objects.get(enterprise__credit_code=code_for(1))
    assert (grant.title, grant.level, grant.certificate_no) == ("high_tech", "national", "GR202432000123")
    assert TitleHeld.objects.get(enterprise__credit_code=code_for(2)).title == "tech_sme"
    audits = AuditEntry.objects.count()
    assert import_file(data, "with-titles.xlsx", user=staff).ok
    assert AuditEntry.objects.count() == audits  # re-import changes nothing


def test_a_bad_titles_row_rejects_the_whole_file(parks, staff):
    data = titles_workbook([[code_for(1), "金牌企业", "国家级", "2024-12-01", "2027-11-30", "X"],
                            [code_for(2), "高企", "国家级", "2024-12-01", "2023-11-30", "Y"]])
    outcome = import_file(data, "bad-titles.xlsx", user=staff)
    assert [(p.row, p.column) for p in outcome.problems] == [(2, "称号表·称号"), (3, "称号表·有效期至")]
    assert Enterprise.objects.count() == 0


def test_flat_title_columns_on_the_yearly_sheet(parks):
    import datetime as dt

    from gaoxin.registry.models import TitleHeld

    headers = ["统一社会信用代码", "企业名称", "年度", "title_high_tech_valid_until", "科小有效期至"]
    rows = [[code_for(1), "甲公司", 2024, "2027-11-30", None],
            [code_for(1), "甲公司", 2025, "2027-11-30", "2026-12-31"]]
    outcome = import_file(xlsx_bytes(headers, rows), "flat.xlsx")
    assert outcome.ok, outcome.problems
    grants = {t.title: (t.recognized_on, t.valid_until) for t in TitleHeld.objects.all()}
    assert grants == {"high_tech": (dt.date(2024, 12, 1), dt.date(2027, 11, 30)),
                      "tech_sme": (dt.date(2026, 1, 1), dt.date(2026, 12, 31))}


def test_bad_date_in_a_flat_title_column_rejects_the_file(parks):
    outcome = import_file(xlsx_bytes(["统一社会信用代码", "企业名称", "年度", "高企有效期至"],
                                     [[code_for(1), "甲公司", 2025, "明年"]]), "flat.xlsx")
    assert [(p.row, p.column) for p in outcome.problems] == [(2, "高企有效期至")]
    assert Enterprise.objects.count() == 0


@pytest.mark.parametrize(("name", "reason"), [
    ("青江\x07星云软件有限公司", "不可见的控制字符（U+0007）"),
    ("青江\u200b星云软件有限公司", "不可见的控制字符（U+200B）"),
    ("青" * 201, "企业名称过长（201 个字符，最多 200 个）"),
    ("青", "企业名称至少 2 个字"),
])
def test_an_enterprise_name_that_cannot_be_registered_is_refused_with_its_reason(parks, staff, name, reason):
    rows = good_rows()
    rows[2][1] = name
    outcome = import_file(csv_bytes(HEADERS, rows), "企业数据.csv", user=staff)
    assert not outcome.ok and Enterprise.objects.count() == 0
    [problem] = outcome.problems
    assert (problem.row, problem.column) == (4, "企业名称") and reason in problem.reason


def test_a_name_of_200_characters_and_one_with_markup_are_kept_as_written(parks, staff):
    rows = good_rows()
    rows[2][1] = "青" * 200
    rows[0][1] = rows[1][1] = "<b>星云</b>软件有限公司"
    outcome = import_file(csv_bytes(HEADERS, rows), "企业数据.csv", user=staff)
    assert outcome.ok, outcome.problems
    assert set(Enterprise.objects.values_list("name", flat=True)) == {"青" * 200, "<b>星云</b>软件有限公司"}


def test_a_zone_sheet_with_extra_columns_and_units_written_its_own_way_imports(parks, staff, client):
    """序号, 备注 and 联系人 are not read (and said); 营业收入(万元), 营业收入/万元 and （单位：万元）
    are recognised."""
    headers = ["序号", "统一社会信用代码", "企业名称", "所属园区/街道", "年度", "营业收入(万元)",
               "研发费用总额/万元", "资产总额（单位：万元）", "联系人", "备注"]
    rows = [[1, code_for(7), "青江星云软件有限公司", "青江科技城", 2025, "2,300", 210, 5000, "王工", "新入库"]]
    outcome = import_file(xlsx_bytes(headers, rows), "园区报表.xlsx", user=staff)
    assert outcome.ok, outcome.problems
    figures = AnnualFigures.objects.get(enterprise__credit_code=code_for(7))
    assert (figures.revenue, figures.rd_expense, figures.total_assets) == (2300, 210, 5000)
    said = outcome.batch.warnings
    assert said[0] == "未读取的列：序号、联系人、备注"
    assert said[1].startswith("文件未包含的列（企业库中已有的数据保持不变）：") and "职工总数" in said[1]
    client.force_login(staff)
    page = client.get(reverse("registry:import_result", args=[outcome.batch.pk])).content.decode()
    assert "未读取的列：序号、联系人、备注" in page


def test_a_money_column_in_yuan_is_refused_by_its_header(parks):
    headers = ["统一社会信用代码", "企业名称", "所属园区/街道", "年度", "营业收入（元）"]
    outcome = import_file(xlsx_bytes(headers, [[code_for(8), "甲公司", "青江科技城", 2025, 23_000_000]]), "元.xlsx")
    assert [p.reason for p in outcome.problems] == [
        "列“营业收入（元）”的单位是元，本系统按万元导入：请换算为万元，并把列名改为“营业收入（万元）”"]
    assert not Enterprise.objects.exists()
