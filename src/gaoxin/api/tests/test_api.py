"""The API as a client uses it: tokens, reading and correcting figures without overwriting anyone, Chinese reasons
for every refusal, money hidden from park liaisons, and docs served without a CDN."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gaoxin.accounts.models import ApiToken
from gaoxin.accounts.tokens import issue
from gaoxin.api.tests.conftest import YEAR, bearer
from gaoxin.registry.models import AnnualFigures, AuditEntry


def put(client, world, who: str, body: dict, code=None, year=YEAR - 1):
    url = reverse("api:figures_year", args=[code or world["a"].credit_code, year])
    return client.put(url, data=json.dumps(body), content_type="application/json", **bearer(world["tokens"][who]))


# ---------------------------------------------------------------- tokens


def test_a_token_is_stored_only_as_a_digest_and_acts_as_its_user(client, world):
    plain = world["tokens"]["user_a"]
    assert not ApiToken.objects.filter(digest__contains=plain[3:]).exists()
    me = client.get(reverse("api:me"), **bearer(plain)).json()
    assert me == {"username": "user_a", "display_name": "user_a", "role": "enterprise_user",
                  "role_label": "企业用户", "enterprise": world["a"].credit_code, "park": None}
    assert ApiToken.objects.get(user__username="user_a").last_used_at is not None


@pytest.mark.parametrize("spoil", ["revoked", "expired", "inactive", "garbage", "none"])
def test_a_spoilt_token_gets_401_with_a_reason(client, world, spoil):
    plain = world["tokens"]["staff"]
    token = ApiToken.objects.get(user__username="staff")
    if spoil == "revoked":
        token.revoked_at = timezone.now()
        token.save()
    elif spoil == "expired":
        token.expires_at = timezone.now() - dt.timedelta(seconds=1)
        token.save()
    elif spoil == "inactive":
        token.user.is_active = False
        token.user.save()
    headers = {"none": {}, "garbage": bearer("gx_not-a-token")}.get(spoil, bearer(plain))
    response = client.get(reverse("api:enterprises"), **headers)
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Bearer"
    assert response.json()["detail"] == "请先登录或提供有效的 API 令牌"


def test_issuing_refuses_a_nameless_or_overlong_token(world):
    with pytest.raises(ValueError, match="用途"):
        issue(world["users"]["staff"], "  ")
    with pytest.raises(ValueError, match="1–366"):
        issue(world["users"]["staff"], "报表", days=400)


def test_users_issue_and_revoke_their_own_tokens_on_the_page(client, world):
    staff = world["users"]["staff"]
    client.force_login(staff)
    page = client.post(reverse("api_tokens"), {"name": "统计报表系统", "days": "30"}).content.decode()
    token = ApiToken.objects.get(user=staff, name="统计报表系统")
    plain = page.split('id="issued-token"')[1].split("<code>")[1].split("</code>")[0]
    assert plain.startswith(token.prefix) and client.get(reverse("api:me"), **bearer(plain)).status_code == 200
    other = ApiToken.objects.get(user__username="user_a")
    client.post(reverse("api_tokens"), {"revoke": other.pk})  # not the staff member's: nothing happens
    other.refresh_from_db()
    assert other.revoked_at is None
    client.post(reverse("api_tokens"), {"revoke": token.pk})
    assert Client().get(reverse("api:me"), **bearer(plain)).status_code == 401
    assert plain not in client.get(reverse("api_tokens")).content.decode()


# ---------------------------------------------------------------- figures


def test_staff_correct_figures_with_the_version_they_read(client, world):
    read = client.get(reverse("api:figures", args=[world["a"].credit_code]), **bearer(world["tokens"]["staff"]))
    year = read.json()[0]
    assert year["values"]["revenue"] == "1200.5000" and year["version"] == 1 and year["masked"] == []
    changed = put(client, world, "staff", {"version": 1, "values": year["values"] | {"revenue": 1300}})
    assert changed.status_code == 200 and changed.json()["version"] == 2
    assert changed.json()["values"]["revenue"] == "1300.0000"
    assert AuditEntry.objects.filter(subject="annualfigures", action="update", enterprise=world["a"]).exists()


def test_codes_that_look_blank_are_values_through_the_api(client, world):
    """研发机构级别 none is 未建立 (not unknown); an award rank of 0 is no award (stored blank), not a 422."""
    response = put(client, world, "staff", {"version": 1, "values": {"rd_institution_level": "none",
                                                                     "national_award_rank": 0}})
    assert response.status_code == 200, response.json()
    row = AnnualFigures.objects.get(enterprise=world["a"], year=YEAR - 1)
    assert row.rd_institution_level == "none" and row.national_award_rank is None


def test_a_concurrent_correction_is_refused_not_overwritten(client, world):
    first = put(client, world, "staff", {"version": 1, "values": {"revenue": 1300, "rd_expense": 96}})
    second = put(client, world, "admin", {"version": 1, "values": {"revenue": 5, "rd_expense": 96}})
    assert first.status_code == 200 and second.status_code == 409
    assert "已被他人修改" in second.json()["detail"]
    assert AnnualFigures.objects.get(enterprise=world["a"], year=YEAR - 1).revenue == 1300


def test_a_new_year_is_created_with_version_null(client, world):
    response = put(client, world, "staff", {"version": None, "values": {"employees": 70}}, year=YEAR)
    assert response.status_code == 200 and response.json()["version"] == 1


@pytest.mark.parametrize("values, field, words", [
    ({"revenue": -1}, "revenue", "太小"),
    ({"revenue": "一千"}, "revenue", "应为数字"),
    ({"employees": 1.5}, "employees", "应为整数"),
    ({"turnover": 5}, "turnover", "不认识的字段"),
    ({"employees": 10, "tech_staff": 20}, "tech_staff", "科技人员"),
])
def test_bad_figures_get_422_naming_the_field_and_change_nothing(client, world, values, field, words):
    response = put(client, world, "staff", {"version": 1, "values": values})
    assert response.status_code == 422
    problems = response.json()["detail"]
    assert any(p["field"] == field and words in (p.get("label", "") + p["message"]) for p in problems), problems
    assert AnnualFigures.objects.get(enterprise=world["a"], year=YEAR - 1).version == 1


def test_malformed_json_gets_400_and_a_future_year_422(client, world):
    url = reverse("api:figures_year", args=[world["a"].credit_code, YEAR - 1])
    broken = client.put(url, data="{version: 1", content_type="application/json", **bearer(world["tokens"]["staff"]))
    assert broken.status_code == 400 and broken.json()["detail"] == "请求体不是有效的 JSON"
    assert put(client, world, "staff", {"version": None, "values": {}}, year=YEAR + 1).status_code == 422


def test_a_park_liaison_reads_figures_with_money_hidden(client, world):
    year = client.get(reverse("api:figures", args=[world["a"].credit_code]),
                      **bearer(world["tokens"]["liaison_a"])).json()[0]
    assert year["values"]["revenue"] is None and "revenue" in year["masked"]
    assert year["values"]["employees"] == 60 and "employees" not in year["masked"]


def test_a_session_write_needs_the_csrf_token(world):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world["users"]["staff"])
    url = reverse("api:figures_year", args=[world["a"].credit_code, YEAR - 1])
    response = browser.put(url, data=json.dumps({"version": 1, "values": {"revenue": 1}}),
                           content_type="application/json")
    assert response.status_code in (401, 403)
    assert AnnualFigures.objects.get(enterprise=world["a"], year=YEAR - 1).version == 1


# ---------------------------------------------------------------- reads


def test_the_ladder_keeps_the_contract_shape_with_articles(client, world):
    data = client.get(reverse("api:ladder", args=[world["a"].credit_code]), {"year": YEAR},
                      **bearer(world["tokens"]["user_a"])).json()
    first = data["results"][0]
    assert data["assessment_year"] == YEAR and first["credit_code"] == world["a"].credit_code
    assert first["clauses"][0]["article"] and {"value", "threshold", "gap", "status"} <= set(first["clauses"][0])


def test_filters_and_pages(client, world):
    headers = bearer(world["tokens"]["staff"])
    url = reverse("api:enterprises")
    assert [e["name"] for e in client.get(url, {"industry": "C39"}, **headers).json()["results"]] == ["甲企业有限公司"]
    assert client.get(url, {"title": "tech_sme"}, **headers).json()["count"] == 1
    page = client.get(url, {"page_size": 1, "page": 2}, **headers).json()
    assert page["count"] == 2 and page["pages"] == 2 and len(page["results"]) == 1
    bad = client.get(url, {"page_size": 0, "q": "a\x00b"}, **headers)
    assert bad.status_code == 422 and {p["field"] for p in bad.json()["detail"]} == {"page_size", "q"}


def test_candidates_say_what_is_lacking(client, world):
    from gaoxin.cultivation.services import evaluate_enterprises

    evaluate_enterprises(YEAR)
    data = client.get(reverse("api:candidates"), {"policy": "high_tech", "year": YEAR},
                      **bearer(world["tokens"]["staff"])).json()
    assert data["count"] == 2 and all(isinstance(r["lacking"], list) for r in data["results"])


def test_the_schema_and_docs_are_served_from_this_site(client, world):
    assert client.get(reverse("api:openapi-json")).status_code == 401  # they follow the site's login
    page = client.get(reverse("api:openapi-view"), HTTP_ACCEPT="text/html")
    assert page.status_code == 302 and "/login/" in page.url
    by_token = client.get(reverse("api:openapi-json"), **bearer(world["tokens"]["staff"]))
    assert by_token.status_code == 200
    client.force_login(world["users"]["staff"])
    schema = client.get(reverse("api:openapi-json")).json()
    assert schema["info"]["version"] == "1" and "/api/v1/enterprises" in schema["paths"]
    docs = client.get(reverse("api:openapi-view")).content.decode()
    assert "swagger-ui-bundle.js" in docs and "cdn" not in docs.lower() and "https://" not in docs
    assert client.get(reverse("api:api-root")).status_code == 404  # nothing served at the bare prefix


def test_the_token_command_prints_a_working_token_once(client, world):
    from typer.testing import CliRunner

    from gaoxin.cli import app

    result = CliRunner().invoke(app, ["token", "liaison_a", "--name", "园区报表", "--days", "7"])
    plain = result.output.strip().splitlines()[-1]
    assert result.exit_code == 0 and client.get(reverse("api:me"), **bearer(plain)).json()["park"] == "青江科技城"
    assert CliRunner().invoke(app, ["token", "nobody"]).exit_code == 1


def test_the_calculator_gives_amounts_with_their_reasons(client, world):
    from gaoxin.registry.models import AnnualFigures

    AnnualFigures.objects.create(enterprise=world["a"], year=YEAR - 2, rd_expense=50, revenue=1000, employees=55)
    data = client.get(reverse("api:calculator", args=[world["a"].credit_code]),
                      **bearer(world["tokens"]["user_a"])).json()
    found = {r["benefit"]: r for r in data["results"]}
    assert found["city_tech_sme_award"]["group"] == "qualified" and found["city_tech_sme_award"]["amount"] == "4.8000"
    assert data["total"] == "4.8000" and data["as_of"] == dt.date.today().isoformat()
    clause = found["city_tech_sme_award"]["explanation"]["clauses"][1]
    assert clause["status"] == "pass" and clause["inputs"][0]["year"] == YEAR - 1
    names = {b["code"] for b in client.get(reverse("api:benefits"), **bearer(world["tokens"]["user_b"])).json()}
    assert "zone_high_tech_award" in names
