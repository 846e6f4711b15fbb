"""Enterprise self-service: draft → submitted → returned with reason / accepted, with the import's checks."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from gaoxin.registry import services
from gaoxin.registry.models import AnnualFigures, AuditEntry, FiguresFiling
from gaoxin.workflow.machine import IllegalTransition, history
from gaoxin.workflow.models import Notification, Task


@pytest.fixture
def setup(make_enterprise, make_user):
    enterprise = make_enterprise("青江星云软件有限公司")
    AnnualFigures.objects.create(enterprise=enterprise, year=2025, revenue=Decimal(1000), employees=20)
    return {"enterprise": enterprise, "user": make_user("filer", "enterprise_user", enterprise=enterprise),
            "staff": make_user("staff", "zone_staff")}


def filing_url(setup):
    return reverse("registry:filing_edit", args=[setup["enterprise"].credit_code, 2025])


def test_form_starts_from_the_accepted_figures(client, setup):
    client.force_login(setup["user"])
    page = client.get(filing_url(setup)).content.decode()
    assert 'name="revenue"' in page and 'value="1000.0000"' in page


def test_draft_is_saved_without_changing_the_official_figures(client, setup):
    client.force_login(setup["user"])
    response = client.post(filing_url(setup), {"revenue": "1200", "employees": "22", "save": "1"})
    assert response.status_code == 302
    filing = FiguresFiling.objects.get()
    assert filing.status == "draft" and filing.revenue == Decimal(1200)
    assert AnnualFigures.objects.get().revenue == Decimal(1000)


def test_the_form_keeps_no_research_institution_as_a_value(client, setup):
    """研发机构级别 未建立 (code none) is what the enterprise said, not a blank."""
    client.force_login(setup["user"])
    client.post(filing_url(setup), {"rd_institution_level": "none", "save": "1"})
    assert FiguresFiling.objects.get().rd_institution_level == "none"


def test_invalid_figures_are_refused_with_the_same_messages_as_the_import(client, setup):
    client.force_login(setup["user"])
    page = client.post(filing_url(setup), {"employees": "10", "tech_staff": "12", "submit": "1"}).content.decode()
    assert "科技人员（12）不能大于职工总数（10）" in page
    assert not FiguresFiling.objects.exists()


def test_full_round_submit_return_resubmit_accept(client, setup):
    client.force_login(setup["user"])
    client.post(filing_url(setup), {"revenue": "1300", "employees": "25", "submit": "1"})
    filing = FiguresFiling.objects.get()
    assert filing.status == "submitted"
    assert "审核期间不能修改" in client.get(filing_url(setup)).content.decode()

    client.force_login(setup["staff"])
    page = client.get(reverse("registry:filing_review", args=[filing.pk])).content.decode()
    assert 'name="return-reason"' in page and 'data-move="accept"' in page
    client.post(reverse("workflow:move", args=["filing", filing.pk, "return"]), {"return-reason": "营收与报表不符"})
    filing.refresh_from_db()
    assert filing.status == "returned" and filing.return_reason == "营收与报表不符"

    client.force_login(setup["user"])
    assert "营收与报表不符" in client.get(filing_url(setup)).content.decode()
    client.post(filing_url(setup), {"revenue": "1250", "employees": "25", "submit": "1"})
    client.force_login(setup["staff"])
    client.post(reverse("workflow:move", args=["filing", filing.pk, "accept"]))

    filing.refresh_from_db()
    figures = AnnualFigures.objects.get()
    assert filing.status == "accepted" and filing.decided_by == setup["staff"]
    assert figures.revenue == Decimal(1250) and figures.source == "online" and figures.version == 2
    entry = AuditEntry.objects.get(subject="annualfigures")
    assert entry.changes["revenue"] == ["1000", "1250"] and entry.user == setup["staff"]


@pytest.mark.parametrize("status, action", [("draft", "accept"), ("draft", "return"), ("accepted", "submit"),
                                            ("returned", "accept"), ("accepted", "return")])
def test_illegal_transitions_are_refused(setup, status, action):
    filing = FiguresFiling.objects.create(enterprise=setup["enterprise"], year=2024, status=status)
    with pytest.raises(IllegalTransition):
        services.transition_filing(setup["staff"], filing, action, reason="x")
    filing.refresh_from_db()
    assert filing.status == status


def test_return_needs_a_reason(setup):
    filing = FiguresFiling.objects.create(enterprise=setup["enterprise"], year=2024, status="submitted")
    with pytest.raises(IllegalTransition, match="须填写原因"):
        services.transition_filing(setup["staff"], filing, "return", reason="  ")


def test_staff_edit_with_a_stale_version_overwrites_nothing(setup):
    enterprise, staff = setup["enterprise"], setup["staff"]
    loaded_version = AnnualFigures.objects.get().version
    services.update_figures(staff, enterprise, 2025, {"revenue": Decimal(1100), "employees": 20}, loaded_version)
    with pytest.raises(services.StaleEdit, match="已被他人修改"):
        services.update_figures(staff, enterprise, 2025, {"revenue": Decimal(900), "employees": 20}, loaded_version)
    assert AnnualFigures.objects.get().revenue == Decimal(1100)


def test_history_on_the_enterprise_page_shows_who_when_and_old_to_new(client, setup):
    services.update_figures(setup["staff"], setup["enterprise"], 2025, {"revenue": Decimal(1100), "employees": 20},
                            1)
    client.force_login(setup["staff"])
    page = client.get(reverse("portal:enterprise", args=[setup["enterprise"].credit_code])).content.decode()
    assert "变更记录" in page and "<b>营业收入</b>：1000 → 1100" in page and "staff" in page


def test_staff_edit_page_saves_and_a_concurrent_edit_is_refused(client, setup):
    url = reverse("registry:figures_edit", args=[setup["enterprise"].credit_code, 2025])
    client.force_login(setup["staff"])
    assert 'name="loaded_version" value="1"' in client.get(url).content.decode()
    assert client.post(url, {"revenue": "1500", "employees": "20", "loaded_version": "1"}).status_code == 302
    page = client.post(url, {"revenue": "1600", "employees": "20", "loaded_version": "1"}).content.decode()
    assert "已被他人修改" in page
    assert AnnualFigures.objects.get().revenue == Decimal(1500)


def test_admin_changes_are_audited(client, setup):
    from django.contrib.auth import get_user_model

    admin_user = get_user_model().objects.create_superuser("root", password="pw-for-tests-123")
    client.force_login(admin_user)
    enterprise = setup["enterprise"]
    url = reverse("admin:registry_enterprise_change", args=[enterprise.pk])
    form = client.get(url).context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items() if k in form.fields}
    data.update(name="青江星云软件股份有限公司", park=enterprise.park_id)
    data = {k: v for k, v in data.items() if v is not False}
    assert client.post(url, data).status_code == 302
    entry = AuditEntry.objects.get(subject="enterprise")
    assert entry.changes["name"] == ["青江星云软件有限公司", "青江星云软件股份有限公司"] and entry.via == "系统管理"


def test_staff_record_a_title_and_an_ip_right_with_audit(client, setup):
    from gaoxin.registry.models import IntellectualProperty, TitleHeld

    code = setup["enterprise"].credit_code
    client.force_login(setup["staff"])
    url = reverse("registry:grant_add", args=[code, "title"])
    bad = client.post(url, {"title": "high_tech", "level": "national", "recognized_on": "2025-12-01",
                            "valid_until": "2024-11-30"})
    assert "有效期至不能早于认定日期" in bad.content.decode() and not TitleHeld.objects.exists()
    client.post(url, {"title": "high_tech", "level": "national", "recognized_on": "2025-12-01",
                      "valid_until": "2028-11-30", "certificate_no": "GR202532000001"})
    client.post(reverse("registry:grant_add", args=[code, "ip"]),
                {"kind": "invention_patent", "number": "ZL2024100001.1", "title": "一种方法",
                 "acquisition": "self_developed", "granted_on": "2024-03-01", "main_product": "on"})
    assert TitleHeld.objects.get().certificate_no == "GR202532000001"
    assert IntellectualProperty.objects.get().ip_class == 1
    assert set(AuditEntry.objects.values_list("subject", flat=True)) == {"titleheld", "intellectualproperty"}


def test_only_staff_may_record_grants(client, setup):
    client.force_login(setup["user"])
    url = reverse("registry:grant_add", args=[setup["enterprise"].credit_code, "title"])
    assert client.post(url, {"title": "high_tech"}).status_code == 403


def test_a_filing_moves_on_the_machine_with_its_record_todos_and_notices(setup):
    """Submitting opens a to-do for staff; the decision closes it, is recorded with its reason and tells the
    enterprise's users, whose notice opens their own filing page."""
    filing = services.save_filing(setup["user"], services.open_filing(setup["user"], setup["enterprise"], 2025),
                                  {"revenue": Decimal(1200), "employees": 22})
    services.transition_filing(setup["user"], filing, "submit")
    todo = Task.objects.get(done_at=None)
    assert todo.user == setup["staff"] and "审核企业填报" in todo.title
    assert todo.link == reverse("registry:filing_review", args=[filing.pk])
    services.transition_filing(setup["staff"], filing, "return", reason="营业收入与报表不符")
    assert not Task.objects.filter(done_at=None).exists()
    moves = [(t.action, t.from_state, t.to_state, t.reason) for t in history(filing)]
    assert moves == [("submit", "draft", "submitted", ""), ("return", "submitted", "returned", "营业收入与报表不符")]
    notice = Notification.objects.filter(user=setup["user"]).first()
    assert "退回" in notice.message and "营业收入与报表不符" in notice.message and notice.link == filing_url(setup)


def test_only_the_enterprise_submits_and_only_staff_decide(setup, make_user, make_enterprise):
    filing = FiguresFiling.objects.create(enterprise=setup["enterprise"], year=2025, status="draft")
    other = make_user("other", "enterprise_user", enterprise=make_enterprise("别家公司"))
    for who in (setup["staff"], other):
        with pytest.raises(PermissionDenied):
            services.transition_filing(who, filing, "submit")
    services.transition_filing(setup["user"], filing, "submit")
    with pytest.raises(PermissionDenied):
        services.transition_filing(setup["user"], filing, "accept")
    filing.refresh_from_db()
    assert filing.status == "submitted" and AnnualFigures.objects.get().revenue == Decimal(1000)
