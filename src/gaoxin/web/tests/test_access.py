"""The rest of the access matrix (detail pages of tracking, financing, innovation and programs), and a check that
every named URL of the site is in a matrix or listed here with the test that covers its access rule — so a new
page cannot ship without someone deciding who may open it."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import URLResolver, get_resolver, resolve, reverse

from gaoxin.registry.tests.test_permissions import urls as registry_urls
from gaoxin.registry.tests.test_permissions import world  # noqa: F401  (the shared fixture)

ROLES = ["anonymous", "user_a", "user_b", "liaison_a", "reviewer", "staff", "admin"]


@pytest.fixture
def more(world):  # noqa: F811
    from gaoxin.benefits.models import AwardRun
    from gaoxin.cultivation.models import Campaign, CampaignRequest, Scenario
    from gaoxin.financing.models import Bank, FinancingNeed, LoanProduct
    from gaoxin.innovation.models import Achievement, Carrier, Prospect
    from gaoxin.registry.models import ImportBatch
    from gaoxin.tracking.models import Department, Need, Visit

    staff, a = world["users"]["staff"], world["a"]
    bank = Bank.objects.create(name="青江银行")
    product = LoanProduct.objects.create(bank=bank, name="科创贷", kind="tech", max_amount=Decimal(1000))
    department = Department.objects.get_or_create(name="区科技局")[0]
    today = dt.date.today()
    campaign = Campaign.objects.create(name="摸底", policy="high_tech", year=today.year, deadline=today,
                                       group="企业：甲")
    return world | {
        "campaign": campaign,
        "campaign_request_a": CampaignRequest.objects.create(campaign=campaign, enterprise=a, asked=[
            {"field": "rd_expense", "year": today.year - 1, "label": "研发费用总额", "clauses": ["研发费用占比"]}]),
        "product": product,
        "financing_need_a": FinancingNeed.objects.create(enterprise=a, amount=Decimal(100), purpose="周转"),
        "achievement_a": Achievement.objects.create(title="甲成果", kind="development", owner_kind="enterprise",
                                                    owner=a.name, enterprise=a, created_by=staff),
        "carrier": Carrier.objects.create(name="青江创业园"),
        "prospect": Prospect.objects.create(name="深蓝半导体"),
        "need_a": Need.objects.create(enterprise=a, category="policy", description="政策咨询", department=department,
                                      due_on=today),
        "visit_a": Visit.objects.create(enterprise=a, department=department, planned_on=today, visitors="王"),
        "scenario": Scenario.objects.create(name="科小门槛下调", policy="tech_sme", year=today.year),
        "award_run": AwardRun.objects.create(benefit="zone_high_tech_award", as_of=today,
                                             benefit_version="zone_high_tech_award@2026", fingerprint="0" * 16,
                                             inputs_sha256="0" * 64),
        "batch": ImportBatch.objects.create(file_name="坏.xlsx", sha256="0" * 64, status="rejected",
                                            errors=[{"row": 2, "column": "营业收入", "value": "x",
                                                     "reason": "应为数字"}]),
        "title_list": ImportBatch.objects.create(
            kind="title_list", file_name="名单.xlsx", sha256="0" * 64, status="pending",
            title_list={"title": "high_tech", "level": "national", "recognized_on": "2025-12-01", "entries": [
                {"row": 2, "name": a.name, "status": "matched", "how": "exact", "score": 100,
                 "enterprise": {"credit_code": a.credit_code, "name": a.name}}]}),
    }


def paths(w) -> dict[str, str]:
    return {
        "program": reverse("programs:program", args=[w["program"].pk]),
        "program_edit": reverse("programs:program_edit", args=[w["program"].pk]),
        "program_new": reverse("programs:program_new"),
        "product": reverse("financing:product", args=[w["product"].pk]),
        "product_edit": reverse("financing:product_edit", args=[w["product"].pk]),
        "financing_need_a": reverse("financing:need", args=[w["financing_need_a"].pk]),
        "achievement_a": reverse("innovation:achievement", args=[w["achievement_a"].pk]),
        "carrier": reverse("innovation:carrier", args=[w["carrier"].pk]),
        "prospect": reverse("innovation:prospect", args=[w["prospect"].pk]),
        "prospect_new": reverse("innovation:prospect_new"),
        "need_a": reverse("tracking:need", args=[w["need_a"].pk]),
        "visit_a": reverse("tracking:visit", args=[w["visit_a"].pk]),
        "project_edit": reverse("tracking:project_edit", args=[w["project_a"].pk]),
        "people_template": reverse("registry:people_template"),
        "list_import": reverse("registry:list_import"),
        "patents_import": reverse("registry:patents_import"),
        "business_import": reverse("registry:business_import"),
        "list_template": reverse("registry:list_template"),
        "project_import": reverse("tracking:project_import"),
        "patents_template": reverse("registry:patents_template"),
        "business_template": reverse("registry:business_template"),
        "project_template": reverse("tracking:project_template"),
        "carrier_history_import": reverse("innovation:carrier_history_import"),
        "carrier_history_template": reverse("innovation:carrier_history_template"),
        "list_review": reverse("registry:list_review", args=[w["title_list"].pk]),
        "scenario": reverse("cultivation:scenario", args=[w["scenario"].pk]),
        "discoveries": reverse("cultivation:discoveries"),
        "campaigns": reverse("cultivation:campaigns"),
        "campaign": reverse("cultivation:campaign", args=[w["campaign"].pk]),
        "campaign_answer": reverse("cultivation:campaign_answer", args=[w["campaign_request_a"].pk]),
        "job_status": reverse("jobs:status", args=[w["job"].pk]),
        "import_result": reverse("registry:import_result", args=[w["batch"].pk]),
        "import_report": reverse("registry:import_report", args=[w["batch"].pk]),
        "benefits": reverse("benefits:library"),
        "benefit": reverse("benefits:detail", args=["zone_rd_subsidy"]),
        "benefits_mine": reverse("benefits:mine"),
        "benefits_a": reverse("benefits:enterprise", args=[w["a"].credit_code]),
        "benefits_b": reverse("benefits:enterprise", args=[w["b"].credit_code]),
        "objections": reverse("benefits:objections"),
        "award_run": reverse("benefits:run", args=[w["award_run"].pk]),
    }


STAFF_ONLY = {"anonymous": 302, "user_a": 403, "user_b": 403, "liaison_a": 403, "reviewer": 403, "staff": 200,
              "admin": 200}
EXPECTED = {
    "program": {r: 302 if r == "anonymous" else 200 for r in ROLES},
    "program_edit": STAFF_ONLY, "program_new": STAFF_ONLY, "product_edit": STAFF_ONLY, "carrier": STAFF_ONLY,
    "prospect": STAFF_ONLY, "prospect_new": STAFF_ONLY, "project_edit": STAFF_ONLY, "people_template": STAFF_ONLY,
    "product": STAFF_ONLY | {"user_a": 200, "user_b": 200, "liaison_a": 200},
    "financing_need_a": STAFF_ONLY | {"user_a": 200, "user_b": 404, "liaison_a": 200},
    "achievement_a": STAFF_ONLY | {"user_a": 200, "user_b": 404},
    "need_a": STAFF_ONLY | {"user_a": 200, "user_b": 404, "liaison_a": 200, "reviewer": 404},
    "visit_a": STAFF_ONLY | {"liaison_a": 200},
    "scenario": STAFF_ONLY, "import_result": STAFF_ONLY, "import_report": STAFF_ONLY,
    "list_import": STAFF_ONLY, "list_template": STAFF_ONLY, "list_review": STAFF_ONLY, "patents_import": STAFF_ONLY,
    "business_import": STAFF_ONLY, "project_import": STAFF_ONLY, "project_template": STAFF_ONLY,
    "carrier_history_import": STAFF_ONLY, "carrier_history_template": STAFF_ONLY,
    "patents_template": STAFF_ONLY, "business_template": STAFF_ONLY,
    "job_status": STAFF_ONLY | {"user_a": 404, "user_b": 404, "liaison_a": 404, "reviewer": 404},
    "benefits": STAFF_ONLY | {"user_a": 200, "user_b": 200, "liaison_a": 200},
    "benefit": STAFF_ONLY | {"liaison_a": 200},
    "benefits_mine": {r: 302 if r == "anonymous" else 200 if r in ("user_a", "user_b") else 403 for r in ROLES},
    "benefits_a": STAFF_ONLY | {"liaison_a": 200},
    "benefits_b": STAFF_ONLY | {"liaison_a": 404},
    "objections": STAFF_ONLY | {"user_a": 200, "user_b": 200, "liaison_a": 200},
    "award_run": STAFF_ONLY,
    "discoveries": STAFF_ONLY | {"liaison_a": 200},
    "campaigns": STAFF_ONLY, "campaign": STAFF_ONLY,
    "campaign_answer": STAFF_ONLY | {"user_a": 200, "user_b": 404, "liaison_a": 404, "reviewer": 404},
}


@pytest.mark.parametrize("who", ROLES)
def test_detail_pages_as_every_role(client, more, who):
    if who != "anonymous":
        client.force_login(more["users"][who])
    got = {name: client.get(path).status_code for name, path in paths(more).items()}
    assert got == {name: EXPECTED[name][who] for name in got}


@pytest.mark.parametrize("who", ROLES)
def test_post_only_actions_as_every_role(client, more, who):
    """Actions with no page: refused with 403 to roles that may not take them; never served to a GET."""
    if who != "anonymous":
        client.force_login(more["users"][who])
    batch = client.post(reverse("cultivation:report_batch"), {"policy": "tech_sme", "year": dt.date.today().year})
    read = client.post(reverse("workflow:read_all"))
    if who == "anonymous":
        assert "/login/" in batch.url and "/login/" in read.url
    else:
        assert (batch.status_code == 403) is (who not in ("liaison_a", "staff", "admin"))
        assert read.status_code == 302 and read.url == reverse("workflow:inbox")
    assert client.get(reverse("workflow:read_all")).status_code == 405


# Named URLs not in a matrix above, each with where its access rule is tested.
ELSEWHERE = {
    "home": "public entry; redirects by role (accounts)",
    "login": "web/tests/test_security.py (throttling)",
    "logout": "POST only (Django)",
    "set_language": "POST only; web/tests/test_i18n.py",
    "api_tokens": "api/tests/test_api.py (one's own tokens only)",
    "api:api-root": "the API's root (ninja); api/tests/test_api.py",
    "api:openapi-json": "signed-in users and token holders; api/tests/test_api.py",
    "api:openapi-view": "signed-in users and token holders; api/tests/test_api.py",
    "cultivation:assign": "POST only; cultivation/tests/test_candidates.py (an outsider: 403)",
    "cultivation:recompute": "POST only, staff; cultivation/tests/test_stored.py (403)",
    "cultivation:plan_target": "POST only, staff; cultivation/tests/test_plan.py (403)",
    "cultivation:pool_enter": "POST only, staff; cultivation/tests/test_plan.py (403)",
    "cultivation:pool_exit": "POST only, staff (staff_required); cultivation/tests/test_plan.py",
    "cultivation:campaign_remind": "POST only, staff (staff_required); cultivation/tests/test_campaigns.py",
    "dashboard:peer_import": "POST only, staff; dashboard/tests/test_dashboard.py (403)",
    "jobs:detail": "registry/tests/test_permissions.py (job)",
    "jobs:download": "cultivation/tests/test_report.py (another user's job: 404)",
    "programs:agreement": "programs/tests/test_money.py (another enterprise's user, a reviewer: 404)",
    "programs:attachment": "programs/tests/test_applications.py (404 to others)",
    "programs:register": "POST only, enterprise users; programs/tests/test_competition.py",
    "programs:review": "programs/tests/test_review.py (only one's own assignments)",
    "programs:judging": "programs/tests/test_competition.py (another judge's: 404)",
    "innovation:review": "innovation/tests/test_evaluation.py (another expert's: 404)",
    "innovation:report": "innovation/tests/test_evaluation.py (another enterprise's user: 404)",
    "cultivation:report_batch": "test_post_only_actions_as_every_role above",
    "workflow:read_all": "test_post_only_actions_as_every_role above",
    "benefits:notify": "POST only, staff; benefits/tests/test_matching.py (403)",
    "benefits:object": "POST only, enterprise users; benefits/tests/test_matching.py",
    "benefits:answer": "POST only, staff; benefits/tests/test_matching.py (403)",
    "benefits:refresh": "POST only, staff (staff_required); benefits/tests/test_matching.py",
    "benefits:whatif": "POST only, staff (staff_required); benefits/tests/test_runs.py",
    "benefits:run_start": "POST only, staff; benefits/tests/test_runs.py (403 to an enterprise user)",
    "tracking:report": "POST only; tracking/tests/test_projects.py (another park's project: 404)",
    "tracking:escalate": "POST only, staff; tracking/tests/test_projects.py (a liaison: 403)",
    **{f"programs:{name}": "POST only; programs/tests/test_applications.py (another enterprise's user: 404)"
       for name in ("save_answers", "attach", "detach", "appeal", "appeal_answer", "performance")},
    **{f"programs:{name}": "POST only, staff; programs/tests/test_competition.py (a team's user: 403)"
       for name in ("add_entry", "import_entries", "award_prizes", "link_entry", "pay_prize", "record_precredit")},
    "programs:draw_reviewers": "POST only, staff (staff_required); programs/tests/test_review.py",
    "programs:allocate": "POST only, staff (staff_required); programs/tests/test_money.py",
    "cultivation:scenario_run": "POST only, staff (staff_required); cultivation/tests/test_whatif.py",
    "tracking:visit_record": "POST only; tracking/tests/test_visits.py (a visit one may not see: 404)",
    "tracking:visit_need": "POST only; tracking/tests/test_visits.py (a visit one may not see: 404)",
    "innovation:transfer": "POST only, staff; innovation/tests/test_evaluation.py (403 to a reader, 404 to others)",
    "innovation:request_evaluation": "POST only, staff; innovation/tests/test_evaluation.py (403 / 404)",
    "innovation:admit": "POST only, staff (staff_required); innovation/tests/test_incubation.py",
    "financing:refer": "POST only, staff; financing/tests/test_financing.py (403 to the enterprise's own user)",
    "workflow:move": "POST only; financing/tests/test_financing.py, registry/tests (404 unseen, 403 not one's move)",
}


def _names(patterns, namespace: str = "") -> set[str]:
    out = set()
    for p in patterns:
        if isinstance(p, URLResolver):
            out |= _names(p.url_patterns, f"{namespace}{p.namespace}:" if p.namespace else namespace)
        elif p.name:
            out.add(namespace + p.name)
    return out


def test_every_named_url_has_an_access_rule_under_test(more):
    covered = {resolve(path.split("?")[0]).view_name for path in [*registry_urls(more).values(),
                                                                  *paths(more).values()]}
    site = {n for n in _names(get_resolver().url_patterns) if not n.startswith("admin:")}
    api_operations = {n for n in site if n.startswith("api:")} - set(ELSEWHERE)  # api/tests/test_access.py
    missing = sorted(site - covered - set(ELSEWHERE) - api_operations)
    assert missing == [], f"pages with no access test: {missing}"
    assert not set(ELSEWHERE) - site, "ELSEWHERE names a URL that no longer exists"
