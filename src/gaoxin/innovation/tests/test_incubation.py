"""孵化载体: entry age checked on the registry, time limits at their edge, graduation only on a condition the
registry shows met (just above / at the 超过 thresholds), the annual survey's numbers and graduates' performance."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gaoxin.innovation import incubation
from gaoxin.innovation.models import Carrier, Tenancy
from gaoxin.registry.models import AnnualFigures, TitleHeld
from gaoxin.workflow.machine import history

TODAY = dt.date(2026, 11, 20)


@pytest.fixture
def carrier(db):
    return Carrier.objects.create(name="青江创业园", kind="incubator", level="national", area=Decimal(10000))


def test_entry_needs_a_young_enterprise_unless_an_accelerator(carrier, make_enterprise, staff):
    young = make_enterprise("新设科技", founded_on=dt.date(2025, 1, 10))
    old = make_enterprise("老牌公司", founded_on=dt.date(2024, 11, 19))
    incubation.admit(carrier, young.credit_code, dt.date(2026, 1, 10), False, staff)  # exactly 24 months
    with pytest.raises(incubation.IncubationError, match="入孵时成立已超过 24 个月"):
        incubation.admit(carrier, old.credit_code, dt.date(2026, 11, 20), False, staff)
    accelerator = Carrier.objects.create(name="加速器", kind="accelerator")
    incubation.admit(accelerator, old.credit_code, dt.date(2026, 11, 20), False, staff)
    with pytest.raises(incubation.IncubationError, match="已在孵"):
        incubation.admit(carrier, old.credit_code, dt.date(2026, 11, 20), False, staff)


@pytest.mark.parametrize(("special", "day", "overdue"), [(False, dt.date(2024, 1, 15), False),
                                                         (False, dt.date(2024, 1, 16), True),
                                                         (True, dt.date(2025, 1, 15), False),
                                                         (True, dt.date(2025, 1, 16), True)])
def test_time_limits_at_their_last_day(carrier, make_enterprise, special, day, overdue):
    tenancy = Tenancy.objects.create(carrier=carrier, enterprise=make_enterprise(), entered_on=dt.date(2020, 1, 15),
                                     special_field=special)
    assert incubation.time_limit(tenancy, day).overdue is overdue  # 48 months, or 60 in a special field
    assert incubation.time_limit(tenancy, day).late is overdue  # still incubating: staff must act
    tenancy.status, tenancy.left_on = "graduated", day
    assert incubation.time_limit(tenancy, day).late is False  # a graduate's overdue is history, not a to-do


@pytest.mark.parametrize(("revenues", "met"), [((500, 500), False), ((500, "500.01"), True)])
def test_graduation_by_two_years_revenue_is_strictly_more_than_1000(carrier, make_enterprise, revenues, met):
    enterprise = make_enterprise()
    for year, revenue in zip((2024, 2025), revenues, strict=True):
        AnnualFigures.objects.create(enterprise=enterprise, year=year, revenue=Decimal(str(revenue)))
    tenancy = Tenancy.objects.create(carrier=carrier, enterprise=enterprise, entered_on=dt.date(2023, 3, 1))
    conditions = {c.id: c for c in incubation.graduation(tenancy, TODAY)}
    assert conditions["graduation.revenue"].met is met
    if met:
        graduated = incubation.graduate(tenancy, TODAY, None)  # the system (a command) may
        assert graduated.status == "graduated" and "连续 2 年营业收入累计超过 1000 万元" in graduated.reason
    else:
        with pytest.raises(incubation.IncubationError, match="尚未满足任何一项毕业条件"):
            incubation.graduate(tenancy, TODAY, None)


def test_graduation_by_title_or_financing(carrier, make_enterprise):
    titled, funded = make_enterprise("甲"), make_enterprise("乙")
    TitleHeld.objects.create(enterprise=titled, title="high_tech", recognized_on=dt.date(2026, 1, 5),
                             valid_until=dt.date(2028, 12, 31))
    AnnualFigures.objects.create(enterprise=funded, year=2022, equity_financing=Decimal(900))  # before entry
    AnnualFigures.objects.create(enterprise=funded, year=2024, equity_financing=Decimal(300))
    AnnualFigures.objects.create(enterprise=funded, year=2025, equity_financing=Decimal("200.01"))
    a = Tenancy.objects.create(carrier=carrier, enterprise=titled, entered_on=dt.date(2024, 1, 1))
    b = Tenancy.objects.create(carrier=carrier, enterprise=funded, entered_on=dt.date(2024, 1, 1))
    assert {c.id for c in incubation.graduation(a, TODAY) if c.met} == {"graduation.hnte"}
    vc = next(c for c in incubation.graduation(b, TODAY) if c.id == "graduation.vc")
    assert vc.met and vc.detail == "入孵以来累计 500.01 万元"


def test_the_annual_survey_and_graduates_performance(carrier, make_enterprise):
    a, b, c = make_enterprise("甲"), make_enterprise("乙"), make_enterprise("丙")
    Tenancy.objects.create(carrier=carrier, enterprise=a, entered_on=dt.date(2025, 5, 1))
    Tenancy.objects.create(carrier=carrier, enterprise=b, entered_on=dt.date(2026, 2, 1))
    Tenancy.objects.create(carrier=carrier, enterprise=c, entered_on=dt.date(2022, 2, 1), status="graduated",
                           left_on=dt.date(2024, 6, 30))
    TitleHeld.objects.create(enterprise=b, title="tech_sme", recognized_on=dt.date(2026, 4, 1),
                             valid_until=dt.date(2026, 12, 31))
    TitleHeld.objects.create(enterprise=c, title="high_tech", recognized_on=dt.date(2025, 11, 1),
                             valid_until=dt.date(2028, 10, 31))
    AnnualFigures.objects.create(enterprise=a, year=2025, employees=30)
    AnnualFigures.objects.create(enterprise=b, year=2025, employees=12)
    AnnualFigures.objects.create(enterprise=c, year=2024, revenue=Decimal(2000))
    AnnualFigures.objects.create(enterprise=c, year=2025, revenue=Decimal(3000))
    s = incubation.survey(carrier.tenancies.all(), 2026, carrier.name, carrier.area)
    assert (s.incubating, s.entered, s.graduated, s.graduated_total, s.new_tech_sme, s.new_high_tech, s.jobs,
            s.density) == (2, 1, 0, 1, 1, 0, 42, "0.2")
    p = incubation.performance(carrier, TODAY)
    assert (p.graduates, p.high_tech_now, p.climbed, p.revenue_growth) == (1, 1, 1, "50%")


def test_staff_run_a_carrier_on_its_pages(client, staff, carrier, make_enterprise):
    enterprise = make_enterprise("青江新创", founded_on=dt.date.today() - dt.timedelta(days=100))
    client.force_login(staff)
    client.post(reverse("innovation:admit", args=[carrier.pk]),
                {"credit_code": enterprise.credit_code, "entered_on": dt.date.today().isoformat()})
    page = client.get(reverse("innovation:carrier", args=[carrier.pk])).content.decode()
    assert "青江新创" in page and "✗ 成为高新技术企业" in page
    book = load_workbook(io.BytesIO(client.get(reverse("innovation:carriers") + "?export=xlsx").content))
    sheet = book.active
    assert [c.value for c in sheet[2]][:2] == ["青江创业园", 1] and sheet[3][0].value == "合计"
    tenancy = Tenancy.objects.get(enterprise=enterprise)
    assert 'name="leave-reason"' in page
    leave = reverse("workflow:move", args=["tenancy", tenancy.pk, "leave"])
    assert "未能退出：退出原因：" in client.post(leave, {"leave-reason": ""}, follow=True).content.decode()
    client.post(leave, {"leave-reason": "迁出本区"})
    tenancy.refresh_from_db()
    assert (tenancy.status, tenancy.reason, tenancy.left_on) == ("exited", "迁出本区", dt.date.today())
    assert [t.action for t in history(tenancy)] == ["leave"]


def test_the_dashboard_counts_tenants_and_prospects(client, staff, carrier, make_enterprise):
    from gaoxin.innovation.models import Prospect

    Tenancy.objects.create(carrier=carrier, enterprise=make_enterprise(), entered_on=dt.date.today())
    Prospect.objects.create(name="甲", indicators={"rd_intensity": "12", "ip_class1": "30", "rd_staff": "200",
                                                   "growth": "80", "titles": "5", "financing": "20000", "trl": "9"})
    client.force_login(staff)
    line = client.get(reverse("dashboard:index")).content.decode()
    line = line[line.index('id="innovation-line"'):]
    assert "在孵企业 <a" in line and ">1</a> 家" in line and "其中 A 类 1 个" in line
