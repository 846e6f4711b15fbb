"""创新创业大赛: set-up, registration and import, rounds judged with the review machinery (conflicts, seeded
draw, blind scoring), advancement with ties at the cut, prizes by final rank within the budget, payment once and
only after 落地, banks' pre-credit, and the Excel files."""

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.http import QueryDict
from django.urls import reverse
from openpyxl import load_workbook

from gaoxin.conftest import code_for, xlsx_bytes
from gaoxin.core.commands import Invalid
from gaoxin.programs import competition
from gaoxin.programs.competition_exports import entries_workbook, prizes_workbook
from gaoxin.programs.models import Entry, Judging, Program, Reviewer, Round
from gaoxin.programs.setup import apply_form
from gaoxin.workflow.machine import IllegalTransition, history
from gaoxin.workflow.models import Task

TODAY = dt.date.today()
RUBRIC = [{"code": "overall", "label": "综合", "weight": 100, "max": 100}]
TIERS = [{"name": "一等奖", "count": 1, "amount": "20.00"}, {"name": "二等奖", "count": 2, "amount": "10.00"}]


def make_competition(**fields) -> Program:
    program = Program.objects.create(name="青江创新创业大赛", kind="competition", year=TODAY.year,
                                     budget=Decimal(50), opens_on=TODAY, closes_on=TODAY, rubric=RUBRIC,
                                     prize_tiers=TIERS, **fields)
    Round.objects.create(program=program, seq=1, name="初赛", judges=2, advancing=3)
    Round.objects.create(program=program, seq=2, name="决赛", judges=2)
    return program


@pytest.fixture
def world(make_enterprise, make_user):
    program = make_competition()
    staff = make_user("staff", "zone_staff")
    judges = []
    for n, affiliation in enumerate(["青江大学", "青江研究院", "青江投资", "青江律所"]):
        judges.append(Reviewer.objects.create(user=make_user(f"judge{n}", "reviewer"), name=f"评委{n}",
                                              affiliation=affiliation))
    entries = [competition.register(program, {"team": f"团队{n}", "project": f"项目{n}", "leader": f"负责人{n}",
                                              "organisation": "青江大学" if n == 0 else ""}, staff)
               for n in range(6)]
    return {"program": program, "staff": staff, "judges": judges, "entries": entries}


def wrong_check(code: str) -> str:
    return code[:17] + ("0" if code[17] != "0" else "1")


def score_round(round_: Round, scores: dict[int, list[int]]) -> None:
    """Submit each entry's scores (in the order of its judges)."""
    for entry_pk, values in scores.items():
        for judging, value in zip(Judging.objects.filter(round=round_, entry_id=entry_pk).order_by("pk"), values,
                                  strict=True):
            competition.submit_judging(judging, {"overall": str(value)}, "意见")


def test_setup_creates_rounds_and_keeps_prizes_within_the_budget(staff):
    data = QueryDict(mutable=True)
    data.update({"name": "大赛", "kind": "competition", "year": str(TODAY.year), "budget": "30",
                 "opens_on": TODAY.isoformat(), "closes_on": TODAY.isoformat(), "rubric": "创新性|60|10\n市场|40|10",
                 "rounds": "初赛|3|10\n决赛|5", "prize_tiers": "一等奖|1|20\n二等奖|2|10", "tracks": "创意组\n成长组"})
    with pytest.raises(Invalid, match="奖项合计 40 万元，超过资金总额 30 万元"):
        apply_form(Program(), data, staff)
    data["budget"] = "40"
    program = apply_form(Program(), data, staff)
    assert [(r.seq, r.name, r.judges, r.advancing) for r in program.rounds.all()] == [(1, "初赛", 3, 10),
                                                                                     (2, "决赛", 5, 0)]
    assert program.tracks == ["创意组", "成长组"] and program.prize_tiers[1] == {"name": "二等奖", "count": 2,
                                                                              "amount": "10.00"}
    data["rounds"] = "初赛|3\n决赛|5"
    with pytest.raises(Invalid, match="除最后一轮外，每轮都要填写晋级数"):
        apply_form(program, data, staff)


