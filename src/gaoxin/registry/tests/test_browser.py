"""In headless Chromium: zone staff import a small Excel file, find an enterprise and see its chart drawn."""

import pytest

from gaoxin.conftest import code_for, xlsx_bytes

pytestmark = pytest.mark.browser


@pytest.fixture
def wangxiao(transactional_db, make_user, parks):
    return make_user("wangxiao", "zone_staff")


@pytest.fixture
def job_worker(transactional_db):
    """The background worker `gaoxin serve` runs beside the site, as a thread for the test; its connection is
    closed when it stops, so the test database can be dropped."""
    import threading

    from django.db import connections

    from gaoxin.jobs.services import run_next

    stop = threading.Event()

    def work() -> None:
        try:
            while not stop.is_set():
                if run_next() is None:
                    stop.wait(0.2)
        finally:
            connections.close_all()

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    yield
    stop.set()
    thread.join(timeout=30)


# Database set-up happens in fixtures listed before `browser`: code running under Playwright's sync API has its own
# context, and a connection Django opened there would outlive the test database on PostgreSQL.
def test_staff_imports_excel_finds_enterprise_and_sees_its_chart(live_server, wangxiao, job_worker, tmp_path,
                                                                  browser):
    upload = tmp_path / "青江企业年度数据.xlsx"
    upload.write_bytes(xlsx_bytes(
        ["统一社会信用代码", "企业名称", "所属园区/街道", "年度", "职工总数", "营业收入（万元）",
         "研发费用总额（万元）"],
        [[code_for(11), "青江星云软件有限公司", "青江科技城", 2024, 40, 1800, 150],
         [code_for(11), "青江星云软件有限公司", "青江科技城", 2025, 48, 2300, 210],
         [code_for(12), "青江瀚海生物医药有限公司", "临江街道", 2025, 90, 5200, 480]]))
    page = browser.new_page(viewport={"width": 1300, "height": 900})

    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "wangxiao")
    page.fill("input[name=password]", "pw-for-tests-123")
    page.click("button[type=submit]")
    page.wait_for_url("**/enterprises/")

    page.click("text=数据导入")
    page.set_input_files("input[type=file]", str(upload))
    page.click("button:has-text('导入')")
    outcome = page.locator("#import-outcome[data-status=imported]")  # the page refreshes until the job is done
    outcome.wait_for(timeout=30_000)
    assert "新增企业 2 家" in outcome.inner_text()

    page.click("text=企业库")
    page.fill("input[name=q]", "xyrj")  # pinyin initials of 星云软件
    page.click("form.filters button[type=submit]")
    rows = page.locator("table.data tbody tr")
    assert rows.count() == 1 and "青江星云软件有限公司" in rows.first.inner_text()

    rows.first.locator("a").click()
    page.wait_for_selector("#figures-chart[data-rendered=true]", timeout=10_000)
    assert page.locator("h1").inner_text() == "青江星云软件有限公司"
    canvas_painted = page.evaluate("""() => {
        const c = document.querySelector('#figures-chart canvas');
        const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let painted = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
        return painted;
    }""")
    assert canvas_painted > 1000
    page.screenshot(path=str(tmp_path / "enterprise.png"))
    # the ladder: one row per policy; a policy's clauses open from its row
    ladder = page.locator("#ladder tbody tr")
    assert ladder.count() >= 10 and "科技型中小企业" in ladder.first.inner_text()
    details = page.locator("#evaluation-high_tech")
    assert details.get_attribute("open") is None
    ladder.filter(has_text="高新技术企业认定").locator("a").click()
    details.locator("summary").click()
    assert details.get_attribute("open") is not None
    assert details.locator("tr.clause-unknown, tr.clause-fail").first.is_visible()
