"""Typed inputs of 政银企对接's writes that are not machine moves (those are in `moves.py`)."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from gaoxin.core.commands import DayField, MoneyField


class NeedCommand(forms.Form):
    """A financing need: how much, for how long, what for; a 政府采购 contract behind it, when there is one."""

    amount = MoneyField(label="融资金额（万元）", min_value=Decimal("0.01"))
    term_months = forms.IntegerField(label="期限（月）", min_value=1, max_value=360, required=False)
    purpose = forms.CharField(label="用途", max_length=200)
    procurement_contract = MoneyField(label="政府采购合同金额（万元）", required=False)
    needed_by = DayField(label="需要到位日期", required=False)
