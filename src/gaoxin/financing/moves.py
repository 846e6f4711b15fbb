"""政银企对接's moves on the one URL of `workflow.moves`: a match's 授信 and 放款 with amount and day, 未获授信 with
the bank's reason, 企业放弃 with a reason; staff act on the needs they may see."""

from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils import timezone

from gaoxin.core.commands import DayField, MoneyField
from gaoxin.financing import services
from gaoxin.financing.machines import MATCH
from gaoxin.financing.models import FinancingMatch
from gaoxin.financing.selectors import visible_needs
from gaoxin.workflow.moves import performs, place


class BankAnswerCommand(forms.Form):
    """授信 or 放款: how much, on which day."""

    amount = MoneyField(label="金额（万元）")
    on = DayField(label="日期", initial=timezone.localdate)


class DeclineCommand(forms.Form):
    reason = forms.CharField(label="银行理由", max_length=300, required=False,
                             widget=forms.TextInput(attrs={"size": 30}))


place(MATCH, rows=lambda scope: FinancingMatch.objects.filter(need__in=visible_needs(scope.user)).select_related(
    "need", "product"), back=lambda match: reverse("financing:need", args=[match.need_id]), plain=("withdraw",))


@performs(MATCH, "grant", BankAnswerCommand)
def grant(match: FinancingMatch, by, data: dict) -> FinancingMatch:
    return services.grant(match, data["amount"], data["on"], by)


@performs(MATCH, "draw", BankAnswerCommand)
def draw(match: FinancingMatch, by, data: dict) -> FinancingMatch:
    return services.draw(match, data["amount"], data["on"], by)


@performs(MATCH, "decline", DeclineCommand)
def decline(match: FinancingMatch, by, data: dict) -> FinancingMatch:
    return services.decline(match, data["reason"], by)
