"""Who may open which registry URL. Enterprise data of A is never readable or writable by B's users."""

import pytest
from django.urls import reverse

from gaoxin.registry.models import AnnualFigures, FiguresFiling


@pytest.fixture
def world(parks, make_enterprise, make_user):
    a = make_enterprise("甲企业有限公司", park=parks[0])
    b = make_enterprise("乙企业有限公司", park=parks[1])
    AnnualFigures.objects.create(enterprise=a, year=2025, revenue=100)
    AnnualFigures.objects.create(enterprise=b, year=2025, revenue=200)
    filing_b = FiguresFiling.objects.create(enterprise=b, year=2025, status="submitted", revenue=210)
    users = {
        "staff": make_user("staff", "zone_staff"),
        "admin": make_user("admin", "zone_admin"),
        "user_a": make_user("user_a", "enterprise_user", enterprise=a),
        "user_b": make_user("user_b", "enterprise_user", enterprise=b),
        "liaison_a": make_user("liaison_a", "park_liaison", park=parks[0]),
        "reviewer": make_user("reviewer", "reviewer"),
    }
    from gaoxin.jobs.services import enqueue

    job = enqueue("evaluate", {"year": 2026}, users["staff"])
    import datetime as dt

    from gaoxin.programs.models import Application, Entry, Program

    today = dt.date.today()
    program = Program.objects.create(name="孵化种子资金", kind="seed_fund", year=today.year, budget=61,
                                     opens_on=today, closes_on=today)
    application = Application.objects.create(program=program, enterprise=a, project_title="甲项目")
    contest = Program.objects.create(name="创新创业大赛", kind="competition", year=today.year, budget=50,
                                     opens_on=today, closes_on=today)
    entry = Entry.objects.create(program=contest, team="甲企业有限公司", project="甲参赛项目", leader="张三",
                                 enterprise=a, registered_by=users["user_a"])
    from gaoxin.tracking.models import MajorProject, ProjectCategory

    category = ProjectCategory.objects.get_or_create(name="科技类", defaults={"science": True})[0]
    project_a = MajorProject.objects.create(name="甲项目", year=today.year, category=category, park=a.park,
                                            enterprise=a, investment=10000, tracked_from=today.replace(day=1))
    project_b = MajorProject.objects.create(name="乙项目", year=today.year, category=category, park=b.park,
                                            enterprise=b, investment=10000, tracked_from=today.replace(day=1))
    return {"a": a, "b": b, "filing_b": filing_b, "users": users, "job": job, "program": program,
            "application": application, "contest": contest, "entry": entry, "project_a": project_a,
            "project_b": project_b}


def urls(w):
    a, b = w["a"].credit_code, w["b"].credit_code
    return {
        "list": reverse("registry:enterprise_list"),
        "detail_a": reverse("portal:enterprise", args=[a]),
        "detail_b": reverse("portal:enterprise", args=[b]),
        "filing_a": reverse("registry:filing_edit", args=[a, 2025]),
        "filing_b": reverse("registry:filing_edit", args=[b, 2025]),
        "import": reverse("registry:import_upload"),
        "template": reverse("registry:import_template"),
        "queue": reverse("registry:filing_queue"),
        "review_b": reverse("registry:filing_review", args=[w["filing_b"].pk]),
        "figures_b": reverse("registry:figures_edit", args=[b, 2025]),
        "grant_b": reverse("registry:grant_add", args=[b, "title"]),
        "api_a": reverse("api:ladder", args=[a]) + "?year=2026",
        "api_b": reverse("api:ladder", args=[b]) + "?year=2026",
        "api_list": reverse("api:evaluations") + "?year=2026",
        "job": reverse("jobs:detail", args=[w["job"].pk]),
        "candidates": reverse("cultivation:candidates"),
        "alerts": reverse("cultivation:alerts"),
        "plan": reverse("cultivation:plan"),
        "dashboard": reverse("dashboard:index"),
        "drill": reverse("dashboard:drill") + "?kind=all",
        "report_a": reverse("cultivation:report", args=[a, "pdf"]),
        "programs": reverse("programs:list"),
        "application_a": reverse("programs:application", args=[w["application"].pk]),
        "check_queue": reverse("programs:queue"),
        "reviews": reverse("portal:reviews"),
        "program_review": reverse("programs:program_review", args=[w["program"].pk]),
        "whatif": reverse("cultivation:scenarios"),
        "inbox": reverse("workflow:inbox"),
        "competition": reverse("programs:competition", args=[w["contest"].pk]),
        "entry_a": reverse("programs:entry", args=[w["entry"].pk]),
        "people_import": reverse("registry:people_import"),
        "projects": reverse("tracking:projects"),
        "project_a": reverse("tracking:project", args=[w["project_a"].pk]),
        "project_b": reverse("tracking:project", args=[w["project_b"].pk]),
        "project_new": reverse("tracking:project_new"),
        "escalations": reverse("tracking:escalations"),
        "visits": reverse("tracking:visits"),
        "visit_new": reverse("tracking:visit_new"),
        "needs": reverse("tracking:needs"),
        "financing": reverse("financing:index"),
        "financing_needs": reverse("financing:needs"),
        "financing_totals": reverse("financing:totals"),
        "product_new": reverse("financing:product_new"),
        "achievements": reverse("innovation:achievements"),
        "achievement_new": reverse("innovation:achievement_new"),
        "prospects": reverse("innovation:prospects"),
        "carriers": reverse("innovation:carriers"),
    }


