"""Decision and money: allocation by rank within cap and budget, 公示 and appeals, the agreement, tranches paid
once each and only after their milestone is accepted, and a duplicate-funding warning."""

import datetime as dt
import io
import threading
from decimal import Decimal

import pytest
from django.db import connection
from docx import Document
from openpyxl import load_workbook

from gaoxin.programs import money
from gaoxin.programs.models import Application, Award, Payment, Program, ReviewAssignment, Reviewer, Tranche
from gaoxin.workflow.machine import IllegalTransition

TODAY = dt.date(2026, 6, 1)
PLAN = [{"share": 0.5, "milestone": "签订协议", "on_signing": True}, {"share": 0.5, "milestone": "中期验收"}]


@pytest.fixture
def world(make_enterprise, make_user):
    program = Program.objects.create(name="孵化种子资金", kind="seed_fund", year=2026, budget=Decimal(61),
                                     award_cap=Decimal(20), opens_on=TODAY, closes_on=TODAY, tranche_plan=PLAN,
                                     rubric=[{"code": "all", "label": "综合", "weight": 1, "max": 100}])
    experts = [Reviewer.objects.create(user=make_user(f"e{n}", "reviewer"), name=f"专家{n}", affiliation="大学")
               for n in range(2)]
    made = []
    for n, (mean, asked) in enumerate([(90, "20"), (85, "18"), (80, "25"), (75, "15"), (50, "10")]):
        enterprise = make_enterprise(f"企业{n}有限公司")
        user = make_user(f"u{n}", "enterprise_user", enterprise=enterprise)
        application = Application.objects.create(program=program, enterprise=enterprise, project_title=f"项目{n}",
                                                 requested=Decimal(asked), status="under_review",
                                                 submitted_at=dt.datetime(2026, 5, 1, 9, n, tzinfo=dt.UTC))
        for expert in experts:
            ReviewAssignment.objects.create(application=application, reviewer=expert, total=Decimal(mean),
                                            scores={"all": str(mean)}, comment="ok",
                                            submitted_at=application.submitted_at)
        made.append((application, user))
    return {"program": program, "made": made, "staff": make_user("staff", "zone_staff")}


def test_allocation_follows_the_ranking_within_cap_and_budget_and_says_why(world):
    awards = money.allocate(world["program"], world["staff"], TODAY)
    assert [(a.application.project_title, a.amount, a.rank) for a in awards] == [
        ("项目0", Decimal("20.00"), 1), ("项目1", Decimal("18.00"), 2), ("项目2", Decimal("20.00"), 3)]  # 25 → cap
    statuses = dict(Application.objects.values_list("project_title", "status"))
    assert statuses == {"项目0": "awarded", "项目1": "awarded", "项目2": "awarded", "项目3": "rejected",
                        "项目4": "rejected"}
    from gaoxin.workflow.models import Transition

    reasons = dict(Transition.objects.filter(action="reject").values_list("object_id", "reason"))
    assert reasons[world["made"][3][0].pk] == "排名第 4 名，资金已分配完毕"  # 3 万元 left < 15
    assert reasons[world["made"][4][0].pk] == "评审平均分 50 低于 60 分"
    assert sum(a.amount for a in awards) <= world["program"].budget


def test_public_notice_list_export(world):
    money.allocate(world["program"], world["staff"], TODAY)
    book = load_workbook(io.BytesIO(money.public_notice_workbook(world["program"])))
    rows = list(book["公示名单"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[1], r[5], r[6]) for r in rows] == [(1, "企业0有限公司", 20, "2026-06-05"),
                                                       (2, "企业1有限公司", 18, "2026-06-05"),
                                                       (3, "企业2有限公司", 20, "2026-06-05")]


def test_appeals_hold_confirmation_until_answered_and_only_within_the_window(world):
    [first, *_] = money.allocate(world["program"], world["staff"], TODAY)
    loser, loser_user = world["made"][3]
    with pytest.raises(IllegalTransition, match="期满后方可确认"):
        money.confirm(first, world["staff"], TODAY + dt.timedelta(days=4))  # the 5th day of 公示
    appeal = money.file_appeal(Application.objects.get(pk=loser.pk), loser_user, {"text": "我方得分计算有误"},
                               TODAY + dt.timedelta(days=3))
    with pytest.raises(IllegalTransition, match="尚有异议未答复"):
        money.confirm(first, world["staff"], TODAY + dt.timedelta(days=6))
    money.answer_appeal(appeal, world["staff"], {"upheld": "0", "answer": "经复核，得分无误"})
    assert money.confirm(first, world["staff"], TODAY + dt.timedelta(days=6)).status == "confirmed"
    with pytest.raises(ValueError, match="不在公示期内"):
        money.file_appeal(Application.objects.get(pk=loser.pk), loser_user, {"text": "再议"},
                          TODAY + dt.timedelta(days=7))


def signed(world) -> Award:
    [award, *_] = money.allocate(world["program"], world["staff"], TODAY)
    money.confirm(award, world["staff"], TODAY + dt.timedelta(days=6))
    return money.sign(Award.objects.get(pk=award.pk), world["staff"])


