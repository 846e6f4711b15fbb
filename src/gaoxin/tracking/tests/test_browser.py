"""In headless Chromium: a park liaison sees a red project on the dashboard, files the progress reports it owes,
and the dashboard shows it green."""

import datetime as dt
from decimal import Decimal

import pytest

from gaoxin.tracking.models import MajorProject, ProjectCategory

pytestmark = pytest.mark.browser


@pytest.fixture
def liaison(transactional_db, parks, make_user):
    today = dt.date.today()
    start = (today.replace(day=1) - dt.timedelta(days=80)).replace(day=1)  # three periods back
    science = ProjectCategory.objects.get_or_create(name="科技类", defaults={"science": True})[0]
    MajorProject.objects.create(name="青江智能装备产业园", year=today.year, category=science,
                                park=parks[0], investment=Decimal(120000), tracked_from=start)
    return make_user("liaison", "park_liaison", park=parks[0])


def lights(page) -> dict[str, str]:
    return {c: page.inner_text(f"#project-lights [data-colour={c}]") for c in ("red", "yellow", "green")}


def test_a_liaison_reports_and_the_dashboard_turns_green(live_server, liaison, browser):
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "liaison")
    page.fill("input[name=password]", "pw-for-tests-123")
    page.click("button[type=submit]")

    page.click("nav >> text=驾驶舱")
    assert lights(page) == {"red": "1", "yellow": "0", "green": "0"}
    page.click("#project-lights a:has([data-colour=red])")
    page.click("#projects >> text=青江智能装备产业园")
    for _ in range(4):  # one report per period owed, the form proposing the earliest missing one each time
        if page.get_attribute("#project-colour", "data-colour") == "green":
            break
        page.fill("input[name=progress]", "15")
        page.fill("textarea[name=problems]", "施工许可待办")
        page.click("#file-report")
        page.wait_for_selector(".messages")
    assert page.get_attribute("#project-colour", "data-colour") == "green"
    assert page.locator("#reports tbody tr").count() >= 2

    page.click("nav >> text=驾驶舱")
    assert lights(page) == {"red": "0", "yellow": "0", "green": "1"}