# expected status per (user, url); 302 for anonymous means "sent to the login page"
EXPECTED = {
    "anonymous": dict(list=302, detail_a=302, detail_b=302, filing_a=302, filing_b=302, import_=302,
                      template=302, queue=302, review_b=302, figures_b=302, grant_b=302,
                      api_a=401, api_b=401, api_list=401, job=302, candidates=302, alerts=302, plan=302,
                    dashboard=302, drill=302, report_a=302,
                    programs=302, application_a=302, check_queue=302, reviews=302,
                    program_review=302, whatif=302, inbox=302,
                    competition=302, entry_a=302, people_import=302,
                    projects=302, project_a=302, project_b=302, project_new=302, escalations=302,
                    visits=302, visit_new=302, needs=302,
                    financing=302, financing_needs=302, financing_totals=302, product_new=302,
                    achievements=302, achievement_new=302, prospects=302, carriers=302),
    "user_a": dict(list=200, detail_a=200, detail_b=404, filing_a=200, filing_b=404, import_=403, template=403,
                   queue=403, review_b=403, figures_b=403, grant_b=403,
                   api_a=200, api_b=404, api_list=200, job=404, candidates=403, alerts=403, plan=403,
                    dashboard=403, drill=403, report_a=200,
                    programs=200, application_a=200, check_queue=403, reviews=403,
                    program_review=403, whatif=403, inbox=200,
                    competition=403, entry_a=200, people_import=403,
                    projects=200, project_a=200, project_b=404, project_new=403, escalations=403,
                    visits=403, visit_new=403, needs=200,
                    financing=200, financing_needs=200, financing_totals=403, product_new=403,
                    achievements=200, achievement_new=403, prospects=403, carriers=403),
    "user_b": dict(list=200, detail_a=404, detail_b=200, filing_a=404, filing_b=200, import_=403, template=403,
                   queue=403, review_b=403, figures_b=403, grant_b=403,
                   api_a=404, api_b=200, api_list=200, job=404, candidates=403, alerts=403, plan=403,
                    dashboard=403, drill=403, report_a=404,
                    programs=200, application_a=404, check_queue=403, reviews=403,
                    program_review=403, whatif=403, inbox=200,
                    competition=403, entry_a=404, people_import=403,
                    projects=200, project_a=404, project_b=200, project_new=403, escalations=403,
                    visits=403, visit_new=403, needs=200,
                    financing=200, financing_needs=200, financing_totals=403, product_new=403,
                    achievements=200, achievement_new=403, prospects=403, carriers=403),
    "liaison_a": dict(list=200, detail_a=200, detail_b=404, filing_a=403, filing_b=404, import_=403,
                      template=403, queue=403, review_b=403, figures_b=403, grant_b=403,
                      api_a=200, api_b=404, api_list=200, job=404, candidates=200, alerts=200, plan=200,
                    dashboard=200, drill=200, report_a=200,
                    programs=200, application_a=404, check_queue=403, reviews=403,
                    program_review=403, whatif=403, inbox=200,
                    competition=403, entry_a=404, people_import=403,
                    projects=200, project_a=200, project_b=404, project_new=403, escalations=200,
                    visits=200, visit_new=200, needs=200,
                    financing=200, financing_needs=200, financing_totals=403, product_new=403,
                    achievements=403, achievement_new=403, prospects=403, carriers=403),
    "reviewer": dict(list=200, detail_a=404, detail_b=404, filing_a=404, filing_b=404, import_=403, template=403,
                     queue=403, review_b=403, figures_b=403, grant_b=403,
                     api_a=404, api_b=404, api_list=200, job=404, candidates=403, alerts=403, plan=403,
                    dashboard=403, drill=403, report_a=404,
                    programs=200, application_a=404, check_queue=403, reviews=200,
                    program_review=403, whatif=403, inbox=200,
                    competition=403, entry_a=404, people_import=403,
                    projects=403, project_a=403, project_b=403, project_new=403, escalations=403,
                    visits=403, visit_new=403, needs=403,
                    financing=403, financing_needs=403, financing_totals=403, product_new=403,
                    achievements=403, achievement_new=403, prospects=403, carriers=403),
    "staff": dict(list=200, detail_a=200, detail_b=200, filing_a=403, filing_b=403, import_=200, template=200,
                  queue=200, review_b=200, figures_b=200, grant_b=200,
                  api_a=200, api_b=200, api_list=200, job=200, candidates=200, alerts=200, plan=200,
                    dashboard=200, drill=200, report_a=200,
                    programs=200, application_a=200, check_queue=200, reviews=403,
                    program_review=200, whatif=200, inbox=200,
                    competition=200, entry_a=200, people_import=200,
                    projects=200, project_a=200, project_b=200, project_new=200, escalations=200,
                    visits=200, visit_new=200, needs=200,
                    financing=200, financing_needs=200, financing_totals=200, product_new=200,
                    achievements=200, achievement_new=200, prospects=200, carriers=200),
    "admin": dict(list=200, detail_a=200, detail_b=200, filing_a=403, filing_b=403, import_=200, template=200,
                  queue=200, review_b=200, figures_b=200, grant_b=200,
                  api_a=200, api_b=200, api_list=200, job=200, candidates=200, alerts=200, plan=200,
                    dashboard=200, drill=200, report_a=200,
                    programs=200, application_a=200, check_queue=200, reviews=403,
                    program_review=200, whatif=200, inbox=200,
                    competition=200, entry_a=200, people_import=200,
                    projects=200, project_a=200, project_b=200, project_new=200, escalations=200,
                    visits=200, visit_new=200, needs=200,
                    financing=200, financing_needs=200, financing_totals=200, product_new=200,
                    achievements=200, achievement_new=200, prospects=200, carriers=200),
}


