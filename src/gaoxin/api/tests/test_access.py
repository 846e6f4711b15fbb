"""Every API operation as every role, with tokens: allowed, refused (403) or not found (404, so another
enterprise's existence is not revealed); and the lists hold exactly what the role may see."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import resolve, reverse

from gaoxin.api.main import api
from gaoxin.api.tests.conftest import YEAR, bearer

ROLES = ["anonymous", "user_a", "user_b", "reviewer_assigned", "reviewer_other", "liaison_a", "staff", "admin"]


def operations(w) -> dict[str, tuple[str, str, dict | None]]:
    """name → (method, path, JSON body)."""
    a, b = w["a"].credit_code, w["b"].credit_code
    body = {"version": 1, "values": {"revenue": "900", "employees": 61}}
    return {
        "me": ("get", reverse("api:me"), None),
        "enterprises": ("get", reverse("api:enterprises"), None),
        "enterprise_a": ("get", reverse("api:enterprise", args=[a]), None),
        "enterprise_b": ("get", reverse("api:enterprise", args=[b]), None),
        "figures_a": ("get", reverse("api:figures", args=[a]), None),
        "put_figures_b": ("put", reverse("api:figures_year", args=[b, YEAR - 1]), body),
        "titles_a": ("get", reverse("api:titles", args=[a]), None),
        "ladder_b": ("get", reverse("api:ladder", args=[b]), None),
        "evaluations": ("get", reverse("api:evaluations"), None),
        "candidates": ("get", reverse("api:candidates"), None),
        "benefits": ("get", reverse("api:benefits"), None),
        "calculator_a": ("get", reverse("api:calculator", args=[a]), None),
        "programs": ("get", reverse("api:programs"), None),
        "program": ("get", reverse("api:program", args=[w["program"].pk]), None),
        "applications": ("get", reverse("api:applications"), None),
    }


def row(anonymous=401, user_a=200, user_b=200, reviewer_assigned=200, reviewer_other=200, liaison_a=200,
        staff=200, admin=200) -> dict[str, int]:
    return dict(anonymous=anonymous, user_a=user_a, user_b=user_b, reviewer_assigned=reviewer_assigned,
                reviewer_other=reviewer_other, liaison_a=liaison_a, staff=staff, admin=admin)


A_ONLY = row(user_b=404, reviewer_assigned=404, reviewer_other=404)
EXPECTED = {
    "me": row(),
    "enterprises": row(),
    "enterprise_a": A_ONLY,
    "enterprise_b": row(user_a=404, reviewer_assigned=404, reviewer_other=404, liaison_a=404),
    "figures_a": A_ONLY,
    "put_figures_b": row(user_a=404, user_b=403, reviewer_assigned=404, reviewer_other=404, liaison_a=404),
    "titles_a": A_ONLY,
    "ladder_b": row(user_a=404, reviewer_assigned=404, reviewer_other=404, liaison_a=404),
    "evaluations": row(),
    "candidates": row(user_a=403, user_b=403, reviewer_assigned=403, reviewer_other=403),
    "benefits": row(),
    "calculator_a": A_ONLY,
    "programs": row(),
    "program": row(),
    "applications": row(),
}

# what each role's lists hold: enterprises by name, applications by enterprise
SEES = {"user_a": {"甲企业有限公司"}, "user_b": {"乙企业有限公司"}, "reviewer_assigned": set(),
        "reviewer_other": set(), "liaison_a": {"甲企业有限公司"}, "staff": {"甲企业有限公司", "乙企业有限公司"},
        "admin": {"甲企业有限公司", "乙企业有限公司"}}
APPLICATIONS = {"user_a": 1, "user_b": 0, "reviewer_assigned": 1, "reviewer_other": 0, "liaison_a": 0, "staff": 1,
                "admin": 1}


def call(client, method: str, path: str, body, token):
    kwargs = bearer(token)
    if body is not None:
        return getattr(client, method)(path, data=json.dumps(body), content_type="application/json", **kwargs)
    return getattr(client, method)(path, **kwargs)


@pytest.mark.parametrize("who", ROLES)
def test_every_api_operation_as_every_role(client, world, who):
    token = world["tokens"].get(who)
    got = {name: call(client, m, p, body, token).status_code for name, (m, p, body) in operations(world).items()}
    assert got == {name: EXPECTED[name][who] for name in got}


@pytest.mark.parametrize("who", ROLES[1:])
def test_lists_hold_exactly_what_the_role_may_see(client, world, who):
    headers = bearer(world["tokens"][who])
    names = {e["name"] for e in client.get(reverse("api:enterprises"), **headers).json()["results"]}
    assert names == SEES[who]
    applications = client.get(reverse("api:applications"), **headers).json()
    assert applications["count"] == APPLICATIONS[who]


def test_the_matrix_covers_every_operation_of_the_schema(world):
    documented = {(method, path) for path, ops in api.get_openapi_schema(path_prefix="/api/v1/")["paths"].items()
                  for method in ops}
    tested = {(method, _template(resolve(path).route)) for method, path, _ in operations(world).values()}
    assert tested == documented, f"operations with no access test: {documented - tested}"


def _template(route: str) -> str:
    """Django's route `api/v1/enterprises/<credit_code>/figures/<int:year>` as OpenAPI's path template."""
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)