def test_an_enterprise_user_registers_in_the_window_linked_to_its_enterprise(make_enterprise, make_user):
    program = make_competition(tracks=["创意组", "成长组"])
    enterprise = make_enterprise("甲科技有限公司")
    user = make_user("user_a", "enterprise_user", enterprise=enterprise)
    data = {"team": "甲科技有限公司", "project": "智能传感", "leader": "张三", "track": "成长组"}
    entry = competition.register(program, data, user)
    assert entry.enterprise == enterprise and entry.registered_by == user and entry.status == "registered"
    with pytest.raises(competition.CompetitionError, match="已报名项目《智能传感》"):
        competition.register(program, data, user)
    with pytest.raises(Invalid, match="赛道：赛道应为：创意组、成长组"):
        competition.register(program, data | {"project": "另一个", "track": "其他"}, user)
    with pytest.raises(competition.CompetitionError, match="报名时间为"):
        competition.register(program, data | {"project": "迟到"}, user, today=TODAY + dt.timedelta(days=1))


def test_the_entry_list_imports_whole_or_not_at_all(staff, make_enterprise):
    program = make_competition()
    known = make_enterprise("乙材料有限公司")
    headers = ["项目名称", "团队名称", "负责人", "统一社会信用代码", "所在单位"]
    bad = xlsx_bytes(headers, [["项目A", "团队A", "李四", "", "青江大学"],
                               ["项目B", "", "王五", "", ""],
                               ["项目C", "团队C", "赵六", wrong_check(code_for(1)), ""],
                               ["项目A", "团队A", "李四", "", ""]], sheet="报名表")
    result = competition.import_entries(program, bad, "报名表.xlsx", staff)
    assert result.saved == 0 and Entry.objects.count() == 0
    assert {(p.row, p.column) for p in result.problems} == {(3, "团队名称"), (4, "统一社会信用代码"),
                                                             (5, "团队名称")}
    assert {p.reason for p in result.problems} >= {"请填写团队名称", "“团队A”的项目《项目A》重复报名"}
    good = xlsx_bytes(headers, [["项目A", "团队A", "李四", "", "青江大学"],
                                ["项目B", "乙材料有限公司", "王五", known.credit_code, ""]], sheet="报名表")
    assert competition.import_entries(program, good, "报名表.xlsx", staff).saved == 2
    assert Entry.objects.get(project="项目B").enterprise == known


