"""股东及主要人员: imported whole or not at all, replacing each listed enterprise's people; the ties they reveal
exclude experts from reviewing and judging."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from gaoxin.conftest import xlsx_bytes
from gaoxin.jobs.services import drain
from gaoxin.programs.models import Application, Program, ReviewAssignment, Reviewer
from gaoxin.programs.review import conflicts, draw
from gaoxin.registry.models import AuditEntry, KeyPerson
from gaoxin.registry.people import import_people, ties

HEADERS = ["统一社会信用代码", "姓名/名称", "身份", "持股比例（%）"]


@pytest.fixture
def zone(make_enterprise, staff):
    applicant = make_enterprise("甲科技有限公司")
    employer = make_enterprise("乙投资有限公司")
    rows = [[applicant.credit_code, "张三", "股东", 60], [applicant.credit_code, "张三", "董事长", None],
            [applicant.credit_code, "张三", "董事", None],
            [applicant.credit_code, "乙投资有限公司", "股东", "40%"], [applicant.credit_code, "李四", "总经理", None],
            [employer.credit_code, "李四", "监事", None], [employer.credit_code, "张三", "执行董事", None]]
    result = import_people(xlsx_bytes(HEADERS, rows, sheet="人员"), "人员.xlsx", staff)
    return {"applicant": applicant, "employer": employer, "result": result, "staff": staff}


def test_a_good_file_gives_each_enterprise_exactly_its_people(zone, make_enterprise):
    result, applicant, employer = zone["result"], zone["applicant"], zone["employer"]
    assert (result.saved, result.enterprises, result.problems) == (6, 2, [])  # 董事长 and 董事 of 张三: one row
    assert {(p.name, p.role, p.share) for p in applicant.people.all()} == {
        ("张三", "shareholder", Decimal(60)), ("张三", "director", None),
        ("乙投资有限公司", "shareholder", Decimal(40)), ("李四", "executive", None)}
    assert AuditEntry.objects.filter(enterprise=applicant, subject="keyperson").exists()
    # a later file listing only the applicant replaces its people and leaves the employer's alone
    again = import_people(xlsx_bytes(HEADERS, [[applicant.credit_code, "王五", "法定代表人", None]]), "新.xlsx",
                          zone["staff"])
    assert again.saved == 1
    assert list(applicant.people.values_list("name", flat=True)) == ["王五"]
    assert employer.people.count() == 2


def test_a_bad_file_imports_nothing_and_says_where(zone, make_enterprise):
    applicant = zone["applicant"]
    before = KeyPerson.objects.count()
    bad = xlsx_bytes(HEADERS, [[applicant.credit_code, "赵六", "股东", 150],
                               ["91330100MA2XXXXXX0", "钱七", "股东", None],
                               [applicant.credit_code, "", "顾问", None]])
    result = import_people(bad, "坏.xlsx", zone["staff"])
    assert result.saved == 0 and KeyPerson.objects.count() == before
    assert {(p.row, p.column) for p in result.problems} == {(2, "持股比例（%）"), (3, "统一社会信用代码"),
                                                             (4, "姓名/名称"), (4, "身份")}
    assert "身份应为：股东、法定代表人、董事、监事、高级管理人员" in {p.reason for p in result.problems}


def test_ties_through_people_and_shareholdings(zone):
    applicant, employer = zone["applicant"], zone["employer"]
    assert ties(applicant, "张三", "青江大学") == ["本人是申报企业的股东、董事"]
    assert ties(applicant, "赵六", "乙投资有限公司") == ["工作单位是申报企业的股东",
                                                   "工作单位与申报企业有共同股东或高管：张三、李四"]
    assert ties(applicant, "赵六", "青江大学") == []
    assert ties(employer, "赵六", "甲科技有限公司") == ["申报企业是工作单位的股东",
                                                  "工作单位与申报企业有共同股东或高管：张三、李四"]


def test_the_review_draw_excludes_experts_tied_through_the_registry(zone, make_user):
    today = dt.date.today()
    program = Program.objects.create(name="研发补助", kind="rd_subsidy", year=today.year, budget=Decimal(100),
                                     opens_on=today, closes_on=today, reviewers_per_application=2,
                                     rubric=[{"code": "x", "label": "综合", "weight": 100, "max": 100}])
    application = Application.objects.create(program=program, enterprise=zone["applicant"], project_title="项目",
                                             status="accepted")
    experts = [Reviewer.objects.create(user=make_user(f"e{n}", "reviewer"), name=name, affiliation=org)
               for n, (name, org) in enumerate([("张三", "青江大学"), ("赵六", "乙投资有限公司"),
                                                 ("孙八", "青江大学"), ("周九", "青江研究院")])]
    assert conflicts(experts[0], application) == ["本人是申报企业的股东、董事"]
    record = draw(program, zone["staff"], seed=1)
    assert set(ReviewAssignment.objects.values_list("reviewer__name", flat=True)) == {"孙八", "周九"}
    assert set(record.log[0]["excluded"]) == {str(experts[0].pk), str(experts[1].pk)}


def test_staff_import_people_on_a_page_and_see_them_on_the_enterprise(client, zone):
    client.force_login(zone["staff"])
    assert client.get(reverse("registry:people_template")).status_code == 200
    upload = xlsx_bytes(HEADERS, [[zone["applicant"].credit_code, "王五", "法人", None]])
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(reverse("registry:people_import"), {"file": SimpleUploadedFile("人员.xlsx", upload)})
    assert response.status_code == 302 and drain() == 1  # stored by the request, imported by the job
    page = client.get(response.url).content.decode()
    assert "已导入 1 条，涉及 1 家企业" in page and reverse("registry:people_import") in page
    detail = client.get(reverse("portal:enterprise", args=[zone["applicant"].credit_code])).content.decode()
    assert 'id="people"' in detail and "王五" in detail and "法定代表人" in detail
