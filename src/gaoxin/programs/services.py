"""Writing applications: drafts, answers, attachments, submission with screening, and staff's completeness check.
Every problem is said in Chinese and leaves the application as it was."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from gaoxin.accounts.scope import Scope
from gaoxin.core.commands import parse
from gaoxin.programs.eligibility import screen
from gaoxin.programs.forms import AnswersCommand
from gaoxin.programs.machines import APPLICATION
from gaoxin.programs.models import Application, Attachment, Program
from gaoxin.programs.uploads import check
from gaoxin.registry import audit
from gaoxin.workflow.machine import IllegalTransition, advance

EDITABLE = ("draft", "returned")


def start(program: Program, enterprise, user, project_title: str, today: dt.date | None = None) -> Application:
    today = today or timezone.localdate()
    if program.kind == "competition":
        raise ValueError(gettext("大赛请在大赛页面报名参赛"))
    if not program.is_open(today):
        raise ValueError(gettext("不在申报期内（{opens_on} 至 {closes_on}）")
                .format(opens_on=program.opens_on, closes_on=program.closes_on))
    if not project_title.strip():
        raise ValueError(gettext("请填写项目名称"))
    try:
        with transaction.atomic():
            application = Application.objects.create(program=program, enterprise=enterprise, created_by=user,
                                                     project_title=project_title.strip()[:200])
            audit.created(user, application, ("project_title",))
            return application
    except IntegrityError:
        raise ValueError(gettext("本企业已申报该项目，请在“我的申报”中继续")) from None


def _editable(application: Application, user) -> None:
    Scope.of(user).require("programs.apply", application)
    if application.status not in EDITABLE:
        raise ValueError(gettext("当前状态为“{state}”，不能修改")
                .format(state=APPLICATION.label(application.status)))


def save_answers(application: Application, data, user) -> None:
    """Answers to the program's form and the amount requested (`AnswersCommand`); all checked before anything is
    saved."""
    _editable(application, user)
    values = parse(AnswersCommand, data, program=application.program)
    application.answers, application.requested = values["answers"], values["requested"]
    application.project_title = values["project_title"]
    application.save()


def attach(application: Application, code: str, upload, user) -> Attachment:
    _editable(application, user)
    spec = next((a for a in application.program.attachments if a["code"] == code), None)
    if spec is None:
        raise ValueError(gettext("没有这一类附件"))
    data = upload.read()
    kind, stored, shown = check(data, upload.name, spec)
    return Attachment.objects.create(application=application, code=code, file=ContentFile(data, name=stored),
                                     original_name=shown, kind=kind, size=len(data), uploaded_by=user)


def detach(attachment: Attachment, user) -> None:
    _editable(attachment.application, user)
    attachment.file.delete(save=False)
    attachment.delete()


def missing(application: Application) -> list[str]:
    """What is still required before submission: form fields and attachments."""
    out = [f"申报表：{s['label']}" for s in application.program.form_fields
           if s.get("required") and not application.answers.get(s["code"])]
    have = set(application.files.values_list("code", flat=True))
    out += [f"附件：{a['label']}" for a in application.program.attachments
            if a.get("required") and a["code"] not in have]
    return out


def submit(application: Application, user, today: dt.date | None = None) -> Application:
    """Screen against the program's conditions and submit; refused (with the reasons) when something required is
    missing, the window is closed, or a condition fails. An unknown condition does not block: staff check it."""
    today = today or timezone.localdate()
    if not application.program.is_open(today):
        raise IllegalTransition(gettext("申报已截止（{closes_on}）").format(closes_on=application.program.closes_on))
    gaps = missing(application)
    if gaps:
        raise IllegalTransition("尚缺：" + "；".join(gaps))
    result = screen(application.program, application.enterprise, today)
    if result["verdict"] == "fail":
        application.screening = result
        Application.objects.filter(pk=application.pk).update(screening=result)
        failed = [i["label"] for i in result["items"] if i["status"] == "fail"]
        raise IllegalTransition("不符合申报条件：" + "；".join(failed))

    def stamp(locked: Application) -> None:
        locked.screening, locked.submitted_at = result, timezone.now()

    return advance(APPLICATION, application, "submit", user, change=stamp)


def decide_completeness(application: Application, user, accept: bool, reason: str = "") -> Application:
    """Staff's 形式审查: accept, or return to the applicant with the reason."""
    return advance(APPLICATION, application, "accept" if accept else "return", user, reason)
