"""领导驾驶舱: the numbers, the list behind every number, park visibility, peer ranking and the Excel export."""

import datetime as dt
import io
import re
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from gaoxin.cultivation.models import CultivationTarget, Evaluation
from gaoxin.dashboard.models import PeerZoneCount
from gaoxin.dashboard.selectors import funnel, title_counts, transitions
from gaoxin.registry.models import Enterprise, TitleHeld

YEAR = dt.date.today().year


def grant(enterprise, title, start: dt.date, end: dt.date | None):
    TitleHeld.objects.create(enterprise=enterprise, title=title, recognized_on=start, valid_until=end)


@pytest.fixture
def zone(make_enterprise, parks):
    """A: 高企 since Y−2, still valid (高企 → 高企). B: nothing last year, 创新型 this year (none → 创新型).
    C: 高企 valid until 31 Dec Y−1, gone now (高企 → none). D: nothing at all.
    E (second park): 科小 this year, and qualified for 高企 without holding it."""
    a = make_enterprise("甲科技有限公司", industry_code="C3491")
    b = make_enterprise("乙软件有限公司", industry_code="I6513")
    c = make_enterprise("丙材料有限公司", industry_code="C2651")
    d = make_enterprise("丁贸易有限公司", industry_code="F5179")
    e = make_enterprise("戊生物有限公司", park=parks[1], industry_code="M7340")
    grant(a, "high_tech", dt.date(YEAR - 2, 11, 1), dt.date(YEAR + 1, 10, 31))
    grant(b, "innovative_sme", dt.date(YEAR, 1, 5), dt.date(YEAR + 3, 1, 4))
    grant(c, "high_tech", dt.date(YEAR - 3, 1, 1), dt.date(YEAR - 1, 12, 31))
    grant(e, "tech_sme", dt.date(YEAR, 1, 5), dt.date(YEAR, 12, 31))
    Evaluation.objects.create(enterprise=e, assessment_year=YEAR, policy="high_tech", policy_version="high_tech@2016",
                              verdict="qualified", result={}, pack_fingerprint="x")
    Evaluation.objects.create(enterprise=a, assessment_year=YEAR, policy="high_tech", policy_version="high_tech@2016",
                              verdict="qualified", result={}, pack_fingerprint="x")  # holds it: not counted
    return {"a": a, "b": b, "c": c, "d": d, "e": e}


def test_counts_new_and_held_per_title_and_year(zone):
    rows = {r.title: r for r in title_counts(Enterprise.objects.all(), [YEAR - 2, YEAR - 1, YEAR])}
    high_tech = rows["high_tech"].years
    assert (high_tech[YEAR - 2].new, high_tech[YEAR - 2].total) == (1, 2)
    assert (high_tech[YEAR - 1].new, high_tech[YEAR - 1].total) == (0, 2)  # C still valid on 31 Dec Y−1
    assert (high_tech[YEAR].new, high_tech[YEAR].total) == (0, 1)
    assert (rows["innovative_sme"].years[YEAR].new, rows["tech_sme"].years[YEAR].total) == (1, 1)


def test_funnel_counts_holders_and_qualified_non_holders(zone):
    total, steps = funnel(Enterprise.objects.all(), YEAR)
    by_title = {s.title: s for s in steps}
    assert total == 5
    assert (by_title["high_tech"].held, by_title["high_tech"].qualified) == (1, 1)  # E qualifies, A already holds


def test_moves_between_rungs_year_over_year(zone):
    moves = transitions(Enterprise.objects.all(), YEAR)
    assert moves == {(2, 2): 1, (0, 3): 1, (2, 0): 1, (0, 0): 1, (0, 1): 1}


def drill_count(client, url: str) -> int:
    page = client.get(url).content.decode()
    return int(re.search(r'id="drill-heading">[^<]*<small>(\d+) 家', page).group(1))


def test_every_number_on_the_dashboard_opens_the_list_it_counts(client, staff, zone):
    client.force_login(staff)
    page = client.get(reverse("dashboard:index")).content.decode()
    links = re.findall(r'<a href="(/dashboard/enterprises/\?[^"]+)">(\d+)</a>', page)
    assert len(links) > 40
    for url, shown in links:
        assert drill_count(client, unescape(url)) == int(shown), url