def test_a_competition_runs_round_by_round_to_prizes(world):
    program, staff, judges, entries = world["program"], world["staff"], world["judges"], world["entries"]
    first, final = program.rounds.all()
    with pytest.raises(competition.CompetitionError, match="请先结束初赛"):
        competition.start_round(final, staff)
    record = competition.start_round(first, staff, seed=7)
    assert record.seed == 7 and {e.status for e in Entry.objects.all()} == {"competing"}
    # 评委0 works at 青江大学, where team 0's leader works: never drawn for it, and the log says why
    assert not Judging.objects.filter(entry=entries[0], reviewer=judges[0]).exists()
    assert record.log[0]["excluded"] == {str(judges[0].pk): ["工作单位即申报单位"]}
    loads = [Judging.objects.filter(reviewer=j).count() for j in judges]
    assert sum(loads) == 12 and max(loads) - min(loads) <= 1
    assert Task.objects.filter(user=judges[1].user, done_at=None).count() == loads[1]
    with pytest.raises(competition.CompetitionError, match="还有 12 份评审意见未提交"):
        competition.close_round(first, staff)
    # entries 3 and 4 tie at the cut (third place): both go on
    score_round(first, {entries[0].pk: [90, 90], entries[1].pk: [80, 80], entries[2].pk: [60, 60],
                        entries[3].pk: [70, 70], entries[4].pk: [70, 70], entries[5].pk: [50, 50]})
    results = competition.close_round(first, staff)
    assert [(r["entry"], r["outcome"]) for r in results] == [
        (entries[0].pk, "promote"), (entries[1].pk, "promote"), (entries[3].pk, "promote"),
        (entries[4].pk, "promote"), (entries[2].pk, "eliminate"), (entries[5].pk, "eliminate")]
    assert Entry.objects.get(pk=entries[2].pk).status == "eliminated"
    first.refresh_from_db()
    assert [(t.action, t.to_state, t.by) for t in history(first)] == [("start", "judging", staff),
                                                                      ("close", "closed", staff)]
    assert "7" in history(first)[0].reason and first.closed_at is not None and len(first.results) == 6
    with pytest.raises(competition.CompetitionError, match="决赛结束后才能评定奖项"):
        competition.award_prizes(program, staff)
    competition.start_round(final, staff, seed=8)
    assert set(Judging.objects.filter(round=final).values_list("entry_id", flat=True)) == {
        entries[0].pk, entries[1].pk, entries[3].pk, entries[4].pk}
    # 1 and 3 tie in the final: 1 scored more in the first round (80 against 70), so it ranks first
    score_round(final, {entries[0].pk: [70, 70], entries[1].pk: [85, 85], entries[3].pk: [85, 85],
                        entries[4].pk: [60, 60]})
    competition.close_round(final, staff)
    prizes = competition.award_prizes(program, staff)
    assert [(p.entry_id, p.tier, p.amount) for p in prizes] == [
        (entries[1].pk, "一等奖", Decimal(20)), (entries[3].pk, "二等奖", Decimal(10)),
        (entries[0].pk, "二等奖", Decimal(10))]
    assert Entry.objects.get(pk=entries[4].pk).status == "finalist"
    assert Entry.objects.get(pk=entries[1].pk).status == "awarded"
    with pytest.raises(competition.CompetitionError, match="奖项已评定"):
        competition.award_prizes(program, staff)


@pytest.fixture
def finished(world):
    program, staff, entries = world["program"], world["staff"], world["entries"]
    first, final = program.rounds.all()
    competition.start_round(first, staff, seed=1)
    score_round(first, {e.pk: [90 - 5 * n] * 2 for n, e in enumerate(entries)})
    competition.close_round(first, staff)
    competition.start_round(final, staff, seed=2)
    score_round(final, {e.pk: [80 - 5 * n] * 2 for n, e in enumerate(entries[:3])})
    competition.close_round(final, staff)
    competition.award_prizes(program, staff)
    return world


def test_a_prize_is_paid_once_and_only_after_the_team_settles_as_an_enterprise(finished, make_enterprise):
    staff, entry = finished["staff"], finished["entries"][0]
    prize = entry.prize
    with pytest.raises(competition.CompetitionError, match="尚未落地"):
        competition.pay_prize(prize, TODAY, "P-001", staff)
    with pytest.raises(competition.CompetitionError, match="校验位错误"):
        competition.link_enterprise(entry, wrong_check(code_for(3)), staff)
    settled = make_enterprise("团队0科技有限公司")
    competition.link_enterprise(entry, settled.credit_code, staff)
    paid = competition.pay_prize(prize, TODAY, "P-001", staff)
    assert paid.paid_on == TODAY and paid.paid_by == staff
    with pytest.raises(competition.CompetitionError, match="不能重复登记"):
        competition.pay_prize(prize, TODAY, "P-002", staff)


