"""服务与跟踪's moves on the one URL of `workflow.moves`: a need's 答复, 办结 (with the enterprise's rating),
转办 (to another department, with a reason), 签收 and 继续办理; a 督办 item's 反馈, 办结 and 退回."""

from __future__ import annotations

from django import forms
from django.urls import reverse

from gaoxin.tracking import services, visits
from gaoxin.tracking.machines import ESCALATION, NEED
from gaoxin.tracking.models import Department, Escalation, Need
from gaoxin.tracking.selectors import visible_needs, visible_projects
from gaoxin.workflow.moves import performs, place

TEXT = forms.Textarea(attrs={"rows": 3, "cols": 60})


class ReplyCommand(forms.Form):
    reply = forms.CharField(label="答复内容", max_length=2000, widget=TEXT)


class CloseCommand(forms.Form):
    """办结: the enterprise's rating (1–5) and comment, both optional."""

    satisfaction = forms.TypedChoiceField(label="满意度", required=False, coerce=int, empty_value=None,
                                          choices=[("", "—"), *((str(n), str(n)) for n in range(5, 0, -1))])
    feedback = forms.CharField(label="评价（可不填）", max_length=300, required=False,
                               widget=forms.TextInput(attrs={"size": 30}))


class TransferCommand(forms.Form):
    department = forms.ModelChoiceField(label="转办部门", queryset=Department.objects.filter(active=True))
    reason = forms.CharField(label="原因", max_length=300, widget=forms.TextInput(attrs={"size": 20}))


class RespondCommand(forms.Form):
    response = forms.CharField(label="办理情况", max_length=2000, widget=forms.TextInput(attrs={"size": 50}))


place(NEED, rows=lambda scope: visible_needs(scope.user), back=lambda need: reverse("tracking:need", args=[need.pk]),
      plain=("accept", "reopen"))
place(ESCALATION, rows=lambda scope: Escalation.objects.filter(project__in=visible_projects(scope.user)),
      back=lambda item: reverse("tracking:project", args=[item.project_id]), plain=("close", "reopen"))


@performs(NEED, "reply", ReplyCommand)
def reply(need: Need, by, data: dict) -> Need:
    return visits.reply(need, data["reply"], by)


@performs(NEED, "close", CloseCommand)
def close(need: Need, by, data: dict) -> Need:
    return visits.close(need, by, data["satisfaction"], data["feedback"])


@performs(NEED, "transfer", TransferCommand)
def transfer(need: Need, by, data: dict) -> Need:
    return visits.transfer(need, data["department"], data["reason"], by)


@performs(ESCALATION, "respond", RespondCommand)
def respond(item: Escalation, by, data: dict) -> Escalation:
    return services.respond(item, data["response"], by)