def test_a_drill_down_names_the_enterprises_and_exports_them(client, staff, zone):
    client.force_login(staff)
    url = reverse("dashboard:drill") + f"?kind=moved&year={YEAR}&before=2&after=0"
    page = client.get(url).content.decode()
    assert "丙材料有限公司" in page and "甲科技有限公司" not in page and "由“高企”到“未入梯队”" in page
    book = load_workbook(io.BytesIO(client.get(url + "&export=xlsx").content))
    names = [row[2] for row in book["企业名单"].iter_rows(min_row=2, values_only=True)]
    assert names == ["丙材料有限公司"]
    industries = client.get(reverse("dashboard:drill") + f"?kind=held&year={YEAR}&section=C").content.decode()
    assert "甲科技有限公司" in industries and "乙软件有限公司" not in industries


def test_a_park_liaison_sees_only_the_park(client, make_user, parks, zone):
    client.force_login(make_user("liaison", "park_liaison", park=parks[1]))
    page = client.get(reverse("dashboard:index")).content.decode()
    assert re.search(r"<b>1</b><span>企业总数", page)
    assert "甲科技有限公司" not in client.get(reverse("dashboard:drill") + "?kind=all").content.decode()


def peer_file(rows) -> bytes:
    book = Workbook()
    book.active.append(["园区/区县", "年度", "称号", "数量", "口径", "来源"])
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(client, data: bytes, name="peers.xlsx"):
    return client.post(reverse("dashboard:peer_import"), {"file": SimpleUploadedFile(name, data)}, follow=True)


def test_peer_table_ranks_the_zone(client, staff, zone):
    client.force_login(staff)
    response = upload(client, peer_file([["东湖区", YEAR, "高新技术企业", 3, "新增", "市科技局通报"],
                                         ["西山区", YEAR, "高企", 0, "", ""],
                                         ["东湖区", YEAR, "innovative_sme", 0, "新增", ""]]))
    assert "已导入兄弟园区数据 3 条" in response.content.decode()
    page = client.get(reverse("dashboard:index")).content.decode()
    # 本区: 0 new 高企 this year → behind 东湖区 (3), level with 西山区 (0): second
    assert re.search(rf'data-title="high_tech" data-year="{YEAR}">第 2 名', page)
    # 本区: 1 new 创新型 (乙) → first
    assert re.search(rf'data-title="innovative_sme" data-year="{YEAR}">第 1 名', page)
    upload(client, peer_file([["东湖区", YEAR, "高企", 5, "新增", ""]]))
    assert PeerZoneCount.objects.get(zone="东湖区", title="high_tech").count == 5  # replaced, not duplicated


def test_a_bad_peer_table_imports_nothing_and_says_where(client, staff, zone):
    client.force_login(staff)
    page = upload(client, peer_file([["东湖区", YEAR, "高企", 3, "", ""],
                                     ["西山区", YEAR, "金牌企业", "三", "", ""]])).content.decode()
    assert "第 3 行 称号：无法识别的称号" in page and "第 3 行 数量：应为非负整数" in page
    assert "未导入任何数据" in page and not PeerZoneCount.objects.exists()


def test_only_zone_staff_import_peer_tables(client, make_user, parks):
    client.force_login(make_user("liaison", "park_liaison", park=parks[0]))
    assert upload(client, peer_file([["东湖区", YEAR, "高企", 3, "", ""]])).status_code == 403
    assert not PeerZoneCount.objects.exists()


def test_the_dashboard_exports_every_block_to_excel(client, staff, zone):
    CultivationTarget.objects.create(title="innovative_sme", year=YEAR, target_new=4)
    client.force_login(staff)
    response = client.get(reverse("dashboard:index") + "?export=xlsx")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["称号统计", "梯度漏斗", "梯度跃升", "园区分布", "行业分布", "培育计划", "兄弟园区排名",
                               "重大项目统计", "重大项目分园区"]
    funnel_rows = {r[0]: r[1:] for r in book["梯度漏斗"].iter_rows(min_row=2, values_only=True)}
    assert funnel_rows["企业总数"][0] == 5 and funnel_rows["高新技术企业"] == (1, 1)
    assert list(book["培育计划"].iter_rows(min_row=2, values_only=True)) == [
        ("创新型中小企业", YEAR, 4, 1, 25, 0)]


