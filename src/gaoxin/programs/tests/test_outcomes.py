"""After the money: follow-up reports scheduled at signing and pre-filled from the registry, 绩效评价 grades,
and whether funded enterprises climbed the ladder more often than those not funded."""

import datetime as dt
from decimal import Decimal

import pytest

from gaoxin.programs import outcomes
from gaoxin.programs.machines import FOLLOWUP
from gaoxin.programs.models import Application, Award, FollowUpReport, Program
from gaoxin.registry.models import AnnualFigures, TitleHeld
from gaoxin.workflow.machine import IllegalTransition, advance


@pytest.fixture
def world(make_enterprise, make_user):
    program = Program.objects.create(name="孵化种子资金", kind="seed_fund", year=2023, budget=Decimal(61),
                                     opens_on=dt.date(2023, 4, 1), closes_on=dt.date(2023, 4, 30), followup_years=2)
    funded, unfunded = make_enterprise("获支持有限公司"), make_enterprise("未获支持有限公司")
    won = Application.objects.create(program=program, enterprise=funded, project_title="甲", status="awarded")
    Application.objects.create(program=program, enterprise=unfunded, project_title="乙", status="rejected")
    award = Award.objects.create(application=won, amount=Decimal(20), rank=1, status="signed",
                                 public_notice_until=dt.date(2023, 5, 30))
    Award.objects.filter(pk=award.pk).update(decided_at=dt.datetime(2023, 5, 20, tzinfo=dt.UTC))
    award.refresh_from_db()
    for enterprise in (funded, unfunded):
        TitleHeld.objects.create(enterprise=enterprise, title="tech_sme", recognized_on=dt.date(2023, 3, 1),
                                 valid_until=dt.date(2099, 12, 31))
    TitleHeld.objects.create(enterprise=funded, title="high_tech", recognized_on=dt.date(2024, 2, 1),
                             valid_until=dt.date(2027, 1, 31))
    AnnualFigures.objects.create(enterprise=funded, year=2023, revenue=Decimal("860.5"), employees=23)
    return {"program": program, "award": award, "owner": make_user("owner", "enterprise_user", enterprise=funded),
            "staff": make_user("staff", "zone_staff")}


def test_reports_are_scheduled_prefilled_submitted_and_accepted(world):
    [first, second] = outcomes.schedule_followups(world["award"])
    assert [(r.year, r.due_on) for r in (first, second)] == [(2023, dt.date(2024, 3, 31)), (2024, dt.date(2025, 3, 31))]
    assert outcomes.prefill(first)["revenue"] == "860.5000" and outcomes.prefill(second)["revenue"] == ""
    with pytest.raises(IllegalTransition, match="请填写项目进展"):
        outcomes.submit_followup(first, world["owner"], {"revenue": "900"}, " ")
    outcomes.submit_followup(first, world["owner"], {"revenue": "900", "employees": "25"}, "完成中试")
    first.refresh_from_db()
    assert first.status == "submitted" and first.figures["revenue"] == "900"
    advance(FOLLOWUP, first, "accept", world["staff"])
    assert FollowUpReport.objects.get(pk=first.pk).status == "accepted"


@pytest.mark.parametrize(("score", "grade"), [("90", "优秀"), ("89.99", "良好"), ("75", "良好"), ("60", "合格"),
                                              ("59.99", "不合格")])
def test_performance_grades_at_their_edges(world, score, grade):
    award = outcomes.evaluate_performance(world["award"], world["staff"], {"score": score, "comment": "按期完成"})
    assert award.performance_grade == grade


def test_a_performance_score_must_be_0_to_100(world):
    with pytest.raises(ValueError, match="0–100"):
        outcomes.evaluate_performance(world["award"], world["staff"], {"score": "101", "comment": "x"})
    with pytest.raises(ValueError, match="请填写绩效评价意见"):
        outcomes.evaluate_performance(world["award"], world["staff"], {"score": "80", "comment": " "})


def test_funded_enterprises_are_compared_with_unfunded_applicants_on_climbing_the_ladder(world):
    result = outcomes.outcome(world["program"], dt.date(2026, 11, 25))
    funded, unfunded = result.climbs
    assert (funded.enterprises, funded.climbed) == (1, {"1": 1, "2": 1, "3": 1})  # 高企 from Feb 2024
    assert (unfunded.enterprises, unfunded.climbed) == (1, {"1": 0, "2": 0, "3": 0})
    early = outcomes.outcome(world["program"], dt.date(2024, 12, 1))
    assert early.climbs[0].climbed == {"1": 1}  # later horizons have not come yet
    assert (result.applications, result.awarded, result.committed) == (2, 1, Decimal(20))
