from hypothesis import given
from hypothesis import strategies as st

from gaoxin.contract import creditcode

STANDARD_EXAMPLE = "91350100M000100Y43"  # the worked example of GB 32100-2015


def test_standard_example_is_valid():
    assert creditcode.is_valid(STANDARD_EXAMPLE)


def test_wrong_check_character_names_the_expected_one():
    reason = creditcode.problem(STANDARD_EXAMPLE[:17] + "4")
    assert reason == "统一社会信用代码校验位错误：第 18 位应为 3，实为 4"


def test_wrong_length_and_forbidden_letters_are_explained():
    assert "18 位" in creditcode.problem("91350100M000100Y4")
    assert "非法字符：I" in creditcode.problem("91350100M000100I43")


def test_lower_case_and_full_width_input_is_normalised():
    assert creditcode.normalise(" ９１350100m000100y43 ") == STANDARD_EXAMPLE


body = st.text(alphabet=creditcode.CHARSET, min_size=8, max_size=8).filter(lambda s: all(c.isalnum() for c in s))


@given(body)
def test_built_codes_are_valid(organisation):
    assert creditcode.is_valid(creditcode.build("9", "1", "320591", organisation))


@given(body, st.integers(min_value=0, max_value=17), st.sampled_from(creditcode.CHARSET))
def test_any_single_mistyped_character_is_caught(organisation, position, replacement):
    code = creditcode.build("9", "1", "320591", organisation)
    mistyped = code[:position] + replacement + code[position + 1:]
    assert creditcode.is_valid(mistyped) == (mistyped == code)
