"""走访 and 诉求: no duplicate visits without saying so, needs routed by the rules with deadlines, answered and
rated through their machine, statistics per department, and who sees what."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from gaoxin.core.commands import Invalid
from gaoxin.registry.models import TitleHeld
from gaoxin.tracking import visits
from gaoxin.tracking.machines import NEED
from gaoxin.tracking.models import Department, Need, Visit
from gaoxin.workflow.machine import IllegalTransition, advance
from gaoxin.workflow.models import Task

TODAY = dt.date(2026, 11, 20)


def department(name: str) -> Department:
    """The defaults come from a data migration; a transactional test elsewhere may have flushed them."""
    return Department.objects.get_or_create(name=name)[0]


@pytest.fixture
def world(make_enterprise, make_user, parks):
    staff = make_user("staff", "zone_staff")
    finance = make_user("finance", "zone_staff")
    department("区金融办").members.add(finance)
    department("区科技局")
    return {"a": make_enterprise("甲科技有限公司", park=parks[0]), "b": make_enterprise("乙公司", park=parks[1]),
            "staff": staff, "finance": finance, "user_a": make_user("user_a", "enterprise_user",
                                                                    enterprise=None),
            "liaison": make_user("liaison", "park_liaison", park=parks[0])}


def form(dep: str, planned: dt.date, **extra) -> dict:
    return {"department": str(department(dep).pk), "planned_on": planned.isoformat(), "visitors": "王科长"} | extra


@pytest.mark.parametrize(("gap", "flagged"), [(13, True), (14, True), (15, False)])
def test_another_departments_visit_nearby_must_be_confirmed(world, gap, flagged):
    a, staff = world["a"], world["staff"]
    visits.schedule(a, form("区金融办", TODAY), staff, TODAY)
    visits.schedule(a, form("区金融办", TODAY + dt.timedelta(days=1)), staff, TODAY)  # its own department: no check
    data = form("区科技局", TODAY + dt.timedelta(days=gap + 1))
    if flagged:
        with pytest.raises(visits.DuplicateVisit, match="区金融办计划 2026-11-21上门走访"):
            visits.schedule(a, data, staff, TODAY)
        visits.schedule(a, data | {"confirm": "1"}, staff, TODAY)
    else:
        visits.schedule(a, data, staff, TODAY)
    assert Visit.objects.count() == 3


def test_a_need_goes_to_the_rules_department_and_comes_back_rated(world):
    a, staff, finance = world["a"], world["staff"], world["finance"]
    need = visits.raise_need(a, {"category": "financing", "description": "流动资金贷款 500 万元"}, staff, TODAY)
    assert (need.department.name, need.due_on) == ("区金融办", TODAY + dt.timedelta(days=10))
    assert Task.objects.filter(user=finance, done_at=None).count() == 1
    with pytest.raises(IllegalTransition):
        advance(NEED, need, "close", staff)
    with pytest.raises(PermissionDenied):
        advance(NEED, need, "accept", world["liaison"])
    advance(NEED, need, "accept", finance)
    visits.reply(Need.objects.get(pk=need.pk), "已对接青江银行科创贷", finance)
    need = Need.objects.get(pk=need.pk)
    assert need.status == "replied" and need.replied_at is not None
    advance(NEED, need, "reopen", staff, "企业反映利率过高")
    visits.reply(Need.objects.get(pk=need.pk), "已协调贴息", finance)
    with pytest.raises(visits.VisitError, match="满意度应为 1–5"):
        visits.close(Need.objects.get(pk=need.pk), staff, 6)
    visits.close(Need.objects.get(pk=need.pk), staff, 4, "办理及时")
    need = Need.objects.get(pk=need.pk)
    assert (need.status, need.satisfaction, need.feedback) == ("closed", 4, "办理及时")
    assert not Task.objects.filter(user=finance, done_at=None).exists()


def test_staff_transfer_a_need_to_another_department(world):
    need = visits.raise_need(world["a"], {"category": "other", "description": "咨询"}, world["staff"], TODAY,)
    tech = department("区科技局")
    visits.transfer(need, tech, "属科技政策", world["staff"])
    assert Need.objects.get(pk=need.pk).department == tech


def test_department_statistics_count_speed_punctuality_and_satisfaction(world):
    a, staff, finance = world["a"], world["staff"], world["finance"]
    today = timezone.localdate()
    quick = visits.raise_need(a, {"category": "financing", "description": "一"}, staff, today)
    visits.reply(quick, "已答复", finance)
    visits.close(Need.objects.get(pk=quick.pk), staff, 5)
    late = visits.raise_need(a, {"category": "financing", "description": "二", "due_on": today.isoformat()}, staff,
                             today)
    Need.objects.filter(pk=late.pk).update(due_on=today - dt.timedelta(days=3))
    row = next(r for r in visits.department_statistics(Need.objects.all(), today) if r.department == "区金融办")
    assert (row.needs, row.open, row.overdue, row.replied, row.median_days, row.on_time, row.satisfaction) == (
        2, 1, 1, 1, 0, "100%", "5.0")
    assert visits.overdue(Need.objects.all(), today).get() == Need.objects.get(pk=late.pk)


def test_an_enterprise_raises_its_own_need_and_sees_only_its_own(client, world, make_user):
    a, b = world["a"], world["b"]
    user = make_user("owner_a", "enterprise_user", enterprise=a)
    theirs = visits.raise_need(b, {"category": "land", "description": "扩建厂房"}, world["staff"], TODAY)
    client.force_login(user)
    response = client.post(reverse("tracking:needs"), {"category": "talent", "description": "招聘 20 名技工"},
                           follow=True)
    assert "区人社局将于" in response.content.decode()
    page = client.get(reverse("tracking:needs")).content.decode()
    assert "招聘 20 名技工" in page and "扩建厂房" not in page
    assert client.get(reverse("tracking:need", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("tracking:visits")).status_code == 403


def test_the_visit_form_lists_other_departments_first(client, world):
    a, staff = world["a"], world["staff"]
    visits.schedule(a, form("区金融办", timezone.localdate(), topics="融资需求摸底"), staff, timezone.localdate())
    client.force_login(world["liaison"])
    page = client.get(reverse("tracking:visit_new") + f"?enterprise={a.credit_code}").content.decode()
    assert "融资需求摸底" in page
    data = form("区科技局", timezone.localdate()) | {"enterprise": a.credit_code}
    page = client.post(reverse("tracking:visit_new"), data).content.decode()
    assert 'id="duplicate"' in page and Visit.objects.count() == 1
    response = client.post(reverse("tracking:visit_new"), data | {"confirm": "1"}, follow=True)
    assert "已登记走访" in response.content.decode() and Visit.objects.count() == 2
    assert client.get(reverse("tracking:visit_new") + f"?enterprise={world['b'].credit_code}").context[
        "enterprise"] is None  # another park's enterprise is not the liaison's to visit
    other_park = data | {"enterprise": world["b"].credit_code, "confirm": "1"}
    page = client.post(reverse("tracking:visit_new"), other_park, follow=True).content.decode()
    assert "未找到该统一社会信用代码的本区企业" in page and Visit.objects.count() == 2
    page = client.post(reverse("tracking:visit_new"), data | {"planned_on": "下周一", "confirm": "1"}).content.decode()
    assert "应为日期" in page and Visit.objects.count() == 2  # said, not a server error


def test_the_enterprise_page_shows_its_timeline(client, world):
    a, staff = world["a"], world["staff"]
    TitleHeld.objects.create(enterprise=a, title="high_tech", recognized_on=dt.date(2025, 12, 1),
                             valid_until=dt.date(2028, 11, 30))
    visit = visits.schedule(a, form("区科技局", dt.date(2026, 3, 2), visited_on="2026-03-02", topics="高企复审辅导"),
                            staff, TODAY)
    visits.raise_need(a, {"category": "policy", "description": "研发费用加计扣除"}, staff, TODAY, visit=visit)
    client.force_login(staff)
    page = client.get(reverse("portal:enterprise", args=[a.credit_code])).content.decode()
    timeline = page[page.index('id="timeline"'):]
    assert timeline.index("研发费用加计扣除") < timeline.index("高企复审辅导") < timeline.index("高新技术企业")


def test_needs_export_with_department_statistics(client, world):
    visits.raise_need(world["a"], {"category": "financing", "description": "贷款"}, world["staff"], TODAY)
    client.force_login(world["staff"])
    book = load_workbook(io.BytesIO(client.get(reverse("tracking:needs") + "?export=xlsx").content))
    assert book["企业诉求"]["E2"].value == "区金融办" and book["部门办理情况"]["A2"].value == "区金融办"


def test_the_dashboard_counts_visits_and_overdue_needs(client, world):
    today = timezone.localdate()
    visits.schedule(world["a"], form("区科技局", today, visited_on=today.isoformat()), world["staff"], today)
    late = visits.raise_need(world["a"], {"category": "financing", "description": "贷款"}, world["staff"], today)
    Need.objects.filter(pk=late.pk).update(due_on=today - dt.timedelta(days=1))
    client.force_login(world["staff"])
    page = client.get(reverse("dashboard:index")).content.decode()
    assert '<strong id="needs-overdue">1</strong>' in page and "已走访 <strong>1</strong>" in page


def test_visits_export(client, world):
    visits.schedule(world["a"], form("区科技局", TODAY, visited_on=TODAY.isoformat(), topics="调研"), world["staff"],
                    TODAY)
    client.force_login(world["staff"])
    book = load_workbook(io.BytesIO(client.get(reverse("tracking:visits") + "?export=xlsx").content))
    assert [c.value for c in book["走访记录"][2]][:3] == ["甲科技有限公司", world["a"].credit_code, "区科技局"]


def test_a_need_is_handled_on_its_page_through_each_moves_url(client, world):
    """The page offers only the moves the user may make, each posting its typed input to its own URL."""
    a, staff, finance = world["a"], world["staff"], world["finance"]
    need = visits.raise_need(a, {"category": "financing", "description": "流动资金贷款"}, staff, TODAY)
    client.force_login(finance)
    page = client.get(reverse("tracking:need", args=[need.pk])).content.decode()
    assert 'data-move="accept"' in page and 'name="reply-reply"' in page and 'data-move="close"' not in page

    def move(action: str, **data):
        return client.post(reverse("workflow:move", args=["need", need.pk, action]),
                           {f"{action}-{k}": v for k, v in data.items()}, follow=True).content.decode()

    assert "未能答复：答复内容：这个字段是必填项。" in move("reply", reply="")
    move("reply", reply="已对接青江银行科创贷")
    assert Need.objects.get(pk=need.pk).status == "replied"
    client.force_login(staff)
    assert "未能办结：满意度" in move("close", satisfaction="9")
    move("close", satisfaction="4", feedback="办理及时")
    closed = Need.objects.get(pk=need.pk)
    assert (closed.status, closed.satisfaction, closed.feedback) == ("closed", 4, "办理及时")


def test_a_transfer_names_an_active_department_and_a_reason(client, world):
    need = visits.raise_need(world["a"], {"category": "other", "description": "咨询"}, world["staff"], TODAY)
    tech = department("区科技局")
    client.force_login(world["staff"])
    url = reverse("workflow:move", args=["need", need.pk, "transfer"])
    client.post(url, {"transfer-department": str(tech.pk), "transfer-reason": ""})
    assert Need.objects.get(pk=need.pk).department != tech
    client.post(url, {"transfer-department": str(tech.pk), "transfer-reason": "属科技政策"})
    assert Need.objects.get(pk=need.pk).department == tech


def test_a_visit_is_recorded_and_its_needs_raised_from_its_page(client, world):
    """The visit page's two forms post to their own URLs; a liaison of another park finds neither (404)."""
    a, staff = world["a"], world["staff"]
    visit = visits.schedule(a, form("区金融办", timezone.localdate()), staff, timezone.localdate())
    client.force_login(staff)
    page = client.get(reverse("tracking:visit", args=[visit.pk])).content.decode()
    record, raise_one = (reverse(f"tracking:{name}", args=[visit.pk]) for name in ("visit_record", "visit_need"))
    assert f'action="{record}"' in page and f'action="{raise_one}"' in page
    client.post(record, {"visited_on": timezone.localdate().isoformat(), "topics": "研发费用加计扣除"})
    client.post(raise_one, {"category": "financing", "description": "流动资金贷款"})
    visit.refresh_from_db()
    assert visit.topics == "研发费用加计扣除" and visit.needs.get().department.name == "区金融办"
    other = world["liaison"]
    other.profile.park = world["b"].park
    other.profile.save()
    client.force_login(other)
    assert [client.post(url, {"topics": "x"}).status_code for url in (record, raise_one)] == [404, 404]


def test_visit_and_need_input_is_typed_and_each_problem_names_its_field(world):
    """One typed input per write (`tracking.forms`): what is wrong is said field by field, nothing is saved."""
    a, staff = world["a"], world["staff"]
    with pytest.raises(Invalid) as bad:
        visits.schedule(a, {"department": "", "planned_on": "下周", "visitors": ""}, staff, TODAY)
    assert set(bad.value.errors) == {"department", "planned_on", "visitors"} and "计划日期：应为日期" in str(bad.value)
    with pytest.raises(visits.VisitError, match="走访日期不能晚于今天"):
        visits.schedule(a, form("区金融办", TODAY, visited_on=(TODAY + dt.timedelta(days=1)).isoformat()), staff,
                        TODAY)
    with pytest.raises(Invalid, match="诉求类别"):
        visits.raise_need(a, {"category": "天气", "description": "x"}, staff, TODAY)
    with pytest.raises(visits.VisitError, match="办理时限不能早于今天"):
        visits.raise_need(a, {"category": "financing", "description": "贷款", "due_on": "2026-01-01"}, staff, TODAY)
    assert not Visit.objects.exists() and not Need.objects.exists()
