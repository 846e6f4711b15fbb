"""免申即享 runs: a dated list from the data held, reproducible from its frozen inputs whatever changes later,
approved by a second member of staff, then awarded, confirmed, signed and paid through the programs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from gaoxin.benefits import runs
from gaoxin.benefits.machines import RUN
from gaoxin.benefits.models import AwardRun
from gaoxin.benefits.tests.test_matching import zone  # noqa: F401  (the shared fixture)
from gaoxin.jobs.services import drain
from gaoxin.programs import money
from gaoxin.programs.models import Payment
from gaoxin.registry.models import TitleHeld
from gaoxin.workflow.machine import IllegalTransition, advance
from gaoxin.workflow.models import Notification


@pytest.fixture
def second(make_user):
    return make_user("staff2", "zone_staff")


def test_a_run_lists_every_qualifying_enterprise_with_its_amount_and_freezes_its_inputs(zone):  # noqa: F811
    run = runs.generate("zone_high_tech_award", zone["users"]["staff"])
    assert [(line.enterprise.name, line.amount) for line in run.lines.all()] == [("乙科技有限公司", Decimal("30"))]
    assert run.total == Decimal("30") and run.benefit_version == "zone_high_tech_award@2026"
    assert run.enterprises == 2 and run.status == "draft" and run.as_of == dt.date.today()
    frozen = runs.frozen_inputs(run)
    assert set(frozen.table["credit_code"]) == {zone["a"].credit_code, zone["b"].credit_code}
    line = run.lines.get()
    assert line.result["clauses"][0]["status"] == "pass" and line.result["as_of"] == run.as_of.isoformat()


def test_only_staff_generate_and_only_for_benefits_awarded_without_application(zone):  # noqa: F811
    with pytest.raises(runs.RunError, match="免申即享"):
        runs.generate("zone_rd_subsidy", zone["users"]["staff"])
    with pytest.raises(PermissionDenied):
        runs.generate("zone_high_tech_award", zone["users"]["user_b"])


def test_a_run_is_reproduced_from_its_frozen_inputs_after_the_registry_changes(zone):  # noqa: F811
    run = runs.generate("zone_high_tech_award", zone["users"]["staff"])
    TitleHeld.objects.filter(enterprise=zone["b"]).delete()  # the registry no longer says so
    assert runs.reproduce(run) == []
    with run.inputs.open("wb") as f:
        f.write(b"tampered")
    with pytest.raises(runs.RunError, match="摘要不符"):
        runs.reproduce(run)


def test_approval_needs_a_second_person_and_feeds_awards_that_are_paid(zone, second):  # noqa: F811
    staff = zone["users"]["staff"]
    run = runs.generate("zone_high_tech_award", staff)
    advance(RUN, run, "submit", staff)
    with pytest.raises(PermissionDenied):
        runs.approve(run, staff)
    run = runs.approve(run, second)
    assert run.status == "approved" and run.program.kind == "auto_award" and run.program.budget == Decimal("30")
    award = run.program.applications.get().award
    assert award.application.enterprise == zone["b"] and award.application.status == "awarded"
    assert award.amount == Decimal("30") and award.status == "proposed"
    screening = award.application.screening  # the run's conditions, as the application's 资格初筛
    assert screening["verdict"] == "pass" and screening["on"] == run.as_of.isoformat()
    assert screening["items"] and {i["status"] for i in screening["items"]} == {"pass"}
    assert Notification.objects.filter(user=zone["users"]["user_b"], message__contains="已获支持").exists()

    later = award.public_notice_until + dt.timedelta(days=1)
    money.confirm(award, second, today=later)
    signed = money.sign(award, second)
    tranche = signed.tranches.get()
    assert tranche.status == "accepted"  # due on signing
    money.pay(tranche, second, Decimal("30"), later, "财拨-2026-001")
    assert Payment.objects.get().amount == Decimal("30")


def test_returning_needs_a_reason_and_a_cancelled_run_stays_cancelled(zone, second):  # noqa: F811
    staff = zone["users"]["staff"]
    run = runs.generate("zone_high_tech_award", staff)
    advance(RUN, run, "submit", staff)
    with pytest.raises(IllegalTransition, match="原因"):
        advance(RUN, run, "return", second)
    advance(RUN, run, "return", second, "核定日期应为 6 月 30 日")
    advance(RUN, run, "cancel", staff, "重新生成")
    run.refresh_from_db()
    assert run.status == "cancelled" and run.program is None


def test_staff_generate_a_run_from_the_benefit_page_as_a_background_job(zone, client):  # noqa: F811
    client.force_login(zone["users"]["user_b"])
    assert client.post(reverse("benefits:run_start", args=["zone_high_tech_award"])).status_code == 403
    client.force_login(zone["users"]["staff"])
    assert client.post(reverse("benefits:run_start", args=["zone_rd_subsidy"])).status_code == 403
    response = client.post(reverse("benefits:run_start", args=["zone_high_tech_award"]))
    assert response.status_code == 302
    drain()
    run = AwardRun.objects.get()
    page = client.get(reverse("benefits:run", args=[run.pk]), {"reproduce": 1}).content.decode()
    assert "乙科技有限公司" in page and "重算结果与名单完全一致" in page and run.inputs_sha256 in page
    assert 'data-move="submit"' in page
    client.post(reverse("workflow:move", args=[RUN.name, run.pk, "submit"]))
    run.refresh_from_db()
    assert run.status == "submitted"


def test_program_money_is_kept_to_the_hundred_yuan():
    assert runs._to_program(Decimal("12.3450")) == Decimal("12.35")
    assert runs._to_program(Decimal("12.3449")) == Decimal("12.34")


def test_a_what_if_of_a_benefit_reports_coverage_and_cost_beside_the_official_rule(zone, client):  # noqa: F811
    from openpyxl import load_workbook

    from gaoxin.engine.benefit import benefit_knobs
    from gaoxin.jobs.models import Job

    rd = next(k for k in benefit_knobs(runs.benefit_by_id("zone_rd_subsidy@2026"))
              if k.clause == "benefit.zone_rd_subsidy.rd_floor")
    client.force_login(zone["users"]["staff"])
    form = {f"knob:{rd.key}": "80", "knob:amount/rate": "10"}  # the rate unchanged: only the floor is sent on
    assert client.post(reverse("benefits:whatif", args=["zone_rd_subsidy"]), form).status_code == 302
    job = Job.objects.get(kind="benefit_whatif")
    assert job.params["changes"] == {rd.key: 80.0}
    drain()
    job.refresh_from_db()
    assert job.status == "done" and "官方规则 1 家 20 万元" in job.message and "调整后 2 家 24 万元" in job.message
    book = load_workbook(job.result.path)
    assert [row[1] for row in book["变化的企业"].iter_rows(min_row=2, values_only=True)] == ["乙科技有限公司"]
    bad = client.post(reverse("benefits:whatif", args=["zone_rd_subsidy"]), {"knob:amount/cap": "很多"})
    assert bad.status_code == 302 and Job.objects.filter(kind="benefit_whatif").count() == 1
