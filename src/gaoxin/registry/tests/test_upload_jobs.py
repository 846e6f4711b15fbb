"""Every kind of upload is stored by the request and imported by a background job (decision 0012): 股东及主要人员
and a competition's entry list as well as the yearly figures. The request writes nothing; the job's outcome is
the import's all-or-nothing one, on the batch's page; the header is checked before any row; only staff may."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gaoxin.conftest import xlsx_bytes
from gaoxin.intake.validate import Problem
from gaoxin.jobs.services import drain
from gaoxin.programs import competition
from gaoxin.programs.models import Entry, Program, Round
from gaoxin.registry.models import ImportBatch, KeyPerson
from gaoxin.registry.people import import_people, queue_people
from gaoxin.registry.tests.test_import_limits import one_cell_rows
from gaoxin.registry.uploads import UploadRefused, record_outcome

PEOPLE = ["统一社会信用代码", "姓名/名称", "身份", "持股比例（%）"]
ENTRIES = ["项目名称", "团队名称", "负责人", "统一社会信用代码", "所在单位"]


@pytest.fixture
def contest() -> Program:
    today = dt.date.today()
    program = Program.objects.create(name="青江创新创业大赛", kind="competition", year=today.year, budget=Decimal(50),
                                     opens_on=today, closes_on=today,
                                     rubric=[{"code": "overall", "label": "综合", "weight": 100, "max": 100}],
                                     prize_tiers=[{"name": "一等奖", "count": 1, "amount": "20.00"}])
    Round.objects.create(program=program, seq=1, name="初赛", judges=2, advancing=3)
    return program


@pytest.fixture
def liaison(make_user, parks):
    return make_user("liaison", "park_liaison", park=parks[0])


@pytest.fixture
def enterprise_user(make_user, make_enterprise):
    return make_user("firm", "enterprise_user", enterprise=make_enterprise("丙公司"))


def _upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def test_people_are_imported_by_the_job_not_the_request(client, staff, make_enterprise):
    enterprise = make_enterprise("甲科技有限公司")
    client.force_login(staff)
    data = xlsx_bytes(PEOPLE, [[enterprise.credit_code, "王五", "法定代表人", None],
                               [enterprise.credit_code, "赵六", "股东", 30]])
    response = client.post(reverse("registry:people_import"), {"file": _upload("人员.xlsx", data)})
    batch = ImportBatch.objects.get()
    assert response.url == reverse("registry:import_result", args=[batch.pk])
    assert (batch.kind, batch.status, batch.job.kind) == ("people", "queued", "registry_people")
    assert not KeyPerson.objects.exists()
    assert 'http-equiv="refresh"' in client.get(response.url).content.decode()
    assert drain() == 1
    batch.refresh_from_db()
    assert (batch.status, batch.rows, bool(batch.upload)) == ("imported", 2, False)
    assert KeyPerson.objects.filter(enterprise=enterprise).count() == 2
    assert batch.job.message == "人员.xlsx：已导入 2 条，涉及 1 家企业"
    page = client.get(response.url).content.decode()
    assert 'data-status="imported"' in page and "股东及主要人员" in page
    assert batch.file_name in client.get(reverse("registry:people_import")).content.decode()  # listed there


def test_a_bad_people_file_writes_nothing_and_lists_its_rows(client, staff, make_enterprise):
    enterprise = make_enterprise("甲科技有限公司")
    KeyPerson.objects.create(enterprise=enterprise, name="原股东", role="shareholder")
    client.force_login(staff)
    data = xlsx_bytes(PEOPLE, [[enterprise.credit_code, "王五", "法定代表人", None],
                               [enterprise.credit_code, "", "股东", 30]])
    client.post(reverse("registry:people_import"), {"file": _upload("人员.xlsx", data)})
    drain()
    batch = ImportBatch.objects.get()
    assert batch.status == "rejected" and [(e["row"], e["column"]) for e in batch.errors] == [(3, "姓名/名称")]
    assert list(enterprise.people.values_list("name", flat=True)) == ["原股东"]
    assert client.get(reverse("registry:import_report", args=[batch.pk])).status_code == 200


def test_the_people_header_is_checked_before_any_row(staff):
    """800,000 rows under a header without the people's columns: refused at the header, not after reading."""
    result = import_people(one_cell_rows(800_000), "攻击.xlsx", staff)
    assert {p.column for p in result.problems} == {"姓名/名称", "身份"} and {p.row for p in result.problems} == {1}


