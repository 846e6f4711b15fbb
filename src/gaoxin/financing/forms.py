"""Typed inputs of 政银企对接's writes that are not machine moves (those are in `moves.py`)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from gaoxin.core.commands import CountField, DayField, MoneyField
from gaoxin.financing.models import PRODUCT_KINDS
from gaoxin.programs.forms import EligibilityCommand


class NeedCommand(forms.Form):
    """A financing need: how much, for how long, what for; a 政府采购 contract behind it, when there is one."""

    amount = MoneyField(label=_("融资金额（万元）"), min_value=Decimal("0.01"))
    term_months = forms.IntegerField(label=_("期限（月）"), min_value=1, max_value=360, required=False)
    purpose = forms.CharField(label=_("用途"), max_length=200)
    procurement_contract = MoneyField(label=_("政府采购合同金额（万元）"), required=False)
    needed_by = DayField(label=_("需要到位日期"), required=False)


class ProductCommand(EligibilityCommand):
    """A bank's loan product as staff set it up: its range, term and rate, and its 准入条件."""

    article = "产品准入条件"
    STORED = ("name", "kind", "min_amount", "max_amount", "max_term_months", "rate", "needs_procurement",
              "description", "active", "eligibility")  # the product's fields this command sets

    bank = forms.CharField(label=_("银行"), max_length=100)
    name = forms.CharField(label=_("产品名称"), max_length=100)
    kind = forms.ChoiceField(label=_("类别"), choices=PRODUCT_KINDS)
    min_amount = MoneyField(label=_("最低额度（万元）"), required=False)
    max_amount = MoneyField(label=_("最高额度（万元）"))
    max_term_months = CountField(label=_("最长期限（月）"), low=1, high=360, default=12)
    rate = forms.CharField(label=_("利率"), max_length=100, required=False)
    needs_procurement = forms.BooleanField(label=_("须有政府采购合同（政采贷）"), required=False)
    description = forms.CharField(label=_("产品说明"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3, "cols": 70}))
    active = forms.TypedChoiceField(label=_("在售"), choices=(("1", "在售"), ("0", "停售")), coerce=lambda v: v == "1",
                                    empty_value=True, required=False)

    field_order = ["bank", "name", "kind", "min_amount", "max_amount", "max_term_months", "rate", "titles",
                   "policies", "min_years", "min_revenue", "needs_procurement", "description", "active"]

    def clean(self) -> dict:
        data = super().clean()
        data["min_amount"] = data.get("min_amount") or Decimal(0)
        low, high = data["min_amount"], data.get("max_amount")
        if high is not None and high < low:
            self.add_error("max_amount", "最高额度不能低于最低额度")
        return data

    @staticmethod
    def initial_of(product) -> dict:
        """A stored product as the form shows it."""
        plain = {name: getattr(product, name) for name in ProductCommand.STORED
                 if name not in ("active", "eligibility")}
        return plain | {"bank": product.bank.name, "active": "1" if product.active else "0"} | \
            EligibilityCommand.initial_of(product.eligibility)
