"""In headless Chromium: a leader opens the dashboard, clicks a chart, drills down to a list, goes on to the
潜力企业 of that title, opens an enterprise and downloads its 一企一策."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from gaoxin.cultivation.services import evaluate_enterprises
from gaoxin.registry.models import AnnualFigures

pytestmark = pytest.mark.browser
YEAR = dt.date.today().year


@pytest.fixture
def zone(transactional_db, make_user, make_enterprise):
    for n, rd in enumerate((200, 63, 30)):  # 科小: qualified, near miss, further off
        enterprise = make_enterprise(f"青江候选{n}科技有限公司", founded_on=dt.date(YEAR - 2, 1, 1), resident=True,
                                     restricted_industry=False, credit_blacklisted=False, industry_code="I6513")
        for back in (2, 1):
            AnnualFigures.objects.create(
                enterprise=enterprise, year=YEAR - back, employees=50, tech_staff=20, revenue=Decimal(3000),
                total_assets=Decimal(2000), total_cost=Decimal(2800), rd_expense=Decimal(rd), ip_class1=0,
                ip_class2=2, major_incident=False, led_standard=False, rd_institution_level="none")
    evaluate_enterprises(YEAR)
    return make_user("leader", "zone_admin")


def test_dashboard_to_list_to_candidates_to_enterprise_to_its_plan(live_server, zone, tmp_path, browser):
    page = browser.new_page(viewport={"width": 1300, "height": 900}, accept_downloads=True)
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "leader")
    page.fill("input[name=password]", "pw-for-tests-123")
    page.click("button[type=submit]")

    page.click("nav >> text=驾驶舱")
    page.wait_for_selector("#chart-funnel[data-rendered=true]", timeout=10_000)
    # a click on the funnel's top layer (企业总数) opens the list of all enterprises
    box = page.locator("#chart-funnel").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + 68)
    page.wait_for_url("**/dashboard/enterprises/**")
    assert "3 家" in page.locator("#drill-heading").inner_text()
    page.go_back()

    # the 科小 row of the funnel table: qualified but not held → the one enterprise that could apply now
    page.locator('#funnel tr[data-title="tech_sme"] td:nth-child(3) a').click()
    assert "已符合条件但未持有 · 科技型中小企业" in page.locator("#drill-heading").inner_text()
    assert page.locator("#drill tbody tr").count() == 1

    page.click("#to-candidates")
    page.wait_for_url("**/cultivation/candidates/**")
    rows = page.locator("#candidates tbody tr")
    assert rows.count() == 3 and "青江候选0科技有限公司" in rows.first.inner_text()  # qualified first
    assert "青江候选1科技有限公司" in rows.nth(1).inner_text()  # then the nearest miss
    rows.nth(1).locator("a").first.click()
    page.wait_for_selector("#ladder")
    assert page.locator("h1").inner_text() == "青江候选1科技有限公司"

    with page.expect_download() as download:
        page.click("#plan-pdf")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name.startswith("一企一策_") and saved.suffix == ".pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(saved.read_bytes())).pages)
    assert "青江候选1科技有限公司" in text and "三年培育路径" in text
