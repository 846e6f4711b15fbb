"""Applying to a support program: draft, real attachments checked by their bytes, screening with the engine's
reasons, submission, staff's completeness check, the applicant's status in plain words, to-dos and messages."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from reportlab.pdfgen import canvas

from gaoxin.programs.models import Application, Program
from gaoxin.registry.models import TitleHeld
from gaoxin.workflow.machine import IllegalTransition, advance
from gaoxin.workflow.models import Notification, Task, Transition

TODAY = dt.date.today()


def pdf_bytes(text="商业计划书") -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, text.encode("ascii", "ignore").decode() or "plan")
    page.save()
    return buffer.getvalue()


@pytest.fixture
def world(make_enterprise, make_user, parks):
    young = make_enterprise("青江种子科技有限公司", founded_on=TODAY - dt.timedelta(days=700))
    TitleHeld.objects.create(enterprise=young, title="tech_sme", recognized_on=TODAY - dt.timedelta(days=30),
                             valid_until=dt.date(TODAY.year, 12, 31))
    old = make_enterprise("青江老牌制造有限公司", founded_on=dt.date(2001, 5, 1))
    program = Program.objects.create(
        name="孵化种子资金", kind="seed_fund", year=TODAY.year, budget=Decimal("61"), award_cap=Decimal("20"),
        opens_on=TODAY - dt.timedelta(days=5), closes_on=TODAY + dt.timedelta(days=20),
        eligibility={"titles": ["tech_sme"], "clauses": [
            {"id": "program.young", "label": "成立不超过 5 年", "article": "申报指南 第二条",
             "test": {"kind": "age", "op": "<=", "days": 1826}}]},
        form_fields=[{"code": "summary", "label": "项目简介", "kind": "textarea", "required": True}],
        attachments=[{"code": "plan", "label": "商业计划书", "types": ["pdf"], "max_mb": 1, "required": True}])
    return {"young": young, "old": old, "program": program,
            "user_a": make_user("user_a", "enterprise_user", enterprise=young),
            "user_b": make_user("user_b", "enterprise_user", enterprise=old),
            "staff": make_user("staff", "zone_staff"), "reviewer": make_user("reviewer", "reviewer")}


def start(client, world, user="user_a") -> Application:
    client.force_login(world[user])
    client.post(reverse("programs:program", args=[world["program"].pk]), {"project_title": "智能传感器中试"})
    return Application.objects.get()


def act(client, application, action: str, **data):
    """What the application page's forms post: the draft and the files to their own URLs, a move to its
    machine's one URL with its typed input."""
    if action in ("save", "upload"):
        url = reverse("programs:save_answers" if action == "save" else "programs:attach", args=[application.pk])
    else:
        url = reverse("workflow:move", args=["application", application.pk, action])
        data = {f"{action}-{name}": value for name, value in data.items()}
    return client.post(url, data, follow=True)


def fill(client, application):
    act(client, application, action="save", project_title="智能传感器中试", requested="18",
        **{"field:summary": "面向工业现场的低功耗传感器。"})
    act(client, application, action="upload", code="plan", file=SimpleUploadedFile("计划书.pdf", pdf_bytes()))


def test_an_enterprise_applies_staff_return_then_accept_and_everyone_is_told(client, world):
    application = start(client, world)
    fill(client, application)
    page = act(client, application, action="submit").content.decode()
    application.refresh_from_db()
    assert application.status == "submitted" and application.screening["verdict"] == "pass"
    assert "已提交。区里正在核对材料是否齐全" in page and "成立不超过 5 年" in page
    assert Task.objects.filter(user=world["staff"], done_at=None).count() == 1
    assert Notification.objects.filter(user=world["user_a"]).exists()

    client.force_login(world["staff"])
    assert "智能传感器中试" in client.get(reverse("programs:queue")).content.decode()
    act(client, application, action="return", reason="商业计划书缺少财务预测")
    application.refresh_from_db()
    assert application.status == "returned"
    assert not Task.objects.filter(user=world["staff"], done_at=None).exists()  # closed when it moved on
    assert Task.objects.filter(user=world["user_a"], done_at=None).count() == 1

    client.force_login(world["user_a"])
    page = client.get(reverse("programs:application", args=[application.pk])).content.decode()
    assert "材料被退回，请按退回意见修改后重新提交" in page and "商业计划书缺少财务预测" in page
    assert "商业计划书缺少财务预测" in client.get(reverse("workflow:inbox")).content.decode()
    act(client, application, action="submit")
    client.force_login(world["staff"])
    act(client, application, action="accept")
    application.refresh_from_db()
    assert application.status == "accepted"
    steps = list(Transition.objects.filter(object_id=application.pk).values_list("to_state", flat=True))
    assert steps == ["submitted", "returned", "submitted", "accepted"]
    client.force_login(world["user_a"])
    assert "材料齐全，已受理" in client.get(reverse("programs:application", args=[application.pk])).content.decode()


def test_submission_names_what_is_missing_and_changes_nothing(client, world):
    application = start(client, world)
    page = act(client, application, action="submit").content.decode()
    assert "尚缺：申报表：项目简介；附件：商业计划书" in page
    application.refresh_from_db()
    assert application.status == "draft" and not Transition.objects.exists()


