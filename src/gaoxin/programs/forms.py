"""Typed inputs of 资金与项目's writes that are not machine moves (those are in `moves.py`)."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from gaoxin.core.commands import DayField


class PrizePaymentCommand(forms.Form):
    """登记拨付 of a competition prize: the day it was paid and the voucher."""

    paid_on = DayField(label="拨付日期", initial=timezone.localdate)
    reference = forms.CharField(label="凭证号", max_length=60)