def test_signing_creates_tranches_that_add_up_and_releases_the_first(world):
    award = signed(world)
    tranches = list(award.tranches.order_by("seq"))
    assert [(t.milestone, t.amount, t.status) for t in tranches] == [
        ("签订协议", Decimal("10.00"), "accepted"), ("中期验收", Decimal("10.00"), "pending")]
    text = "\n".join(p.text for p in Document(io.BytesIO(money.agreement_docx(award))).paragraphs)
    assert "企业0有限公司" in text and "资助金额：人民币 20.00 万元" in text


def test_a_tranche_is_paid_once_exactly_and_only_after_its_milestone(world):
    award = signed(world)
    first, second = award.tranches.order_by("seq")
    staff, applicant = world["staff"], world["made"][0][1]
    with pytest.raises(IllegalTransition, match="拨付金额应为本期金额 10.00 万元"):
        money.pay(first, staff, Decimal("9.99"), TODAY, "BK-001")
    money.pay(first, staff, Decimal("10"), TODAY, "BK-001")
    with pytest.raises(IllegalTransition, match="当前状态为“已拨付”"):
        money.pay(Tranche.objects.get(pk=first.pk), staff, Decimal("10"), TODAY, "BK-002")
    with pytest.raises(IllegalTransition, match="待完成里程碑"):
        money.pay(second, staff, Decimal("10"), TODAY, "BK-003")  # its milestone is not accepted yet
    money.report_milestone(second, applicant, "中试线已建成，完成 3 批样品")
    from gaoxin.programs.machines import TRANCHE
    from gaoxin.workflow.machine import advance

    advance(TRANCHE, Tranche.objects.get(pk=second.pk), "accept_report", staff)
    money.pay(Tranche.objects.get(pk=second.pk), staff, Decimal("10.00"), TODAY, "BK-004")
    assert list(Payment.objects.order_by("pk").values_list("amount", "reference")) == [
        (Decimal("10.00"), "BK-001"), (Decimal("10.00"), "BK-004")]


def test_the_same_enterprise_funded_twice_is_flagged(world, make_enterprise):
    money.allocate(world["program"], world["staff"], TODAY)
    enterprise = world["made"][0][0].enterprise
    other = Program.objects.create(name="研发补助", kind="rd_subsidy", year=2026, budget=Decimal(100),
                                   opens_on=TODAY, closes_on=TODAY)
    again = Application.objects.create(program=other, enterprise=enterprise, project_title="项目0")
    assert money.duplicate_funding(again) == ["同一项目《项目0》已获《孵化种子资金》支持 20.00 万元"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_people_paying_the_same_tranche_at_once_pay_once(world):
    if connection.vendor != "postgresql":
        pytest.skip("row locks across connections need PostgreSQL")
    award = signed(world)
    first = award.tranches.get(seq=1)
    outcomes, start = [], threading.Barrier(2)

    def attempt(reference):
        from django.db import connections

        start.wait()
        try:
            money.pay(Tranche.objects.get(pk=first.pk), world["staff"], Decimal("10"), TODAY, reference)
            outcomes.append("paid")
        except IllegalTransition:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(f"BK-{n}",)) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["paid", "refused"] and Payment.objects.count() == 1


def test_staff_decide_confirm_sign_and_pay_from_the_pages_and_the_applicant_sees_each_step(client, world):
    from django.urls import reverse

    program, staff = world["program"], world["staff"]
    client.force_login(staff)
    page = client.post(reverse("programs:allocate", args=[program.pk]),
                       follow=True).content.decode()
    assert "已决定：拟支持 3 项，进入公示" in page and 'id="awards"' in page and "拟支持（公示中）" in page
    export = client.get(reverse("programs:program_review", args=[program.pk]), {"export": "public_notice"})
    assert load_workbook(io.BytesIO(export.content))["公示名单"].max_row == 4
    application, applicant = world["made"][0]
    Award.objects.filter(application=application).update(public_notice_until=dt.date.today() - dt.timedelta(days=1))
    url = reverse("programs:application", args=[application.pk])
    award = Award.objects.get(application=application)
    client.post(reverse("workflow:move", args=["award", award.pk, "confirm"]))
    client.post(reverse("workflow:move", args=["award", award.pk, "sign"]))
    tranche = Tranche.objects.get(award__application=application, seq=1)
    page = client.get(url).content.decode()
    assert 'id="tranche-1-pay"' in page and 'name="pay-amount" value="10.00"' in page  # the amount to pay, filled
    page = client.post(reverse("workflow:move", args=["tranche", tranche.pk, "pay"]),
                       {"pay-amount": "10.00", "pay-reference": "BK-9"}, follow=True).content.decode()
    assert "登记拨付：已完成" in page and Payment.objects.get().reference == "BK-9"
    client.force_login(applicant)
    page = client.get(url).content.decode()
    assert 'id="award" data-status="signed"' in page and "已拨付" in page and "BK-9" in page
    assert 'id="duplicate-funding"' not in page  # warnings are for staff
    agreement = client.get(reverse("programs:agreement", args=[application.award.pk]))
    assert "企业0有限公司" in "\n".join(p.text for p in Document(io.BytesIO(agreement.content)).paragraphs)
    client.force_login(world["made"][1][1])
    assert client.get(reverse("programs:agreement", args=[application.award.pk])).status_code == 404
    reviewer = application.reviews.first().reviewer.user  # scored it, sees the application, not the agreement
    client.force_login(reviewer)
    assert client.get(reverse("programs:application", args=[application.pk])).status_code == 200
    assert client.get(reverse("programs:agreement", args=[application.award.pk])).status_code == 404
