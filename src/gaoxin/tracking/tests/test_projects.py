"""重大项目: the 红黄绿 rules at their edges, progress reports from the parks (who may file, what moves), the
statistics leaders quote, 督办, and who sees which project."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from openpyxl import load_workbook

from gaoxin.core.commands import Invalid
from gaoxin.tracking.machines import ESCALATION
from gaoxin.tracking.models import Escalation, MajorProject, ProjectCategory
from gaoxin.tracking.selectors import ProjectFilter, statistics, with_status
from gaoxin.tracking.services import ReportError, escalate, file_report, respond
from gaoxin.tracking.status import next_period, status
from gaoxin.workflow.machine import advance, history
from gaoxin.workflow.models import Task


def category(name: str, science: bool) -> ProjectCategory:
    """The default categories come from a data migration; a transactional test elsewhere may have flushed them."""
    return ProjectCategory.objects.get_or_create(name=name, defaults={"science": science})[0]


def project(parks, **fields) -> MajorProject:
    values = {"name": "智能装备产业园", "year": 2026, "category": category("科技类", True),
              "park": parks[0], "investment": Decimal(50000), "year_plan": Decimal(1200),
              "tracked_from": dt.date(2026, 8, 1)} | fields
    return MajorProject.objects.create(**values)


def colours(p: MajorProject, today: dt.date) -> dict[str, str]:
    return {r.rule: r.colour for r in status(p, today).reasons}


@pytest.mark.parametrize(("today", "expected"), [
    (dt.date(2026, 9, 5), {}),  # August's report is due by 5 September: not missing yet
    (dt.date(2026, 9, 6), {"report.missing": "yellow"}),
    (dt.date(2026, 10, 5), {"report.missing": "yellow"}),
    (dt.date(2026, 10, 6), {"report.missing": "red"}),
])
def test_missing_reports_turn_yellow_then_red(parks, today, expected):
    assert colours(project(parks), today) == expected


def test_a_filed_period_no_longer_counts_as_missing(parks):
    p = project(parks, last_period=dt.date(2026, 8, 1), year_plan=Decimal(0))
    assert colours(p, dt.date(2026, 10, 6)) == {"report.missing": "yellow"}
    assert next_period(p, dt.date(2026, 10, 6)) == dt.date(2026, 9, 1)


@pytest.mark.parametrize(("late", "expected"), [(0, None), (1, "yellow"), (89, "yellow"), (90, "red")])
def test_a_stage_past_its_planned_date(parks, late, expected):
    today = dt.date(2026, 8, 20)
    p = project(parks, signed_by=today - dt.timedelta(days=late), tracked_from=dt.date(2026, 8, 1))
    assert colours(p, today).get("stage.overdue") == expected


@pytest.mark.parametrize(("done", "expected"), [("720", None), ("719.99", "yellow"), ("450", "yellow"),
                                                ("449.99", "red")])
def test_investment_behind_the_pro_rated_plan(parks, done, expected):
    # plan 1200 for the year, reported up to September: 900 expected; 80% = 720, 50% = 450
    p = project(parks, tracked_from=dt.date(2026, 1, 1), last_period=dt.date(2026, 9, 1),
                invested_year=Decimal(done), stage="started")
    assert colours(p, dt.date(2026, 10, 3)).get("investment.behind") == expected


@pytest.fixture
def people(parks, make_user):
    return {"staff": make_user("staff", "zone_staff"),
            "liaison": make_user("liaison", "park_liaison", park=parks[0]),
            "other": make_user("liaison2", "park_liaison", park=parks[1])}


def test_the_park_reports_and_the_stage_moves_through_each_step(parks, people):
    p = project(parks, tracked_from=dt.date(2026, 8, 1))
    today = dt.date(2026, 10, 3)
    data = {"period": "2026-09", "stage": "started", "progress": "30", "invested": "8000", "invested_year": "900"}
    with pytest.raises(PermissionDenied):
        file_report(p, data, people["other"], today)
    file_report(p, data, people["liaison"], today)
    p.refresh_from_db()
    assert (p.stage, p.signed_on, p.started_on, p.progress, p.invested) == ("started", today, today, 30,
                                                                             Decimal(8000))
    assert [t.to_state for t in history(p)] == ["signed", "started"]
    with pytest.raises(ReportError, match="不能倒退"):
        file_report(p, data | {"period": "2026-10", "stage": "signed"}, people["liaison"], today)
    with pytest.raises(ReportError, match="累计完成投资不能少于上期"):
        file_report(p, data | {"period": "2026-10", "invested": "7000"}, people["liaison"], today)
    with pytest.raises(ReportError, match="报送期应为已开始的报送月份"):
        file_report(p, data | {"period": "2026-11"}, people["liaison"], today)
    with pytest.raises(ReportError, match="本年完成投资不能大于累计完成投资"):
        file_report(p, data | {"invested_year": "9000"}, people["liaison"], today)
    with pytest.raises(Invalid) as bad:  # typed input first: each field that is wrong, by name
        file_report(p, data | {"period": "九月", "progress": "120", "invested": "-1"}, people["liaison"], today)
    assert set(bad.value.errors) == {"period", "progress", "invested"} and "报送期：应为月份" in str(bad.value)
    file_report(p, data | {"progress": "35"}, people["liaison"], today)  # a correction of September
    assert p.reports.count() == 1 and MajorProject.objects.get(pk=p.pk).progress == 35


def test_statistics_as_leaders_quote_them(parks):
    science, industry = category("科技类", True), category("产业类", False)
    for n in range(3):
        project(parks, name=f"科技{n}", category=science, investment=Decimal(10000 + n))
    project(parks, name="产业", category=industry, investment=Decimal(20000), in_operation_by=dt.date(2026, 12, 1))
    project(parks, name="小项目", category=science, investment=Decimal("9999.99"), park=parks[1],
            in_operation_by=dt.date(2026, 6, 1), in_operation_on=dt.date(2026, 6, 20), stage="in_operation")
    rows = with_status(MajorProject.objects.all(), ProjectFilter(year=2026), dt.date(2026, 8, 10))
    s = statistics(rows, 2026)
    assert (s.projects, s.large, s.large_science, s.large_science_share) == (5, 4, 3, "75.00%")
    assert (s.planned_to_land, s.landed) == (2, 1)
    assert [(r.park, r.projects) for r in s.parks] == [("青江科技城", 4), ("临江街道", 1)]


def test_escalation_lands_on_the_park_and_comes_back_to_staff(parks, people):
    p = project(parks)
    item = escalate(p, "开工滞后，请说明原因", dt.date(2026, 12, 1), people["staff"])
    assert Task.objects.filter(user=people["liaison"], done_at=None).count() == 1
    with pytest.raises(ValueError, match="已有未办结的督办"):
        escalate(p, "再次督办", dt.date(2026, 12, 1), people["staff"])
    respond(item, "已协调施工许可，下周开工", people["liaison"])
    assert Task.objects.filter(user=people["liaison"], done_at=None).count() == 0
    assert Task.objects.filter(user=people["staff"], done_at=None).count() == 1
    advance(ESCALATION, Escalation.objects.get(pk=item.pk), "close", people["staff"])
    assert Escalation.objects.get(pk=item.pk).status == "closed"


def test_a_liaison_sees_its_park_and_its_report_turns_the_project_green(client, parks, people):
    today = dt.date.today()
    start = (today.replace(day=1) - dt.timedelta(days=70)).replace(day=1)
    mine = project(parks, name="本园项目", year=today.year, tracked_from=start, year_plan=Decimal(0))
    theirs = project(parks, name="别处项目", year=today.year, park=parks[1], tracked_from=start)
    client.force_login(people["liaison"])
    page = client.get(reverse("tracking:projects")).content.decode()
    assert "本园项目" in page and "别处项目" not in page
    assert client.get(reverse("tracking:project", args=[theirs.pk])).status_code == 404
    assert status(mine, today).colour == "red"  # two months unreported
    url = reverse("tracking:project", args=[mine.pk])
    period = next_period(mine, today)
    assert client.post(reverse("tracking:report", args=[theirs.pk]), {"period": period.strftime("%Y-%m")}
                       ).status_code == 404
    assert client.post(reverse("tracking:escalate", args=[mine.pk]), {"reason": "x", "due_on": "2026-12-01"}
                       ).status_code == 403  # 督办 is staff's
    while period <= today.replace(day=1) and status(MajorProject.objects.get(pk=mine.pk), today).reasons:
        client.post(reverse("tracking:report", args=[mine.pk]), {
            "period": period.strftime("%Y-%m"), "stage": "negotiating", "progress": "10", "invested": "0",
            "invested_year": "0"})
        period = next_period(MajorProject.objects.get(pk=mine.pk), today)
    assert status(MajorProject.objects.get(pk=mine.pk), today).colour == "green"
    assert 'data-colour="green"' in client.get(url).content.decode()


def test_projects_export_with_their_colours(client, parks, people):
    project(parks, year=dt.date.today().year, tracked_from=dt.date.today().replace(day=1))
    client.force_login(people["staff"])
    response = client.get(reverse("tracking:projects") + "?export=xlsx")
    book = load_workbook(io.BytesIO(response.content))
    assert book["重大项目"]["A2"].value == "智能装备产业园" and book["统计"]["B2"].value == 1


def test_liaisons_are_reminded_once_of_a_late_report_until_they_file_it(parks, people):
    from gaoxin.tracking.reminders import remind_reports

    p = project(parks, tracked_from=dt.date(2026, 8, 1), year_plan=Decimal(0))
    today = dt.date(2026, 10, 6)
    assert remind_reports(today) == 1 and remind_reports(today) == 0
    task = Task.objects.get(user=people["liaison"], done_at=None)
    assert task.title == "报送进度：智能装备产业园（2026 年 08 月起 2 期）"
    file_report(p, {"period": "2026-08", "progress": "5", "invested": "0", "invested_year": "0"},
                people["liaison"], today)
    assert not Task.objects.filter(pk=task.pk, done_at=None).exists()
    assert remind_reports(today) == 1  # September is still owed
