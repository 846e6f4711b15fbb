"""调查排摸: staff ask a group for exactly the figures a title's verdict waits for; enterprises answer online; the
answers are filings, reviewed, and the verdict is recomputed from them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from gaoxin.contract.fields import ZONE_ASSESSED
from gaoxin.cultivation.campaigns import asked_of, progress, remind
from gaoxin.cultivation.models import Campaign, CampaignRequest, Evaluation
from gaoxin.cultivation.services import evaluate_enterprises
from gaoxin.jobs.services import drain
from gaoxin.registry import lineage, services
from gaoxin.registry.models import AnnualFigures, Enterprise, FiguresFiling
from gaoxin.workflow.models import Notification, Task

TODAY = dt.date.today()
Y = TODAY.year


@pytest.fixture
def zone(make_enterprise, make_user):
    a = make_enterprise("青江星云智能科技有限公司", founded_on=dt.date(2015, 3, 1))
    b = make_enterprise("青江瀚海软件有限公司", founded_on=dt.date(2016, 5, 1))
    for e in (a, b):
        AnnualFigures.objects.create(enterprise=e, year=Y - 1, employees=60, revenue=Decimal(3000))
    evaluate_enterprises(Y, [a.pk, b.pk])
    return {"a": a, "b": b, "user_a": make_user("filer", "enterprise_user", enterprise=a)}


def test_only_the_blank_inputs_that_can_still_decide_are_asked(zone):
    evaluation = Evaluation.objects.get(enterprise=zone["a"], policy="high_tech", assessment_year=Y)
    asked = asked_of(evaluation)
    assert asked, "a verdict waiting for data asks for something"
    codes = {(a.field, a.year) for a in asked}
    assert ("revenue", Y - 1) not in codes and ("employees", Y - 1) not in codes  # it has them
    assert not {f for f, _ in codes} & ZONE_ASSESSED  # experts' points are not the enterprise's to give
    clauses = evaluation.result["clauses"]
    for a in asked:
        assert a.clauses and set(a.clauses) <= {c["label"] for c in clauses if c["status"] == "unknown"}
        inputs = [i for c in clauses for i in c["inputs"] if i["field"] == a.field and i["year"] == a.year]
        assert inputs and all(i["value"] is None for i in inputs)


def launch_page(client, staff, **extra):
    client.force_login(staff)
    data = {"name": "2026 年高企培育摸底", "policy": "high_tech", "year": Y, "deadline": TODAY + dt.timedelta(days=10),
            "message": "请财务人员填写"} | extra
    return client.post(reverse("cultivation:campaigns"), data)


def test_staff_ask_a_group_and_each_enterprise_gets_a_to_do(zone, staff, client):
    response = launch_page(client, staff)
    campaign = Campaign.objects.get()
    assert response.status_code == 302 and campaign.requests.count() == 2
    assert campaign.group.startswith("潜力企业：高新技术企业")
    request = campaign.requests.get(enterprise=zone["a"])
    task = Task.objects.get(user=zone["user_a"], done_at=None)
    assert "调查排摸" in task.title and task.link == reverse("cultivation:campaign_answer", args=[request.pk])
    assert Notification.objects.filter(user=zone["user_a"]).exists()
    page = client.get(reverse("cultivation:campaign", args=[campaign.pk])).content.decode()
    assert "未答复 <strong" in page and zone["a"].name in page


def test_one_enterprise_only_and_nothing_to_ask_is_refused(zone, staff, client):
    launch_page(client, staff, enterprise=zone["b"].credit_code)
    assert CampaignRequest.objects.get().enterprise == zone["b"]
    response = launch_page(client, staff, enterprise=zone["a"].credit_code, policy="listed_board_none")
    assert response.status_code == 200 and Campaign.objects.count() == 1


def test_the_answer_is_a_filing_reviewed_then_the_verdict_recomputed(zone, staff, client):
    launch_page(client, staff, enterprise=zone["a"].credit_code)
    request = CampaignRequest.objects.get()
    before = Evaluation.objects.get(enterprise=zone["a"], policy="high_tech", assessment_year=Y)
    client.force_login(zone["user_a"])
    page = client.get(reverse("cultivation:campaign_answer", args=[request.pk])).content.decode()
    fields = [f"{a['field']}__{a['year'] if a['year'] is not None else 'e'}" for a in request.asked]
    assert all(f'name="{f}"' in page for f in fields) and f'name="revenue__{Y - 1}"' not in page
    answers = {f: _plausible(f) for f in fields}
    response = client.post(reverse("cultivation:campaign_answer", args=[request.pk]), answers)
    assert response.status_code == 302, response.content.decode()[:2000]
    request.refresh_from_db()
    assert request.answered_at is not None and not Task.objects.filter(user=zone["user_a"], done_at=None).exists()
    filings = {f.year: f for f in request.filings.all()}
    assert set(filings) == {a["year"] for a in request.asked if a["year"] is not None}  # one per year asked
    assert all(f.status == "submitted" for f in filings.values())
    assert filings[Y - 1].revenue == Decimal(3000)  # started from the figures held
    facts = {a["field"] for a in request.asked if a["year"] is None}
    assert set(filings[max(filings)].facts) == facts  # enterprise-level answers ride on the latest year's
    assert [p.state for p in progress(request.campaign) if p.request == request] == ["submitted"]
    for filing in filings.values():
        services.transition_filing(staff, filing, "accept")
    drain()
    after = Evaluation.objects.get(enterprise=zone["a"], policy="high_tech", assessment_year=Y)
    assert after.unknown < before.unknown
    enterprise = Enterprise.objects.get(pk=zone["a"].pk)
    for code in facts:  # applied to the enterprise, the filing named as their source
        assert getattr(enterprise, code) not in (None, "")
        assert lineage.chosen(enterprise, code).kind == "filing"
    assert [p.state for p in progress(request.campaign) if p.request == request] == ["accepted"]


def test_other_users_cannot_answer_and_reminders_go_once_a_day(zone, staff, client, make_user):
    launch_page(client, staff)
    request_b = CampaignRequest.objects.get(enterprise=zone["b"])
    client.force_login(zone["user_a"])
    assert client.get(reverse("cultivation:campaign_answer", args=[request_b.pk])).status_code == 404
    user_b = make_user("b", "enterprise_user", enterprise=zone["b"])
    campaign = request_b.campaign
    campaign.deadline = TODAY + dt.timedelta(days=2)
    campaign.save()
    assert remind(TODAY) == 2 and remind(TODAY) == 0
    assert Notification.objects.filter(user=user_b, message__contains="将于").exists()
    assert remind(TODAY + dt.timedelta(days=5)) == 2  # past the deadline: reminded again, worded so
    assert Notification.objects.filter(user=user_b, message__contains="已过截止日期").exists()


def _plausible(name: str) -> str:
    """An answer the contract's checks accept for a field of this small software firm."""
    code, year = name.split("__")
    field = (Enterprise if year == "e" else FiguresFiling)._meta.get_field(code)
    if field.get_internal_type() == "BooleanField":
        return "false" if code in ("major_incident", "restricted_industry", "credit_blacklisted",
                                   "branch_or_trading") else "true"
    choices = field.choices
    if choices:
        return choices[0][0]
    return {"tech_staff": "20", "rd_staff": "15", "rd_expense": "300", "rd_expense_domestic": "300",
            "high_tech_revenue": "2400", "total_cost": "2500", "main_revenue": "2800"}.get(code, "1")


def test_the_remind_button_and_the_enterprise_page(zone, staff, client):
    launch_page(client, staff)
    campaign = Campaign.objects.get()
    response = client.post(reverse("cultivation:campaign_remind", args=[campaign.pk]), follow=True)
    assert "已提醒 2 家" in response.content.decode()
    client.force_login(zone["user_a"])
    assert client.post(reverse("cultivation:campaign_remind", args=[campaign.pk])).status_code == 403
    page = client.get(reverse("portal:enterprise", args=[zone["a"].credit_code])).content.decode()
    assert 'id="campaign-requests"' in page and campaign.name in page


def test_the_completion_list_and_discoveries_export_to_excel(zone, staff, client):
    import io

    from openpyxl import load_workbook

    launch_page(client, staff)
    campaign = Campaign.objects.get()
    book = load_workbook(io.BytesIO(client.get(reverse("cultivation:campaign", args=[campaign.pk]),
                                               {"export": "xlsx"}).content))
    rows = list(book.active.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 2 and {r[3] for r in rows} == {"未答复"} and all(r[2] for r in rows)
    book = load_workbook(io.BytesIO(client.get(reverse("cultivation:discoveries"), {"export": "xlsx"}).content))
    assert book.active["A1"].value == "发现日期"