def test_the_dashboard_is_a_snapshot_that_follows_every_change(client, staff, zone, make_enterprise):
    """Served from the cache until data changes: a new title shows on the next load, without 刷新."""
    from django.core.cache import cache

    cache.clear()
    client.force_login(staff)
    first = client.get(reverse("dashboard:index")).content.decode()
    assert 'id="computed-at"' in first
    again = client.get(reverse("dashboard:index")).content.decode()
    assert re.search(r'数据截至 ([\d\- :]+)', again).group(1) == re.search(r'数据截至 ([\d\- :]+)', first).group(1)
    before = client.get(reverse("dashboard:index")).context["c"].titles
    grant(zone["d"], "tech_sme", dt.date(YEAR, 3, 1), dt.date(YEAR, 12, 31))
    after = client.get(reverse("dashboard:index")).context["c"].titles
    count = {r.title: r.years[YEAR].total for r in after}["tech_sme"]
    assert count == {r.title: r.years[YEAR].total for r in before}["tech_sme"] + 1
    # bulk writers (a zone-wide evaluation) bypass model signals and say so themselves
    from gaoxin.cultivation.services import evaluate_enterprises

    stamp = client.get(reverse("dashboard:index")).context["computed_at"]
    assert client.get(reverse("dashboard:index")).context["computed_at"] == stamp  # cached
    evaluate_enterprises(YEAR)
    assert client.get(reverse("dashboard:index")).context["computed_at"] > stamp
    latest = client.get(reverse("dashboard:index")).context["computed_at"]
    assert client.get(reverse("dashboard:index") + "?refresh=1").context["computed_at"] > latest  # 刷新


def test_under_a_stream_of_edits_the_numbers_lag_by_at_most_the_set_seconds(client, staff, zone, settings):
    """With GAOXIN_DASHBOARD_LAG, a snapshot older than the data is served (with its time) until it is that
    old; 刷新 recomputes at once."""
    settings.GAOXIN_DASHBOARD_LAG = 3600
    client.force_login(staff)
    first = client.get(reverse("dashboard:index")).context
    grant(zone["d"], "tech_sme", dt.date(YEAR, 3, 1), dt.date(YEAR, 12, 31))
    lagging = client.get(reverse("dashboard:index")).context
    assert lagging["computed_at"] == first["computed_at"]
    count = {r.title: r.years[YEAR].total for r in lagging["c"].titles}["tech_sme"]
    fresh = client.get(reverse("dashboard:index") + "?refresh=1").context
    assert {r.title: r.years[YEAR].total for r in fresh["c"].titles}["tech_sme"] == count + 1
    settings.GAOXIN_DASHBOARD_LAG = 0
    grant(zone["e"], "high_tech", dt.date(YEAR, 3, 1), dt.date(YEAR + 2, 12, 31))
    assert client.get(reverse("dashboard:index")).context["computed_at"] > fresh["computed_at"]


def test_after_a_change_a_job_rebuilds_the_snapshot_before_anyone_asks(client, staff, zone, settings,
                                                                        django_capture_on_commit_callbacks):
    from gaoxin.jobs.models import Job
    from gaoxin.jobs.services import drain

    settings.GAOXIN_DASHBOARD_WARM = True
    client.force_login(staff)
    client.get(reverse("dashboard:index"))
    with django_capture_on_commit_callbacks(execute=True):
        grant(zone["d"], "tech_sme", dt.date(YEAR, 3, 1), dt.date(YEAR, 12, 31))
    assert Job.objects.filter(kind="dashboard_warm", status="queued").count() == 1
    drain()
    warmed = Job.objects.get(kind="dashboard_warm")
    assert warmed.status == "done"
    view = client.get(reverse("dashboard:index")).context
    assert {r.title: r.years[YEAR].total for r in view["c"].titles}["tech_sme"] == 2  # E's and now D's
    assert view["computed_at"] < warmed.finished_at  # served from the job's snapshot, not recomputed