def test_pre_credit_is_recorded_with_its_checks(finished):
    staff, entry = finished["staff"], finished["entries"][1]
    with pytest.raises(competition.CompetitionError, match="已放款不能超过授信额度"):
        competition.record_precredit(entry, {"bank": "青江银行", "amount": "100", "drawn": "150"}, staff)
    with pytest.raises(Invalid) as bad:
        competition.record_precredit(entry, {"amount": "很多"}, staff)
    assert set(bad.value.errors) == {"bank", "amount"} and "授信额度（万元）：应为数字" in str(bad.value)
    credit = competition.record_precredit(entry, {"bank": "青江银行", "product": "科创贷", "amount": "200",
                                                  "drawn": "50", "term_months": "12", "status": "drawn"}, staff)
    assert (credit.amount, credit.drawn, credit.term_months) == (Decimal(200), Decimal(50), 12)
    book = load_workbook(io.BytesIO(prizes_workbook(finished["program"])))
    rows = list(book["获奖名单"].iter_rows(min_row=2, values_only=True))
    assert [r[1] for r in rows] == ["一等奖", "二等奖", "二等奖"] and rows[0][6] == "未落地"
    assert list(book["银行预授信"].iter_rows(min_row=2, values_only=True))[0][2:6] == ("青江银行", "科创贷", 200, 50)
    entries = load_workbook(io.BytesIO(entries_workbook(finished["program"])))["参赛项目"]
    header = [c.value for c in entries[1]]
    assert header[-4:] == ["初赛名次", "决赛名次", "初赛得分", "决赛得分"]
    assert [c.value for c in entries[2]][-4:] == [1, 1, 90, 80]


def test_a_team_that_withdraws_mid_round_releases_its_judges(world):
    program, staff, entries = world["program"], world["staff"], world["entries"]
    first = program.rounds.first()
    competition.start_round(first, staff, seed=3)
    leaving = Judging.objects.filter(entry=entries[5]).first()
    competition.withdraw(entries[5], staff, "团队解散")
    assert not Task.objects.filter(object_id=leaving.pk, done_at=None).exists()
    score_round(first, {e.pk: [70, 70] for e in entries[:5]})
    results = competition.close_round(first, staff)
    assert entries[5].pk not in {r["entry"] for r in results}
    with pytest.raises(IllegalTransition):
        competition.withdraw(Entry.objects.get(pk=entries[5].pk), staff)
    with pytest.raises(competition.CompetitionError, match="比赛已开始"):
        competition.register(program, {"team": "迟到", "project": "迟到", "leader": "某"}, staff)


def test_judges_score_blind_and_teams_see_only_their_own_entry(client, world, make_enterprise, make_user):
    program, staff, entries = world["program"], world["staff"], world["entries"]
    first = program.rounds.first()
    competition.start_round(first, staff, seed=5)
    mine, other = Judging.objects.filter(entry=entries[1]).order_by("pk")[:2]
    competition.submit_judging(other, {"overall": "88"}, "另一位评委的意见")
    client.force_login(mine.reviewer.user)
    page = client.get(reverse("programs:judging", args=[mine.pk])).content.decode()
    page = re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", page)  # a random token may contain "88"
    assert "另一位评委的意见" not in page and "88" not in page
    assert client.get(reverse("programs:judging", args=[Judging.objects.exclude(
        reviewer=mine.reviewer).first().pk])).status_code == 404
    client.post(reverse("programs:judging", args=[mine.pk]), {"overall": "75", "comment": "我的意见"})
    page = client.get(reverse("programs:judging", args=[mine.pk])).content.decode()
    assert "另一位评委的意见" in page
    with pytest.raises(ValueError, match="不能修改"):
        competition.submit_judging(mine, {"overall": "10"}, "改分")
    # a team's user sees its entry, another enterprise's user does not
    team = make_user("team1", "enterprise_user", enterprise=make_enterprise("丙公司"))
    Entry.objects.filter(pk=entries[1].pk).update(registered_by=team)
    client.force_login(team)
    assert client.get(reverse("programs:entry", args=[entries[1].pk])).status_code == 200
    assert client.get(reverse("programs:entry", args=[entries[2].pk])).status_code == 404
    assert client.get(reverse("programs:competition", args=[program.pk])).status_code == 403
    staff_only = [reverse(f"programs:{name}", args=[program.pk]) for name in ("add_entry", "import_entries",
                                                                              "award_prizes")]
    staff_only += [reverse(f"programs:{name}", args=[entries[1].pk]) for name in ("link_entry", "pay_prize",
                                                                                  "record_precredit")]
    assert [client.post(url).status_code for url in staff_only] == [403] * 6  # even on its own entry


