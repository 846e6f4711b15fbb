"""Writing financing data: products (set up by staff), needs, referrals to banks and the banks' answers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext

from gaoxin.accounts.scope import Scope
from gaoxin.core.commands import parse
from gaoxin.financing.forms import NeedCommand, ProductCommand
from gaoxin.financing.machines import MATCH, NEED
from gaoxin.financing.matching import screen
from gaoxin.financing.models import Bank, FinancingMatch, FinancingNeed, LoanProduct
from gaoxin.registry import audit
from gaoxin.registry.models import Enterprise
from gaoxin.workflow.machine import advance, open_task


class FinancingError(ValueError):
    """Every problem of a form, in words."""


def save_product(product: LoanProduct, data, by) -> LoanProduct:
    """Set up or change a product from `ProductCommand`'s input, audited; FinancingError when the bank already
    has a product of that name. Staff only."""
    Scope.of(by).require("financing.manage")
    values = parse(ProductCommand, data)
    product.bank = Bank.objects.get_or_create(name=values["bank"].strip())[0]
    try:
        with transaction.atomic():
            audit.save_changes(by, product, values, ProductCommand.STORED)
    except IntegrityError:
        raise FinancingError(gettext("{bank_name}已有名为“{product_name}”的产品")
                .format(bank_name=product.bank.name, product_name=product.name)) from None
    return product


def file_need(enterprise: Enterprise, data, by) -> FinancingNeed:
    """An enterprise's financing need (by its own users, or staff after a visit), checked by `NeedCommand`."""
    scope = Scope.of(by)
    scope.require("financing.file_need", enterprise)
    by = scope.actor
    values = parse(NeedCommand, data)
    with transaction.atomic():
        need = FinancingNeed.objects.create(enterprise=enterprise, created_by=by,
                                            **(values | {"term_months": values["term_months"] or 12}))
        audit.created(by, need, ("amount", "term_months", "purpose"))
    return need


def refer(need: FinancingNeed, product: LoanProduct, by, today: dt.date) -> FinancingMatch:
    scope = Scope.of(by)
    scope.require("financing.manage", need)
    by = scope.actor
    """Put the need to the bank's product, keeping the screening as of today; a product whose conditions the
    enterprise fails is refused with the reasons (undecided ones may go: the bank checks them)."""
    if need.status not in ("open", "matched"):
        raise FinancingError(gettext("该融资需求已结束"))
    result = screen(product, need, today)
    if result["verdict"] == "fail":
        failed = [f"{i['label']}（{i['detail']}）" for i in result["items"] if i["status"] == "fail"]
        raise FinancingError("不符合该产品条件：" + "；".join(failed))
    try:
        with transaction.atomic():
            match = FinancingMatch.objects.create(need=need, product=product, screening=result, created_by=by)
            audit.created(by, match, ("product",), )
            if FinancingNeed.objects.filter(pk=need.pk, status="open").exists():  # later referrals move nothing
                advance(NEED, need, "refer", by, f"推送 {product}")
            open_task(match, by, f"登记银行反馈：{match}", reverse("financing:need", args=[need.pk]))
    except IntegrityError:
        raise FinancingError(gettext("已向该产品推送过")) from None
    return match


def grant(match: FinancingMatch, value: Decimal, on: dt.date, by) -> FinancingMatch:
    """The bank's 授信 (万元, within the product's ceiling) on `on`."""
    if not 0 < value <= match.product.max_amount:
        raise FinancingError(gettext("授信金额应在 0–{most:f} 万元之间")
                .format(most=match.product.max_amount.normalize()))

    def change(m: FinancingMatch) -> None:
        m.credit_amount, m.credit_on = value, on
    return advance(MATCH, match, "grant", by, f"授信 {value} 万元", change=change)


def draw(match: FinancingMatch, value: Decimal, on: dt.date, by) -> FinancingMatch:
    """The loan drawn (万元, within the credit granted) on `on`; the need's first loan moves it to 已放款."""
    if match.credit_amount is not None and not 0 < value <= match.credit_amount:
        raise FinancingError(gettext("放款金额应在 0–{credit:f} 万元（授信额度）之间")
                .format(credit=match.credit_amount.normalize()))

    def change(m: FinancingMatch) -> None:
        m.loan_amount, m.loan_on = value, on
    with transaction.atomic():
        done = advance(MATCH, match, "draw", by, f"放款 {value} 万元", change=change)
        need = FinancingNeed.objects.get(pk=match.need_id)
        if need.status == "matched":  # a second loan for the same need moves nothing
            advance(NEED, need, "finance", by, f"{match.product} 放款 {value} 万元")
    return done


def decline(match: FinancingMatch, reason: str, by) -> FinancingMatch:
    """The bank said no; its reason, when it gave one, is kept (it tells staff what the enterprise should fix)."""
    return advance(MATCH, match, "decline", by, reason.strip()[:300] or "银行未说明原因",
                   change=lambda m: setattr(m, "decline_reason", reason.strip()[:300]))
