import datetime as dt
from decimal import Decimal

import pytest

from gaoxin.contract.checks import CellError, parse, row_problems
from gaoxin.contract.fields import BY_CODE, resolve_header


@pytest.mark.parametrize("raw, expected", [
    ("1,234.5", Decimal("1234.5000")), (1234.56789, Decimal("1234.5679")), ("88万元", Decimal("88.0000")),
    (0, Decimal("0.0000")),
])
def test_money_is_read_as_decimal_wan(raw, expected):
    assert parse(BY_CODE["revenue"], raw) == expected


@pytest.mark.parametrize("raw", [None, "", " ", "-", "—"])
def test_empty_cells_are_unknown_not_zero(raw):
    assert parse(BY_CODE["revenue"], raw) is None


def test_negative_revenue_is_refused_but_negative_profit_is_fine():
    with pytest.raises(CellError, match="营业收入不能为负数"):
        parse(BY_CODE["revenue"], -5)
    assert parse(BY_CODE["net_profit"], "-12.5") == Decimal("-12.5000")


def test_counts_must_be_whole_numbers():
    assert parse(BY_CODE["employees"], 12.0) == 12
    with pytest.raises(CellError, match="应为整数"):
        parse(BY_CODE["employees"], "12.5")


@pytest.mark.parametrize("raw, expected", [("是", True), ("否", False), ("Y", True), (0, False), ("√", True)])
def test_yes_no_words(raw, expected):
    assert parse(BY_CODE["own_brand"], raw) is expected


@pytest.mark.parametrize("raw", ["2018-05-20", "2018/5/20", "2018年5月20日", "20180520", dt.datetime(2018, 5, 20)])
def test_dates_in_the_forms_offices_type(raw):
    assert parse(BY_CODE["founded_on"], raw) == dt.date(2018, 5, 20)


def test_impossible_date_is_refused():
    with pytest.raises(CellError, match="应为日期"):
        parse(BY_CODE["founded_on"], "2018-02-30")


def test_choices_accept_code_or_chinese_label():
    assert parse(BY_CODE["rd_institution_level"], "省级") == "provincial"
    assert parse(BY_CODE["rd_institution_level"], "national") == "national"
    with pytest.raises(CellError, match="应为以下之一"):
        parse(BY_CODE["rd_institution_level"], "区级")


def test_percent_with_sign():
    assert parse(BY_CODE["market_share"], "12.5%") == Decimal("12.5000")
    with pytest.raises(CellError, match="超出可能的范围"):
        parse(BY_CODE["market_share"], 120)


def test_headers_resolve_by_code_label_alias_and_unit():
    assert resolve_header("revenue").code == "revenue"
    assert resolve_header("营业收入（万元）").code == "revenue"
    assert resolve_header(" 营业收入 (万元) ").code == "revenue"
    assert resolve_header("境内研发费用").code == "rd_expense_domestic"
    assert resolve_header("所属园区").code == "park"
    assert resolve_header("随便一列") is None


def test_tech_staff_more_than_employees_is_impossible():
    problems = row_problems({"employees": 10, "tech_staff": 12})
    assert [p.reason for p in problems] == ["科技人员（12）不能大于职工总数（10）"]


@pytest.mark.parametrize("part, whole", [("rd_expense_domestic", "rd_expense"), ("main_revenue", "revenue"),
                                         ("ip_class1_self", "ip_class1")])
def test_parts_never_exceed_their_whole(part, whole):
    assert row_problems({part: Decimal(6), whole: Decimal(5)})
    assert not row_problems({part: Decimal(5), whole: Decimal(5)})


def test_amount_typed_in_yuan_is_caught_by_size():
    # 3,000 万元 revenue for 30 staff is plausible; 30,000,000 "万元" (a value typed in 元) is not
    assert not row_problems({"employees": 30, "revenue": Decimal(3000)})
    problems = row_problems({"employees": 30, "revenue": Decimal(30_000_000)})
    assert problems and "疑似以“元”填报" in problems[0].reason


def test_net_assets_must_balance():
    assert not row_problems({"total_assets": Decimal(100), "total_liabilities": Decimal(40),
                             "net_assets": Decimal(60)})
    assert row_problems({"total_assets": Decimal(100), "total_liabilities": Decimal(40),
                         "net_assets": Decimal(80)})


@pytest.mark.parametrize("raw", [1e24, "1e30", -1e24])
def test_a_number_too_large_for_four_places_is_out_of_range_not_a_crash(raw):
    with pytest.raises(CellError, match="超出可能的范围|不能为负数"):
        parse(BY_CODE["revenue"], raw)
    with pytest.raises(CellError):
        parse(BY_CODE["market_share"], raw)
