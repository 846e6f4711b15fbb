"""One scope per request: the rules are declared once per app and the services check them, so a command, a job
or an API call that skips the page is refused just the same. Each service here is called directly with a scope
that may not act, and nothing is written."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import reverse

from gaoxin.accounts.scope import RULES, Scope, ScopeMiddleware
from gaoxin.benefits import runs
from gaoxin.benefits import services as benefit_services
from gaoxin.benefits.machines import RUN
from gaoxin.benefits.models import AwardRun
from gaoxin.engine.benefit import benefit_by_id
from gaoxin.financing.machines import MATCH
from gaoxin.innovation import services as innovation_services
from gaoxin.programs import competition, money
from gaoxin.programs.machines import APPLICATION, AWARD, ENTRY, FOLLOWUP, TRANCHE
from gaoxin.programs.models import Application, Award, Entry, Objection, Payment, Prize, Program, Tranche
from gaoxin.tracking import services as tracking_services
from gaoxin.tracking.machines import ESCALATION, NEED, PROJECT
from gaoxin.tracking.models import MajorProject, ProjectCategory
from gaoxin.workflow.machine import MACHINES

TODAY = dt.date.today()


@pytest.fixture
def world(parks, make_enterprise, make_user):
    a = make_enterprise("甲企业有限公司", park=parks[0])
    b = make_enterprise("乙企业有限公司", park=parks[1])
    users = {"staff": make_user("staff", "zone_staff"), "other_staff": make_user("other_staff", "zone_staff"),
             "user_a": make_user("user_a", "enterprise_user", enterprise=a),
             "user_b": make_user("user_b", "enterprise_user", enterprise=b),
             "liaison_a": make_user("liaison_a", "park_liaison", park=parks[0]),
             "liaison_b": make_user("liaison_b", "park_liaison", park=parks[1]),
             "reviewer": make_user("reviewer", "reviewer")}
    program = Program.objects.create(name="孵化种子资金", kind="seed_fund", year=TODAY.year, budget=100,
                                     opens_on=TODAY, closes_on=TODAY)
    application = Application.objects.create(program=program, enterprise=a, project_title="甲项目", status="awarded")
    award = Award.objects.create(application=application, amount=Decimal(50), rank=1, status="signed",
                                 public_notice_until=TODAY)
    tranche = Tranche.objects.create(award=award, seq=1, milestone="签订协议", amount=Decimal(50), status="accepted")
    appeal = Objection.objects.create(about="public_notice", enterprise=application.enterprise,
                                      application=application, text="评分有误", raised_by=users["user_b"])
    contest = Program.objects.create(name="创新创业大赛", kind="competition", year=TODAY.year, budget=50,
                                     opens_on=TODAY, closes_on=TODAY)
    entry = Entry.objects.create(program=contest, team="甲企业有限公司", project="甲参赛项目", leader="张三",
                                 enterprise=a, registered_by=users["user_a"], status="awarded")
    prize = Prize.objects.create(entry=entry, tier="一等奖", rank=1, amount=Decimal(20))
    category = ProjectCategory.objects.get_or_create(name="科技类", defaults={"science": True})[0]
    project = MajorProject.objects.create(name="甲项目", year=TODAY.year, category=category, park=a.park,
                                          enterprise=a, investment=10000, tracked_from=TODAY.replace(day=1))
    run = AwardRun.objects.create(benefit="zone_rd_subsidy", benefit_version="zone_rd_subsidy@2026", as_of=TODAY,
                                  status="submitted", fingerprint="x", inputs_sha256="0" * 64,
                                  created_by=users["staff"])
    objection = Objection.objects.create(about="benefit_match", enterprise=a, benefit="zone_rd_subsidy",
                                         text="研发费用有误", raised_by=users["user_a"])
    return {"a": a, "b": b, "users": users, "tranche": tranche, "appeal": appeal, "prize": prize,
            "project": project, "run": run, "objection": objection, "application": application}


def test_every_state_machine_move_names_a_declared_rule():
    declared = {m.name for m in (APPLICATION, AWARD, TRANCHE, FOLLOWUP, ENTRY, RUN, MATCH, PROJECT, ESCALATION, NEED)}
    assert declared | {"filing"} <= set(MACHINES)  # every machine registers itself
    for machine in MACHINES.values():
        machine.check_rules()


def test_an_undeclared_action_is_a_programming_error_not_a_yes(world):
    with pytest.raises(KeyError):
        Scope.of(world["users"]["staff"]).may("programs.pay_everyone")


def test_every_rule_refuses_in_chinese():
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in refusal) for _, refusal in RULES.values())


@pytest.mark.parametrize("who", ["user_a", "liaison_a", "reviewer"])
def test_only_staff_pay_a_prize_whoever_calls(world, who):
    with pytest.raises(PermissionDenied):
        competition.pay_prize(world["prize"], TODAY, "凭证 1", world["users"][who])
    world["prize"].refresh_from_db()
    assert world["prize"].paid_on is None
    competition.pay_prize(world["prize"], TODAY, "凭证 1", world["users"]["staff"])
    world["prize"].refresh_from_db()
    assert world["prize"].paid_on == TODAY and world["prize"].paid_by == world["users"]["staff"]


@pytest.mark.parametrize("who", ["user_a", "user_b", "liaison_a", "reviewer"])
def test_only_staff_answer_an_appeal(world, who):
    with pytest.raises(PermissionDenied):
        money.answer_appeal(world["appeal"], world["users"][who], {"upheld": "0", "answer": "维持原结果"})
    world["appeal"].refresh_from_db()
    assert world["appeal"].answered_at is None


def test_an_appeal_is_answered_once(world):
    money.answer_appeal(world["appeal"], world["users"]["staff"], {"upheld": "0", "answer": "维持原结果"})
    with pytest.raises(ValueError, match="已答复"):
        money.answer_appeal(world["appeal"], world["users"]["other_staff"], {"upheld": "1", "answer": "改判"})
    world["appeal"].refresh_from_db()
    assert world["appeal"].upheld is False and world["appeal"].answer == "维持原结果"


def test_only_the_applicant_files_an_appeal(world):
    application = world["application"]
    with pytest.raises(PermissionDenied):
        money.file_appeal(application, world["users"]["liaison_a"], {"text": "异议"})
    assert Objection.objects.filter(about="public_notice").count() == 1


@pytest.mark.parametrize("who", ["user_a", "liaison_a", "reviewer"])
def test_only_staff_record_a_tranche_payment(world, who):
    tranche = world["tranche"]
    with pytest.raises(PermissionDenied):
        money.pay(tranche, world["users"][who], Decimal(50), TODAY, "凭证 9")
    assert not Payment.objects.exists()
    tranche.refresh_from_db()
    assert tranche.status == "accepted"


def test_a_run_is_approved_by_someone_other_than_who_generated_it(world):
    run = world["run"]
    for who in ("staff", "user_a", "liaison_a"):
        with pytest.raises(PermissionDenied):
            runs.approve(run, world["users"][who])
        run.refresh_from_db()
        assert run.status == "submitted"
    assert [e.action for e in RUN.available(run, world["users"]["other_staff"])] == ["approve", "return"]


@pytest.mark.parametrize("who", ["user_a", "liaison_a"])
def test_only_staff_answer_an_objection_or_push_a_benefit(world, who):
    with pytest.raises(PermissionDenied):
        benefit_services.answer_objection(world["users"][who], world["objection"], {"answer": "已核实"})
    world["objection"].refresh_from_db()
    assert world["objection"].status == "open"
    with pytest.raises(PermissionDenied):
        benefit_services.notify_qualified(benefit_by_id("zone_rd_subsidy@2026"), world["users"][who])


def test_an_objection_is_raised_by_the_enterprise_itself(world):
    with pytest.raises(PermissionDenied):
        benefit_services.raise_objection(world["users"]["user_b"], world["a"],
                                         {"benefit": "zone_rd_subsidy", "text": "替甲企业提"})
    assert Objection.objects.filter(about="benefit_match").count() == 1


def test_a_progress_report_comes_from_staff_or_the_projects_own_park(world):
    data = {"period": TODAY.strftime("%Y-%m"), "stage": "negotiating", "invested": "100"}
    with pytest.raises(PermissionDenied):
        tracking_services.file_report(world["project"], data, world["users"]["liaison_b"], TODAY)
    with pytest.raises(PermissionDenied):
        tracking_services.escalate(world["project"], "进度滞后", TODAY, world["users"]["liaison_a"])
    assert not world["project"].reports.exists() and not world["project"].escalations.exists()


def test_only_staff_register_an_achievement(world):
    with pytest.raises(PermissionDenied):
        innovation_services.register({"name": "成果"}, world["users"]["reviewer"])


def test_the_system_scope_may_act_and_is_recorded_as_nobody(world):
    competition.pay_prize(world["prize"], TODAY, "批量导入凭证", None)
    world["prize"].refresh_from_db()
    assert world["prize"].paid_on == TODAY and world["prize"].paid_by is None
    assert Scope.for_system().may("programs.pay_prize") and Scope.for_system().enterprises().count() == 2


def test_a_request_builds_its_scope_once(world, django_assert_max_num_queries):
    request = RequestFactory().get("/")
    request.user = world["users"]["liaison_a"]
    ScopeMiddleware(lambda r: None)(request)
    with django_assert_max_num_queries(2):  # the role's groups and the profile, once
        first = request.scope
        for _ in range(20):
            assert request.scope.may("registry.read_money") is False
    assert request.scope.park_id == first.park_id == world["a"].park_id


def test_a_reviewer_reads_the_application_but_not_its_award(client, world):
    from gaoxin.programs.models import ReviewAssignment, Reviewer

    reviewer = Reviewer.objects.create(user=world["users"]["reviewer"], name="评审专家", affiliation="某大学")
    ReviewAssignment.objects.create(application=world["application"], reviewer=reviewer)
    client.force_login(world["users"]["reviewer"])
    page = client.get(reverse("programs:application", args=[world["application"].pk])).content.decode()
    assert "甲项目" in page and "签订协议" not in page and "评分有误" not in page
