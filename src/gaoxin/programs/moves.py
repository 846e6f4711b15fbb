"""资金与项目's moves on the one URL of `workflow.moves`: an application's path (submitting screens it first), an
award's (confirming after 公示, signing schedules tranches and follow-ups), a tranche's (the milestone report,
the payment with its amount and voucher), a follow-up report's (its figures and progress). Moves that are
`advance` alone are listed as plain; every other one names its service here."""

from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gaoxin.contract.fields import BY_CODE
from gaoxin.core.commands import MoneyField
from gaoxin.programs import competition, money, outcomes, services
from gaoxin.programs.machines import APPLICATION, AWARD, ENTRY, FOLLOWUP, ROUND, TRANCHE
from gaoxin.programs.models import Application, Award, Entry, FollowUpReport, Round, Tranche
from gaoxin.programs.selectors import agreement_applications, visible_applications, visible_entries
from gaoxin.workflow.moves import ReasonCommand, performs, place


def _page(application_id: int) -> str:
    return reverse("programs:application", args=[application_id])


place(APPLICATION, rows=lambda scope: visible_applications(scope.user), back=lambda a: _page(a.pk),
      plain=("withdraw", "accept", "return", "start_review", "finish_review", "award", "reject"))
place(AWARD, rows=lambda scope: Award.objects.filter(application__in=agreement_applications(scope.user)),
      back=lambda award: _page(award.application_id), plain=("cancel", "complete"))
place(TRANCHE, rows=lambda scope: Tranche.objects.filter(award__application__in=agreement_applications(scope.user)),
      back=lambda t: _page(t.award.application_id), plain=("accept_report", "return_report", "release"))
place(FOLLOWUP, rows=lambda scope: FollowUpReport.objects.filter(
    award__application__in=agreement_applications(scope.user)), back=lambda r: _page(r.award.application_id),
      plain=("accept", "return"))


@performs(APPLICATION, "submit", ReasonCommand)
def submit(application: Application, by, data: dict) -> Application:
    return services.submit(application, by)


@performs(AWARD, "confirm", ReasonCommand)
def confirm(award: Award, by, data: dict) -> Award:
    return money.confirm(award, by)


@performs(AWARD, "sign", ReasonCommand)
def sign(award: Award, by, data: dict) -> Award:
    return money.sign(award, by)


class MilestoneCommand(forms.Form):
    report = forms.CharField(label=_("里程碑完成情况"), max_length=5000, widget=forms.TextInput(attrs={"size": 30}))


class PaymentCommand(forms.Form):
    """登记拨付: exactly the tranche's amount, and the voucher it was paid under."""

    amount = MoneyField(label=_("金额（万元）"))
    reference = forms.CharField(label=_("凭证号"), max_length=100, widget=forms.TextInput(attrs={"size": 12}))


@performs(TRANCHE, "report", MilestoneCommand)
def report_milestone(tranche: Tranche, by, data: dict) -> Tranche:
    return money.report_milestone(tranche, by, data["report"])


@performs(TRANCHE, "pay", PaymentCommand, initial=lambda tranche: {"amount": tranche.amount})
def pay(tranche: Tranche, by, data: dict):
    return money.pay(tranche, by, data["amount"], timezone.localdate(), data["reference"])


class FollowUpCommand(forms.Form):
    """跟踪报告: the year's figures (blank for unknown) and the project's progress in words."""

    progress = forms.CharField(label=_("项目进展"), max_length=5000,
                               widget=forms.Textarea(attrs={"rows": 2, "cols": 60}))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for code in FollowUpReport.FIGURES:
            field = BY_CODE[code]
            self.fields[code] = forms.DecimalField(label=f"{field.label}（{field.unit}）", required=False,
                                                   widget=forms.TextInput(attrs={"size": 8}))
        self.order_fields([*FollowUpReport.FIGURES, "progress"])


def _followup_start(report: FollowUpReport) -> dict:
    return {**(report.figures or outcomes.prefill(report)), "progress": report.progress}


@performs(FOLLOWUP, "submit", FollowUpCommand, initial=_followup_start)
def submit_followup(report: FollowUpReport, by, data: dict) -> FollowUpReport:
    figures = {code: "" if data[code] is None else str(data[code]) for code in FollowUpReport.FIGURES}
    return outcomes.submit_followup(report, by, figures, data["progress"])


place(ROUND, rows=lambda scope: Round.objects.filter(program__kind="competition") if scope.is_staff
      else Round.objects.none(), back=lambda r: reverse("programs:competition", args=[r.program_id]))
place(ENTRY, rows=lambda scope: visible_entries(scope.user), back=lambda e: reverse("programs:entry", args=[e.pk]))


class StartRoundCommand(forms.Form):
    seed = forms.IntegerField(label=_("随机种子（留空自动生成）"), required=False, min_value=0,
                              widget=forms.TextInput(attrs={"size": 14}))


@performs(ROUND, "start", StartRoundCommand)
def start_round(round_: Round, by, data: dict) -> str:
    record = competition.start_round(round_, by, data["seed"])
    return f"{round_.name}已开始，评委已抽取（随机种子 {record.seed}）"


@performs(ROUND, "close", ReasonCommand)
def close_round(round_: Round, by, data: dict) -> str:
    competition.close_round(round_, by)
    return f"{round_.name}已结束，排名已记录"


class WithdrawCommand(forms.Form):
    reason = forms.CharField(label=_("原因（可不填）"), max_length=500, required=False,
                             widget=forms.TextInput(attrs={"size": 30}))


@performs(ENTRY, "withdraw", WithdrawCommand)
def withdraw(entry: Entry, by, data: dict) -> Entry:
    return competition.withdraw(entry, by, data["reason"])
