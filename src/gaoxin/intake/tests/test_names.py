"""Names as official lists print them, matched to the registry: surest evidence first, and the way it matched said."""

from __future__ import annotations

import pytest

from gaoxin.conftest import code_for
from gaoxin.intake.names import Known, Matcher, clean, key, without_place

REGISTRY = [
    Known(code_for(1), "成都星云智能科技有限公司"),
    Known(code_for(2), "四川蓝海生物医药股份有限公司"),
    Known(code_for(3), "乐山市峨眉山茶业有限责任公司"),
    Known(code_for(4), "成都新材料研究院（有限合伙）"),
    Known(code_for(5), "绵阳华光电子有限公司", former_names=("绵阳华光电器厂",)),
    Known(code_for(6), "成都东方测控有限公司"),
    Known(code_for(7), "重庆东方测控有限公司"),
]


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(REGISTRY)


def test_cleaning_takes_out_what_printing_adds():
    assert clean(" 成都新材料研究院\n(有限合伙) ") == "成都新材料研究院（有限合伙）"
    assert clean("成都星云智能科技有限公司，") == "成都星云智能科技有限公司"
    assert key("四川蓝海生物医药股份有限公司") == key("四川蓝海生物医药有限公司") == "四川蓝海生物医药"
    assert key("乐山市峨眉山茶业有限责任公司") == "乐山市峨眉山茶业"
    assert without_place("乐山市峨眉山茶业") == "峨眉山茶业"
    assert without_place("四川省成都市星云智能科技") == "星云智能科技"
    assert without_place("星云智能科技") is None  # nothing that reads as a place in front


@pytest.mark.parametrize(("given", "code", "how", "expected"), [
    ("成都星云智能科技有限公司", None, "exact", 1),
    ("成都星云智能科技有限公司", code_for(1), "code", 1),
    ("成都星云 智能科技\n有限公司", None, "normalised", 1),  # pasted from a PDF with a break
    ("四川蓝海生物医药有限公司", None, "normalised", 2),  # 股份有限公司 printed as 有限公司
    ("峨眉山茶业有限公司", None, "normalised", 3),  # the list leaves out 乐山市, and 有限责任公司 is 有限公司
    ("四川省乐山市峨眉山茶业有限责任公司", None, "normalised", 3),  # or adds the province
    ("成都新材料研究院(有限合伙)", None, "normalised", 4),  # half-width brackets
    ("绵阳华光电器厂", None, "normalised", 5),  # its former name
    ("某个名单写错的名字", code_for(6), "code", 6),  # the code decides
])
def test_sure_matches_say_how(matcher, given, code, how, expected):
    found = matcher.match(given, code)
    assert (found.status, found.how, found.enterprise.credit_code) == ("matched", how, code_for(expected))


def test_a_name_two_enterprises_share_once_normalised_waits_for_staff(matcher):
    found = matcher.match("东方测控有限公司")  # 成都 or 重庆?
    assert found.status == "uncertain" and found.enterprise is None
    assert {c.credit_code for c, _s in found.candidates} == {code_for(6), code_for(7)}


def test_a_near_name_is_fuzzy_and_never_taken_on_trust(matcher):
    found = matcher.match("成都星云智慧科技有限公司")  # 智慧 for 智能
    assert (found.status, found.how) == ("uncertain", "fuzzy")
    assert found.candidates[0][0].credit_code == code_for(1) and 80 <= found.score < 100


def test_an_unknown_name_is_unknown(matcher):
    found = matcher.match("深圳完全无关贸易有限公司")
    assert (found.status, found.how, found.candidates) == ("unknown", None, [])


def test_a_code_and_a_name_of_two_enterprises_are_a_question_not_a_guess(matcher):
    found = matcher.match("成都星云智能科技有限公司", code_for(2))
    assert found.status == "uncertain" and "分属两家企业" in found.reason
    found = matcher.match("成都星云智能科技有限公司", code_for(99))  # a code the registry does not have
    assert found.status == "uncertain" and "不一致" in found.reason
