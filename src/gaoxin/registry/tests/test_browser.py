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


@pytest.fixture
def listed(transactional_db, parks):
    from gaoxin.registry.models import Enterprise

    Enterprise.objects.create(credit_code=code_for(21), name="青江星云智能科技有限公司", park=parks[0])
    Enterprise.objects.create(credit_code=code_for(22), name="成都东方测控有限公司", park=parks[0])
    Enterprise.objects.create(credit_code=code_for(23), name="重庆东方测控有限公司", park=parks[0])


def test_staff_paste_a_list_from_a_pdf_confirm_and_record_it(live_server, wangxiao, listed, browser):
    """“42 家企业入选省级专精特新”: the list pasted as the PDF gives it, matched, one question answered, recorded.
    The database is only touched in fixtures (see above)."""
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "wangxiao")
    page.fill("input[name=password]", "pw-for-tests-123")
    page.click("button[type=submit]")
    page.wait_for_url("**/enterprises/")
    page.click("text=数据导入")
    page.click("#to-list-import")
    page.fill("textarea[name=text]", "2026年专精特新中小企业名单\n1 青江星云智能\n科技有限公司\n2 东方测控有限公司\n")
    page.select_option("select[name=title]", "srdi_sme")
    page.fill("input[name=recognized_on]", "2026-11-20")
    page.fill("input[name=batch]", "2026 年第一批")
    page.click("button:has-text('读取并对应企业')")
    summary = page.locator("#list-summary")
    summary.wait_for()
    assert "已对应 1 家，待确认 1 家" in summary.inner_text()
    page.locator(f"#uncertain tr[data-row='4'] input[value='{code_for(22)}']").check()
    page.click("#list-record")
    page.locator("#list-status").wait_for()
    assert page.locator("#list-status").inner_text() == "已导入"
    assert "记录称号 2 家" in page.locator("#list-result").inner_text()
    page.goto(f"{live_server.url}/enterprises/{code_for(22)}/")  # the title is there, with its source
    assert "2026 年第一批" in page.locator(".title-source").first.inner_text()
