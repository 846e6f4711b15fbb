"""A small zone for the API tests: enterprises A (park 0) and B (park 1) with figures and a title, a program with
A's application assigned to one reviewer, and a token for each role."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gaoxin.accounts.tokens import issue

YEAR = dt.date.today().year


@pytest.fixture
def world(parks, make_enterprise, make_user):
    from gaoxin.programs.models import Application, Program, ReviewAssignment, Reviewer
    from gaoxin.registry.models import AnnualFigures, TitleHeld

    a = make_enterprise("甲企业有限公司", park=parks[0], industry_code="C3911")
    b = make_enterprise("乙企业有限公司", park=parks[1], industry_code="I6513")
    for enterprise, revenue in ((a, "1200.5"), (b, "830")):
        AnnualFigures.objects.create(enterprise=enterprise, year=YEAR - 1, revenue=Decimal(revenue),
                                     rd_expense=Decimal("96"), employees=60, tech_staff=12)
    TitleHeld.objects.create(enterprise=a, title="tech_sme", recognized_on=dt.date(YEAR - 1, 5, 1),
                             valid_until=dt.date(YEAR, 12, 31))
    users = {
        "user_a": make_user("user_a", "enterprise_user", enterprise=a),
        "user_b": make_user("user_b", "enterprise_user", enterprise=b),
        "reviewer_assigned": make_user("reviewer_assigned", "reviewer"),
        "reviewer_other": make_user("reviewer_other", "reviewer"),
        "liaison_a": make_user("liaison_a", "park_liaison", park=parks[0]),
        "staff": make_user("staff", "zone_staff"),
        "admin": make_user("admin", "zone_admin"),
    }
    today = dt.date.today()
    program = Program.objects.create(name="孵化种子资金", kind="seed_fund", year=today.year, budget=61,
                                     opens_on=today, closes_on=today)
    application = Application.objects.create(program=program, enterprise=a, project_title="甲项目",
                                             requested=Decimal("30"), status="accepted")
    expert = Reviewer.objects.create(user=users["reviewer_assigned"], name="专家甲", affiliation="大学")
    Reviewer.objects.create(user=users["reviewer_other"], name="专家乙", affiliation="研究院")
    ReviewAssignment.objects.create(application=application, reviewer=expert)
    tokens = {who: issue(user, "测试")[1] for who, user in users.items()}
    return {"a": a, "b": b, "users": users, "tokens": tokens, "program": program, "application": application}


def bearer(token: str | None) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