@pytest.mark.parametrize("who", list(EXPECTED))
def test_every_registry_url_as_every_role(client, world, who):
    if who != "anonymous":
        client.force_login(world["users"][who])
    paths = urls(world)
    got = {name: client.get(paths[name.rstrip("_")]).status_code for name in EXPECTED[who]}
    assert got == EXPECTED[who]


def test_enterprise_list_shows_only_what_the_user_may_see(client, world):
    client.force_login(world["users"]["user_a"])
    page = client.get(reverse("registry:enterprise_list")).content.decode()
    assert "甲企业有限公司" in page and "乙企业有限公司" not in page


def test_export_of_an_enterprise_user_contains_only_its_own_row(client, world):
    from io import BytesIO

    from openpyxl import load_workbook

    client.force_login(world["users"]["user_a"])
    response = client.get(reverse("registry:enterprise_list") + "?export=xlsx")
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [r[1] for r in rows[1:]] == ["甲企业有限公司"]


@pytest.mark.parametrize(("who", "shown"), [("liaison_a", "（不公开）"), ("staff", 100), ("user_a", 100)])
def test_money_figures_are_masked_in_exports_for_park_liaisons(client, world, who, shown):
    """Enterprise finances are business secrets: staff and the enterprise itself see them, a park liaison not."""
    from io import BytesIO

    from openpyxl import load_workbook

    client.force_login(world["users"][who])
    response = client.get(reverse("registry:enterprise_list") + "?export=xlsx&year=2025")
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    revenue = rows[0].index(next(h for h in rows[0] if h and h.startswith("营业收入")))
    row = next(r for r in rows[1:] if r[1] == "甲企业有限公司")
    assert row[revenue] == shown


def test_enterprise_user_cannot_post_figures_for_another_enterprise(client, world):
    client.force_login(world["users"]["user_a"])
    response = client.post(reverse("registry:filing_edit", args=[world["b"].credit_code, 2025]),
                           {"revenue": "1", "submit": "1"})
    assert response.status_code == 404
    world["filing_b"].refresh_from_db()
    assert world["filing_b"].revenue == 210 and world["filing_b"].status == "submitted"


def test_enterprise_user_cannot_decide_its_own_filing(client, world):
    client.force_login(world["users"]["user_b"])
    response = client.post(reverse("workflow:move", args=["filing", world["filing_b"].pk, "accept"]))
    assert response.status_code == 403
    world["filing_b"].refresh_from_db()
    assert world["filing_b"].status == "submitted"
