"""In headless Chromium: an enterprise user opens 政策计算器 from the menu and sees the benefits it qualifies for,
each with its amount and the reasons (condition, the figure and year it was read from, the article); it disputes
one and is told the objection was filed."""

import pytest
from django.db import connections

from gaoxin.benefits.tests.test_matching import Y, zone  # noqa: F401  (the shared fixture)
from gaoxin.programs.models import Objection

pytestmark = pytest.mark.browser


def test_an_enterprise_sees_its_matched_benefits_with_amounts_and_reasons(live_server, transactional_db,
                                                                          zone, browser):  # noqa: F811
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "user_a")
    page.fill("input[name=password]", "pw-for-tests-123")
    page.click("button[type=submit]")
    page.click("nav >> text=政策计算器")

    assert page.inner_text("#expected-total") == "25.00"
    card = page.locator("#benefit-zone_rd_subsidy")
    assert "企业研发投入增量补助" in card.inner_text() and "20.00 万元" in card.inner_text()
    reason = card.locator("tr", has_text="上年度研发费用不低于 100 万元").inner_text()
    assert "满足" in reason and f"研发费用总额（{Y - 1} 年度）：600" in reason
    assert "青高管发〔2026〕3号 第四条" in reason

    card.locator("summary", has_text="对匹配结果有异议").click()
    card.locator("textarea[name=text]").fill("上年度研发费用应为 650 万元")
    card.locator("button", has_text="提交异议").click()
    assert "异议已提交" in page.inner_text(".messages")
    assert Objection.objects.get().text == "上年度研发费用应为 650 万元"
    connections.close_all()  # opened under Playwright's loop: close it, or PostgreSQL cannot drop the test database
