"""In headless Chromium: an enterprise answers a 调查排摸 from its page, staff accept the filing it became, and the
enterprise page names the filing as the source of the figures."""

import datetime as dt
from decimal import Decimal

import pytest

from gaoxin.cultivation.campaigns import launch
from gaoxin.cultivation.models import Evaluation
from gaoxin.cultivation.services import evaluate_enterprises
from gaoxin.cultivation.tests.test_campaigns import _plausible
from gaoxin.registry.models import AnnualFigures

pytestmark = pytest.mark.browser
Y = dt.date.today().year


@pytest.fixture
def asked(transactional_db, make_enterprise, make_user):
    enterprise = make_enterprise("青江星云智能科技有限公司", founded_on=dt.date(2015, 3, 1))
    AnnualFigures.objects.create(enterprise=enterprise, year=Y - 1, employees=60, revenue=Decimal(3000))
    evaluate_enterprises(Y, [enterprise.pk])
    staff = make_user("wangxiao", "zone_staff")
    make_user("filer", "enterprise_user", enterprise=enterprise)
    campaign, _ = launch(staff, name="高企培育摸底", policy="high_tech", year=Y,
                         rows=Evaluation.objects.filter(enterprise=enterprise, policy="high_tech"),
                         deadline=dt.date.today() + dt.timedelta(days=7), message="请财务人员填写", group="企业：星云")
    request = campaign.requests.get()
    names = [f"{a['field']}__{a['year'] if a['year'] is not None else 'e'}" for a in request.asked]
    return {"code": enterprise.credit_code, "answers": {n: _plausible(n) for n in names},
            "years": sorted({a["year"] for a in request.asked if a["year"] is not None})}


def sign_in(page, url: str, username: str) -> None:
    page.goto(f"{url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "pw-for-tests-123")
    page.click("button[type=submit]")
    page.wait_for_load_state()


def test_an_enterprise_answers_and_staff_accept(live_server, asked, browser):
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    sign_in(page, live_server.url, "filer")
    page.goto(f"{live_server.url}/enterprises/{asked['code']}/")
    page.click("#campaign-requests a")
    assert "请财务人员填写" in page.content()
    for name, value in asked["answers"].items():
        field = page.locator(f"[name='{name}']")
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    page.click("#answer-form button[type=submit]")
    page.wait_for_selector("#answered")
    assert "已提交" in page.content() and "待审核" in page.inner_text("#answered")

    page.context.clear_cookies()
    sign_in(page, live_server.url, "wangxiao")
    page.goto(f"{live_server.url}/enterprises/filings/")
    for _ in asked["years"]:
        page.locator("table a").first.click()
        page.click("button[data-move=accept], [data-move=accept] button, button:has-text('通过')")
        page.wait_for_load_state()
        page.goto(f"{live_server.url}/enterprises/filings/")
    page.goto(f"{live_server.url}/enterprises/{asked['code']}/")
    sources = page.inner_text("#lineage")
    assert "企业填报 #" in sources
