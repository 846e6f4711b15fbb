"""Program set-up by staff: plain fields and line-based lists become the program's data, every mistake is said
and nothing is saved, and what is stored reads back into the form."""

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from gaoxin.programs.forms import ProgramCommand
from gaoxin.programs.models import Program

FORM = {"name": "研发费用补助", "kind": "rd_subsidy", "year": "2026", "department": "区科技局", "budget": "500",
        "award_cap": "50", "opens_on": "2026-04-01", "closes_on": "2026-04-30", "guide": "按上年研发投入给予补助。",
        "titles": ["high_tech"], "policies": ["tech_sme"], "max_years": "10", "min_revenue": "1000",
        "form_fields": "项目简介|多行|必填\n研发人员数|数字|选填",
        "attachments": "研发费用专项审计报告|pdf|20|必填\n其他材料|pdf,docx,jpg|10|选填",
        "rubric": "研发投入强度|50|10\n成果产出|50|10", "reviewers_per_application": "3", "aggregation": "trimmed",
        "pass_score": "60", "public_notice_days": "7", "tranche_plan": "签订协议|60%|签约即付\n结项验收|40%"}


def test_staff_set_up_a_program_and_edit_it_again(client, staff):
    client.force_login(staff)
    response = client.post(reverse("programs:program_new"), FORM, follow=True)
    assert "已保存扶持项目" in response.content.decode()
    program = Program.objects.get()
    assert (program.budget, program.award_cap, program.opens_on) == (Decimal(500), Decimal(50), dt.date(2026, 4, 1))
    assert program.eligibility["titles"] == ["high_tech"] and program.eligibility["policies"] == ["tech_sme"]
    [age, revenue] = program.eligibility["clauses"]
    assert age["test"] == {"kind": "age", "op": "<=", "days": 3652} and revenue["test"]["threshold"] == 1000.0
    assert program.form_fields[0] == {"code": "xiang_mu_jian_jie", "label": "项目简介", "kind": "textarea",
                                      "required": True}
    assert program.attachments[1]["types"] == ["pdf", "docx", "jpg"] and not program.attachments[1]["required"]
    assert program.tranche_plan == [{"milestone": "签订协议", "share": 0.6, "on_signing": True},
                                    {"milestone": "结项验收", "share": 0.4, "on_signing": False}]
    written = ProgramCommand.initial_of(program)
    assert written["tranche_plan"] == "签订协议|60%|签约即付\n结项验收|40%" and written["max_years"] == 10
    assert written["form_fields"] == FORM["form_fields"] and written["rubric"] == FORM["rubric"]
    page = client.get(reverse("programs:program_edit", args=[program.pk])).content.decode()
    assert "研发费用专项审计报告|pdf|20|必填" in page


def test_mistakes_are_listed_and_nothing_is_saved(client, staff):
    client.force_login(staff)
    bad = FORM | {"budget": "五百", "closes_on": "2026-03-01", "attachments": "报告|exe|5|必填",
                  "tranche_plan": "签订协议|60%\n结项验收|30%"}
    page = client.post(reverse("programs:program_new"), bad, follow=True).content.decode()
    assert "尚未保存" in page
    for field, words in (("budget", "应为数字（万元）"), ("closes_on", "申报截止不能早于申报开始"),
                         ("attachments", "第 1 行“报告|exe|5|必填”格式不对"),
                         ("tranche_plan", "分期拨付比例合计应为 100%")):
        beside = page.split(f'name="{field}"')[1].split('<span class="field')[0]
        assert words in beside, field
    assert 'value="五百"' in page  # what was typed is kept
    assert not Program.objects.exists()


def test_only_staff_set_up_programs(client, make_user, make_enterprise):
    client.force_login(make_user("qiye", "enterprise_user", enterprise=make_enterprise()))
    assert client.post(reverse("programs:program_new"), FORM).status_code == 403
    assert not Program.objects.exists()