def test_only_staff_may_import_people(liaison, staff, make_enterprise):
    data = xlsx_bytes(PEOPLE, [[make_enterprise("甲科技有限公司").credit_code, "王五", "法定代表人", None]])
    with pytest.raises(PermissionDenied):
        queue_people(_upload("人员.xlsx", data), liaison)
    with pytest.raises(PermissionDenied):
        import_people(data, "人员.xlsx", liaison)
    assert not ImportBatch.objects.exists() and not KeyPerson.objects.exists()


def test_an_upload_past_the_size_cap_is_refused_before_it_is_kept(staff, settings):
    settings.GAOXIN_IMPORT_MAX_BYTES = 10
    with pytest.raises(UploadRefused, match="文件过大"):
        queue_people(_upload("人员.xlsx", b"x" * 11), staff)
    assert not ImportBatch.objects.exists()


def test_the_entry_list_is_imported_by_the_job(client, staff, contest):
    client.force_login(staff)
    data = xlsx_bytes(ENTRIES, [["项目A", "团队A", "李四", "", "青江大学"], ["项目B", "团队B", "王五", "", ""]],
                      sheet="报名表")
    response = client.post(reverse("programs:import_entries", args=[contest.pk]),
                           {"file": _upload("报名表.xlsx", data)})
    batch = ImportBatch.objects.get()
    assert response.url == reverse("registry:import_result", args=[batch.pk])
    assert (batch.kind, batch.job.kind, batch.job.params) == ("entries", "competition_entries",
                                                              {"program": contest.pk, "batch": batch.pk})
    assert not Entry.objects.exists()
    assert drain() == 1
    assert Entry.objects.filter(program=contest).count() == 2
    page = client.get(response.url).content.decode()
    assert "已导入 2 个参赛项目" in page and reverse("programs:competition", args=[contest.pk]) in page


def test_a_bad_entry_list_writes_nothing(client, staff, contest):
    client.force_login(staff)
    data = xlsx_bytes(["项目名称", "负责人"], [["项目A", "李四"]], sheet="报名表")
    client.post(reverse("programs:import_entries", args=[contest.pk]), {"file": _upload("报名表.xlsx", data)})
    drain()
    batch = ImportBatch.objects.get()
    assert batch.status == "rejected" and not Entry.objects.exists()
    assert [(e["row"], e["column"]) for e in batch.errors] == [(1, "团队名称")]


def test_no_entry_list_is_queued_once_the_competition_has_started(staff, contest):
    contest.rounds.update(status="judging")
    with pytest.raises(competition.CompetitionError, match="比赛已开始"):
        competition.queue_entries(contest, _upload("报名表.xlsx", b"x"), staff)


def test_only_staff_may_import_an_entry_list(enterprise_user, contest):
    data = xlsx_bytes(ENTRIES, [["项目A", "团队A", "李四", "", ""]], sheet="报名表")
    with pytest.raises(PermissionDenied):
        competition.queue_entries(contest, _upload("报名表.xlsx", data), enterprise_user)
    with pytest.raises(PermissionDenied):
        competition.import_entries(contest, data, "报名表.xlsx", enterprise_user)


def test_a_rejected_import_lists_the_first_problems_and_counts_the_rest(staff, settings):
    settings.GAOXIN_IMPORT_MAX_PROBLEMS = 3
    batch = ImportBatch.objects.create(kind="people", file_name="人员.xlsx", status="running")
    record_outcome(batch, [Problem(n, "身份", "", "必填") for n in range(2, 12)], 0, "")
    assert len(batch.errors) == 4 and "另有 7 处问题未列出" in batch.errors[-1]["reason"]
