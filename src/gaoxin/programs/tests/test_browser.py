"""In headless Chromium: an enterprise applies to the seed fund, staff accept it, two reviewers score it, staff
decide and record the first tranche, and the applicant sees each status on its page."""

import datetime as dt
from decimal import Decimal

import pytest

from gaoxin.programs.models import Program, Reviewer
from gaoxin.programs.tests.test_applications import pdf_bytes
from gaoxin.registry.models import TitleHeld

pytestmark = pytest.mark.browser
TODAY = dt.date.today()
PASSWORD = "pw-for-tests-123"


@pytest.fixture
def world(transactional_db, make_enterprise, make_user):
    enterprise = make_enterprise("青江种子科技有限公司", founded_on=TODAY - dt.timedelta(days=700))
    TitleHeld.objects.create(enterprise=enterprise, title="tech_sme", recognized_on=TODAY - dt.timedelta(days=30),
                             valid_until=dt.date(TODAY.year, 12, 31))
    Program.objects.create(
        name="孵化种子资金", kind="seed_fund", year=TODAY.year, budget=Decimal(61), award_cap=Decimal(20),
        opens_on=TODAY - dt.timedelta(days=3), closes_on=TODAY + dt.timedelta(days=20), reviewers_per_application=2,
        public_notice_days=0, eligibility={"titles": ["tech_sme"]},
        tranche_plan=[{"share": 0.5, "milestone": "签订协议", "on_signing": True},
                      {"share": 0.5, "milestone": "结项验收"}],
        form_fields=[{"code": "summary", "label": "项目简介", "kind": "textarea", "required": True}],
        attachments=[{"code": "plan", "label": "商业计划书", "types": ["pdf"], "required": True}],
        rubric=[{"code": "tech", "label": "技术创新性", "weight": 60, "max": 10},
                {"code": "market", "label": "市场前景", "weight": 40, "max": 10}])
    make_user("qiye", "enterprise_user", enterprise=enterprise)
    make_user("keji", "zone_staff")
    for n in (1, 2):
        Reviewer.objects.create(user=make_user(f"zhuanjia{n}", "reviewer"), name=f"专家{n}", affiliation=f"大学{n}")


def test_apply_accept_review_decide_pay_and_the_applicant_sees_each_status(live_server, world, tmp_path, browser):
    plan = tmp_path / "商业计划书.pdf"
    plan.write_bytes(pdf_bytes())
    page = browser.new_page(viewport={"width": 1300, "height": 900})

    def login(name):
        page.context.clear_cookies()
        page.goto(f"{live_server.url}/login/")
        page.fill("input[name=username]", name)
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")

    def status() -> str:
        return page.locator("#status").get_attribute("data-status")

    login("qiye")
    page.goto(f"{live_server.url}/programs/")
    page.click("text=孵化种子资金")
    assert page.locator("#precheck-table").get_attribute("data-verdict") == "pass"
    page.fill("input[name=project_title]", "智能传感器中试")
    page.click("#start button")
    page.fill("input[name=requested]", "18")
    page.fill("textarea[name='field:summary']", "面向工业现场的低功耗传感器。")
    page.click("#save")
    page.set_input_files("#attachments input[type=file]", str(plan))
    page.click("#attachments button:has-text('上传')")
    page.click("#do-submit")
    assert status() == "submitted" and "正在核对材料" in page.locator("#plain").inner_text()
    application_url = page.url

    login("keji")
    page.goto(f"{live_server.url}/programs/queue/")
    page.click("#queue a")
    page.click("#do-accept")
    assert status() == "accepted"
    page.click("text=孵化种子资金")
    page.click("#to-review")
    page.fill("#draw input[name=seed]", "20251125")
    page.click("#draw button")
    assert "随机种子 20251125" in page.content()

    for reviewer, (tech, market) in (("zhuanjia1", ("8", "7")), ("zhuanjia2", ("9", "6"))):
        login(reviewer)
        page.goto(f"{live_server.url}/programs/reviews/")
        page.click("#reviews a")
        page.fill("input[name=tech]", tech)
        page.fill("input[name=market]", market)
        page.fill("textarea[name=comment]", "技术路线清楚，市场需求明确。")
        page.click("#submit-scores")
        assert page.locator("#scoring").get_attribute("data-submitted") == "yes"

    login("qiye")
    page.goto(application_url)
    assert status() == "under_review" and "专家正在评审" in page.locator("#plain").inner_text()

    login("keji")
    page.goto(application_url)
    page.click("text=孵化种子资金")
    page.click("#to-review")
    page.click("#allocate button")
    assert "拟支持 1 项" in page.content()
    page.goto(application_url)
    page.click("#award-confirm")
    page.click("#award-sign")
    page.fill("#tranches input[name=pay-reference]", "BK-2025-001")
    page.click("#tranche-1-pay")
    assert page.locator("#tranches tbody tr").first.get_attribute("data-status") == "paid"

    login("qiye")
    page.goto(application_url)
    assert status() == "awarded" and "已获支持" in page.locator("#plain").inner_text()
    assert page.locator("#award").get_attribute("data-status") == "signed"
    first, second = page.locator("#tranches tbody tr").all()
    assert "已拨付" in first.inner_text() and "BK-2025-001" in first.inner_text()
    assert "待完成里程碑" in second.inner_text()
    history = page.locator("#history").inner_text()
    for words in ("已提交，待形式审查", "已受理，待评审", "专家评审中", "评审完成，待决定", "已获支持"):
        assert words in history
