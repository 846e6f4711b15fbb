"""政策模拟: a pack copy with changed numbers decides differently, the official pack does not change, and an
impossible change is refused with its reason."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gaoxin.engine.evaluate import verdicts
from gaoxin.engine.library import PackError, all_packs
from gaoxin.engine.sandbox import knobs, sandbox
from gaoxin.engine.tests.test_high_tech import PACK, YEARS, col, enterprise, run

RD_SMALL = "clauses/5/test/tiers/rows/0/threshold"  # R&D share for sales ≤ 5,000 万元, shown in %


def test_knobs_are_shown_in_the_units_users_read():
    found = {k.key: k for k in knobs(PACK)}
    assert (found[RD_SMALL].shown, found[RD_SMALL].unit) == (5.0, "%")
    assert found[RD_SMALL].what == "最近一年销售收入 5,000 万元以下（含）"
    assert found["score/pass_mark"].shown == 71
    assert found["clauses/1/test/days"].unit == "天"


def test_a_lower_threshold_lets_a_near_miss_through_and_leaves_the_official_pack_alone():
    rows = enterprise({y: {"revenue": 4000.0, "rd_expense": 4000.0 * 0.045} for y in YEARS})  # 4.5% < 5%
    assert col(run(rows), "high_tech.rd_ratio") == [0]
    eased = sandbox(PACK, {RD_SMALL: 4.5})
    assert col(run(rows, pack=eased), "high_tech.rd_ratio") == [1]
    assert PACK.clauses[5].test.tiers.rows[0].threshold == 0.05
    assert eased.id == "high_tech@2016~sandbox"


def test_a_higher_pass_mark_turns_a_pass_into_a_fail():
    rows = enterprise()
    assert verdicts(run(rows)).to_list() == ["qualified"]
    assert verdicts(run(rows, pack=sandbox(PACK, {"score/pass_mark": 99}))).to_list() == ["not_qualified"]


def test_parameters_can_be_chosen_in_the_sandbox():
    assert sandbox(PACK, parameters={"growth_first_base": "skip_zero"}).parameters["growth_first_base"] == "skip_zero"
    with pytest.raises(PackError, match="no such parameter"):
        sandbox(PACK, parameters={"nonsense": 1})


def test_a_number_the_pack_does_not_have_is_refused():
    with pytest.raises(PackError, match="没有可调整的数值"):
        sandbox(PACK, {"clauses/0/test/threshold": 1})


@settings(max_examples=25, deadline=None)
@given(st.sampled_from(all_packs()), st.data())
def test_setting_every_knob_to_its_own_value_changes_nothing(pack, data):
    """Round trip: a sandbox that changes nothing is the official pack under another id."""
    chosen = knobs(pack)
    if not chosen:
        return
    picked = data.draw(st.lists(st.sampled_from(chosen), max_size=4))
    same = sandbox(pack, {k.key: k.shown for k in picked})
    assert same.model_copy(update={"id": pack.id}) == pack
