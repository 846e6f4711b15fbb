"""Typed inputs of 资金与项目's writes that are not machine moves (those are in `moves.py`)."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from gaoxin.core.commands import DayField, MoneyField
from gaoxin.programs.models import PRECREDIT_STATUSES


class PrizePaymentCommand(forms.Form):
    """登记拨付 of a competition prize: the day it was paid and the voucher."""

    paid_on = DayField(label="拨付日期", initial=timezone.localdate)
    reference = forms.CharField(label="凭证号", max_length=60)


class PreCreditCommand(forms.Form):
    """A bank's pre-credit for a competition entry, as the bank reported it."""

    bank = forms.CharField(label="银行", max_length=100)
    product = forms.CharField(label="产品", max_length=100, required=False)
    amount = MoneyField(label="授信额度（万元）")
    drawn = MoneyField(label="已放款（万元）", required=False)
    term_months = forms.IntegerField(label="期限（月）", min_value=1, max_value=360, required=False)
    status = forms.ChoiceField(label="状态", choices=PRECREDIT_STATUSES, required=False)
    reason = forms.CharField(label="未获授信原因", max_length=300, required=False)
    recorded_on = DayField(label="日期", required=False)
