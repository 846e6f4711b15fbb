"""In headless Chromium: an expert opens the achievement assigned to them, claims TRL 6, finds they must tick its
evidence, does, scores and submits; staff conclude and the achievement shows TRL 6 with its report."""

import pytest
from django.db import connections
from django.http import QueryDict

from gaoxin.innovation import services
from gaoxin.programs.models import Reviewer

pytestmark = pytest.mark.browser


@pytest.fixture
def assigned(transactional_db, make_user):
    staff = make_user("staff", "zone_staff")
    expert = make_user("expert", "reviewer")
    Reviewer.objects.create(user=expert, name="周研究员", affiliation="青江研究院")
    data = QueryDict(mutable=True)
    data.update({"title": "柔性触觉传感器", "kind": "development", "owner": "青江大学", "owner_kind": "university"})
    achievement = services.register(data, staff)
    evaluation = services.draw(services.request(achievement, staff, 1), staff, seed=5)
    return {"staff": staff, "evaluation": evaluation, "achievement": achievement}


def test_an_expert_assesses_trl_with_its_evidence(live_server, assigned, browser):
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "expert")
    page.fill("input[name=password]", "pw-for-tests-123")
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/programs/reviews/")
    page.click("#achievement-reviews >> text=柔性触觉传感器")

    page.check('#trl-scale tr[data-level="6"] input[name=trl]')
    page.check('#trl-scale input[name=evidence][value="演示样机"]')
    for name in ("technical", "economic", "innovation", "advancement", "maturity", "prospects"):
        page.fill(f"input[name='score:{name}']", "80")
    page.fill("textarea[name=comment]", "样机已完成演示")
    page.click("#submit-assessment")
    assert "须核实的证据未勾选：第三方测试报告" in page.inner_text(".messages")
    assert page.get_attribute("#assessment", "data-submitted") == "no"

    page.check('#trl-scale tr[data-level="6"] input[name=trl]')
    for evidence in ("演示样机", "第三方测试报告"):
        page.check(f'#trl-scale input[name=evidence][value="{evidence}"]')
    for name in ("technical", "economic", "innovation", "advancement", "maturity", "prospects"):
        page.fill(f"input[name='score:{name}']", "80")
    page.fill("textarea[name=comment]", "样机已通过第三方测试")
    page.click("#submit-assessment")
    assert page.get_attribute("#assessment", "data-submitted") == "yes"
    assert "TRL 6" in page.inner_text("#assessment")

    services.conclude(assigned["evaluation"], assigned["staff"])
    connections.close_all()  # opened under Playwright's loop: close it, or PostgreSQL cannot drop the test database
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "staff")
    page.fill("input[name=password]", "pw-for-tests-123")
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/innovation/achievements/{assigned['achievement'].pk}/")
    assert page.inner_text("#conclusion-trl") == "6"
    assert page.inner_text("#conclusion-level") == "国际先进"  # 80 on every dimension
    assert page.get_attribute("#report-pdf", "href").endswith(".pdf")
