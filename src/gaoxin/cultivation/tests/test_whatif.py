"""政策模拟: a sandbox copy of the pack beside the baseline — who gains, who loses, the budget — with the zone's
stored verdicts untouched and bad input refused whole."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gaoxin.cultivation.models import Evaluation, Scenario
from gaoxin.cultivation.services import evaluate_enterprises
from gaoxin.cultivation.tests.test_report import make_candidate
from gaoxin.jobs.services import drain

YEAR = dt.date.today().year
PASS_MARK = "knob:score/pass_mark"


@pytest.fixture
def zone(make_enterprise):
    """科小 scores: A 70+ (qualified), B 42 (near miss), C further off."""
    a = make_candidate(make_enterprise, name="甲达标科技有限公司", rd_expense=200)
    b = make_candidate(make_enterprise, name="乙差一点科技有限公司")
    c = make_candidate(make_enterprise, name="丙差得远科技有限公司", rd_expense=10, tech_staff=5)
    evaluate_enterprises(YEAR)
    return a, b, c


def create(client, policy="tech_sme") -> Scenario:
    client.post(reverse("cultivation:scenarios"), {"name": "科小合格线下调", "policy": policy, "year": YEAR})
    return Scenario.objects.get()


def run(client, scenario, **form):
    data = {"reward_baseline": "10", "reward_sandbox": "8", "reward_basis": "new"} | form
    client.post(reverse("cultivation:scenario_run", args=[scenario.pk]), data)
    drain()
    scenario.refresh_from_db()
    return scenario


def test_a_lower_pass_mark_shows_who_gains_and_the_budget_beside_the_baseline(client, staff, zone):
    a, b, c = zone
    stored = sorted(Evaluation.objects.values_list("enterprise_id", "policy", "verdict"))
    client.force_login(staff)
    scenario = run(client, create(client), **{PASS_MARK: "40"})
    assert scenario.status == "done", scenario.error
    assert scenario.changes == {"score/pass_mark": 40.0}
    summary = scenario.summary
    assert (summary["baseline"]["qualified"], summary["sandbox"]["qualified"]) == (1, 2)
    assert (summary["gained"], summary["lost"]) == (1, 0)
    assert (summary["baseline"]["budget"], summary["sandbox"]["budget"], summary["budget_change"]) == (
        "10.00", "16.00", "6.00")
    page = client.get(reverse("cultivation:scenario", args=[scenario.pk])).content.decode()
    gained = page.split('id="gained"')[1].split("</table>")[0]
    assert "乙差一点科技有限公司" in gained and "丙差得远" not in gained and "综合评分：不满足 → 满足" in gained
    assert sorted(Evaluation.objects.values_list("enterprise_id", "policy", "verdict")) == stored  # untouched


def test_each_pack_parameter_shows_the_decision_that_explains_it(client, staff):
    client.force_login(staff)
    scenario = create(client, policy="high_tech")
    page = client.get(reverse("cultivation:scenario", args=[scenario.pk])).content.decode()
    row = page.split('name="param:growth_first_base"')[1].split("</tr>")[0]
    assert "成长性特殊情形" in row and "skip_zero</span>：只有为 0 时按后两年，为负时 0 分" in row


def test_a_stricter_pass_mark_shows_who_loses(client, staff, zone):
    client.force_login(staff)
    scenario = run(client, create(client), **{PASS_MARK: "99"})
    assert (scenario.summary["gained"], scenario.summary["lost"]) == (0, 1)
    page = client.get(reverse("cultivation:scenario", args=[scenario.pk])).content.decode()
    assert "甲达标科技有限公司" in page.split('id="lost"')[1].split("</table>")[0]
    book = load_workbook(io.BytesIO(client.get(reverse("cultivation:scenario", args=[scenario.pk]) +
                                               "?export=xlsx").content))
    assert book.sheetnames == ["对比", "新增符合", "不再符合"]
    assert [r[1] for r in book["不再符合"].iter_rows(min_row=2, values_only=True)] == ["甲达标科技有限公司"]


def test_bad_numbers_are_refused_and_nothing_is_saved(client, staff, zone):
    client.force_login(staff)
    scenario = create(client)
    page = client.post(reverse("cultivation:scenario_run", args=[scenario.pk]),
                       {PASS_MARK: "六十", "reward_baseline": "-5", "reward_sandbox": "8"}).content.decode()
    assert "尚未保存" in page
    assert "应为数字" in page.split(f'name="{PASS_MARK}"')[1].split("</tr>")[0]
    assert "不能为负数" in page.split('name="reward_baseline"')[1].split('<span class="field')[0]
    assert 'value="六十"' in page  # what was typed is kept
    scenario.refresh_from_db()
    assert (scenario.status, scenario.changes) == ("draft", {})


def test_only_zone_staff_run_what_ifs(client, make_user, parks, zone):
    client.force_login(make_user("liaison", "park_liaison", park=parks[0]))
    assert client.get(reverse("cultivation:scenarios")).status_code == 403
    assert client.post(reverse("cultivation:scenarios"), {"name": "x", "policy": "tech_sme"}).status_code == 403
    assert not Scenario.objects.exists()