def test_draft_mistakes_show_beside_their_fields_and_nothing_is_saved(client, world):
    application = start(client, world)
    page = act(client, application, action="save", project_title="智能传感器中试", requested="25",
               **{"field:summary": ""}).content.decode()
    assert "尚未保存" in page
    assert "申请金额不能超过单项支持上限 20" in page.split('name="requested"')[1].split('<span class="field')[0]
    assert "这个字段是必填项" in page.split('name="field:summary"')[1].split('<span class="field')[0]
    assert 'value="智能传感器中试"' in page  # what was typed is kept
    application.refresh_from_db()
    assert application.requested == 0 and application.answers == {}
    fill(client, application)
    application.refresh_from_db()
    assert application.requested == 18 and application.answers == {"summary": "面向工业现场的低功耗传感器。"}


def test_an_ineligible_enterprise_is_told_which_conditions_fail(client, world):
    application = start(client, world, "user_b")
    fill(client, application)
    page = act(client, application, action="submit").content.decode()
    assert "不符合申报条件：持有有效的科技型中小企业；成立不超过 5 年" in page
    application.refresh_from_db()
    assert application.status == "draft" and application.screening["verdict"] == "fail"


def test_attachments_are_judged_by_their_bytes_and_size_and_stored_under_a_safe_name(client, world):
    application = start(client, world)
    png = b"\x89PNG\r\n\x1a\n" + b"0" * 100
    page = act(client, application, action="upload", code="plan", file=SimpleUploadedFile("伪装.pdf", png))
    assert "只接受 PDF 文件，该文件内容是 PNG" in page.content.decode()
    big = b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 1)
    assert "文件超过 1 MB" in act(client, application, action="upload", code="plan",
                                    file=SimpleUploadedFile("大.pdf", big)).content.decode()
    act(client, application, action="upload", code="plan", file=SimpleUploadedFile("../../etc/passwd.pdf",
                                                                                   pdf_bytes()))
    assert "附件类别：没有这一类附件" in act(client, application, action="upload", code="budget",
                                           file=SimpleUploadedFile("预算.pdf", pdf_bytes())).content.decode()
    assert "文件：请选择文件" in act(client, application, action="upload", code="plan").content.decode()
    [stored] = application.files.all()
    assert stored.original_name == "passwd.pdf" and stored.kind == "pdf"
    assert ".." not in stored.file.name and stored.file.name.startswith("applications/")
    download = client.get(reverse("programs:attachment", args=[stored.pk]))
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_illegal_moves_are_refused(client, world):
    application = start(client, world)
    with pytest.raises(IllegalTransition, match="当前状态为“草稿”，不能受理"):
        advance_as(world["staff"], application, "accept")
    fill(client, application)
    act(client, application, action="submit")
    assert act(client, application, action="accept").status_code == 403  # an applicant cannot accept
    client.force_login(world["staff"])
    assert "未能退回修改：原因：必填" in act(client, application, action="return", reason=" ").content.decode()
    advance_as(world["staff"], application, "accept")
    with pytest.raises(IllegalTransition, match="当前状态为“已受理，待评审”"):
        advance_as(world["staff"], application, "accept")  # a second click, or a second person, is refused


def advance_as(user, application, action):
    from gaoxin.programs.machines import APPLICATION

    return advance(APPLICATION, Application.objects.get(pk=application.pk), action, user)


def test_nobody_else_sees_an_application_or_its_files(client, world):
    application = start(client, world)
    fill(client, application)
    stored = application.files.get()
    for other in ("user_b", "reviewer"):
        client.force_login(world[other])
        assert client.get(reverse("programs:application", args=[application.pk])).status_code == 404
        assert client.get(reverse("programs:attachment", args=[stored.pk])).status_code == 404
    client.logout()
    assert client.get(reverse("programs:application", args=[application.pk])).status_code == 302


def test_no_application_outside_the_window(client, world):
    world["program"].closes_on = TODAY - dt.timedelta(days=1)
    world["program"].save()
    client.force_login(world["user_a"])
    page = client.post(reverse("programs:program", args=[world["program"].pk]), {"project_title": "x"},
                       follow=True).content.decode()
    assert "不在申报期内" in page and not Application.objects.exists()


def test_a_failing_channel_does_not_stop_the_others(settings, world, monkeypatch):
    from gaoxin.workflow import notify

    def broken(users, message, link):
        raise ConnectionError("SMS gateway down")

    monkeypatch.setitem(notify.CHANNELS, "sms", broken)
    settings.GAOXIN_NOTIFY_CHANNELS = "sms,inapp"
    notify.notify([world["user_a"]], "测试消息")
    assert Notification.objects.filter(user=world["user_a"], message="测试消息").exists()
    settings.GAOXIN_NOTIFY_CHANNELS = "fax"
    with pytest.raises(ValueError, match="unknown notification channels: fax"):
        notify.notify([world["user_a"]], "x")


def test_the_application_pages_writes_answer_only_to_whom_they_belong(client, world):
    """Each write of the page has its own URL: another enterprise's user gets 404 and changes nothing; none of
    them answers a GET."""
    application = start(client, world)
    fill(client, application)
    pk = application.pk
    urls = {name: reverse(f"programs:{name}", args=[pk]) for name in ("save_answers", "attach", "appeal",
                                                                       "performance")}
    stored = application.files.get()
    urls["detach"] = reverse("programs:detach", args=[pk, stored.pk])
    urls["appeal_answer"] = reverse("programs:appeal_answer", args=[pk, 1])
    assert {name: client.get(url).status_code for name, url in urls.items()} == dict.fromkeys(urls, 405)
    client.force_login(world["user_b"])
    refused = {name: client.post(url, {"project_title": "别人的"}).status_code for name, url in urls.items()}
    assert refused == dict.fromkeys(urls, 404)
    application.refresh_from_db()
    assert application.project_title == "智能传感器中试" and application.files.count() == 1