def test_staff_run_the_competition_from_its_page(client, world):
    program, staff = world["program"], world["staff"]
    client.force_login(staff)
    assert "6 个参赛项目" in client.get(reverse("programs:list")).content.decode()
    url = reverse("programs:competition", args=[program.pk])
    first = program.rounds.first()
    assert 'id="round-1-start"' in client.get(url).content.decode()
    response = client.post(reverse("workflow:move", args=["round", first.pk, "start"]), {"start-seed": "42"},
                           follow=True)
    assert "初赛已开始，评委已抽取（随机种子 42）" in response.content.decode()
    response = client.post(reverse("workflow:move", args=["round", first.pk, "close"]), follow=True)
    assert "还有 12 份评审意见未提交" in response.content.decode()
    page = client.get(url).content.decode()
    assert 'id="round-1" data-status="judging"' in page and "团队0" in page
    assert client.get(url + "?export=entries")["Content-Type"].startswith("application/vnd.openxmlformats")


def test_staff_settle_and_pay_a_winner_on_its_page(client, finished, make_enterprise):
    staff, entry = finished["staff"], finished["entries"][0]
    client.force_login(staff)
    url = reverse("programs:entry", args=[entry.pk])
    page = client.get(url).content.decode()
    assert "一等奖" in page and "项目落地为区内企业后拨付奖金" in page and 'id="pay"' not in page
    settled = make_enterprise("团队0科技有限公司")
    client.post(reverse("programs:link_entry", args=[entry.pk]), {"credit_code": settled.credit_code})
    assert 'id="pay"' in client.get(url).content.decode()
    pay = reverse("programs:pay_prize", args=[entry.pk])
    assert "未能登记拨付：拨付日期：应为日期" in client.post(pay, {"paid_on": "明天", "reference": "P-9"},
                                                   follow=True).content.decode()
    client.post(pay, {"paid_on": TODAY.isoformat(), "reference": "P-9"})
    page = client.get(url).content.decode()
    assert "已拨付" in page and "P-9" in page
    response = client.post(pay, {"paid_on": TODAY.isoformat(), "reference": "P-10"}, follow=True)
    assert "不能重复登记" in response.content.decode()


def test_an_enterprise_registers_from_the_competition_notice(client, make_enterprise, make_user):
    program = make_competition()
    enterprise = make_enterprise("丁智能有限公司")
    user = make_user("user_d", "enterprise_user", enterprise=enterprise)
    client.force_login(user)
    page = client.get(reverse("programs:program", args=[program.pk])).content.decode()
    assert 'id="register"' in page and "初赛（晋级 3 个） → 决赛" in page
    page = client.post(reverse("programs:register", args=[program.pk]),
                       {"team": "丁智能有限公司", "project": "", "leader": "丁一"}).content.decode()
    assert "尚未报名" in page and not Entry.objects.exists()
    assert "请填写项目名称" in page.split('name="project"')[1].split('<span class="field')[0]
    assert 'value="丁一"' in page  # what was typed is kept
    response = client.post(reverse("programs:register", args=[program.pk]),
                           {"team": "丁智能有限公司", "project": "边缘计算网关", "leader": "丁一"}, follow=True)
    assert "报名成功" in response.content.decode() and "已报名，等待比赛开始" in response.content.decode()
    assert Entry.objects.get().enterprise == enterprise
    assert "边缘计算网关" in client.get(reverse("programs:program", args=[program.pk])).content.decode()
