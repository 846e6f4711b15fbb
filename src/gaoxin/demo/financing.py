"""The demo zone's 政银企对接: three banks' products (科创贷, 政采贷, 银税贷, 专精特新贷, 应急转贷) with their
conditions as engine clauses, enterprises' needs, and what the banks did — filed through the same services staff
use, so every screening and total on the pages is real."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.http import QueryDict

from gaoxin.accounts.roles import Role
from gaoxin.financing import services
from gaoxin.financing.matching import products_for
from gaoxin.financing.models import FinancingMatch, FinancingNeed, LoanProduct
from gaoxin.registry.models import AnnualFigures, Enterprise

PRODUCTS = [
    {"bank": "青江银行", "name": "科创贷", "kind": "tech", "min_amount": "50", "max_amount": "1000",
     "max_term_months": "36", "rate": "LPR+0.2%，区财政贴息 1 个百分点", "min_years": "1", "min_revenue": "200"},
    {"bank": "青江农商银行", "name": "政采贷", "kind": "gov_procurement", "max_amount": "500", "max_term_months": "12",
     "rate": "LPR", "needs_procurement": "1"},
    {"bank": "青江农商银行", "name": "银税贷", "kind": "tax", "max_amount": "300", "max_term_months": "12",
     "rate": "LPR+0.5%", "min_years": "2", "min_revenue": "500"},
    {"bank": "青江银行", "name": "专精特新贷", "kind": "srdi", "min_amount": "100", "max_amount": "3000",
     "max_term_months": "36", "rate": "LPR", "titles": ["high_tech"]},
    {"bank": "青江城投融资担保", "name": "应急转贷", "kind": "bridge", "max_amount": "2000", "max_term_months": "1",
     "rate": "日息万分之一"},
]

PURPOSES = ["购置设备", "流动资金", "研发投入"]


def seed_financing(today: dt.date | None = None) -> int:
    today = today or dt.date.today()
    if LoanProduct.objects.exists():
        return 0
    staff = get_user_model().objects.filter(groups__name=Role.zone_staff.value).first()
    for values in PRODUCTS:
        services.save_product(LoanProduct(), as_form(values), staff)
    figured = Enterprise.objects.filter(annual_figures__year=today.year - 1,
                                        annual_figures__revenue__gte=500).distinct().order_by("credit_code")[:8]
    for n, enterprise in enumerate(figured):
        revenue = AnnualFigures.objects.get(enterprise=enterprise, year=today.year - 1).revenue
        need = services.file_need(enterprise, {
            "amount": str(min(800, max(100, int(revenue // 20)))), "term_months": "12",
            "purpose": PURPOSES[n % 3], "procurement_contract": "300" if n % 4 == 1 else ""}, staff)
        _answer(need, staff, n, today)
    return FinancingNeed.objects.count()


def as_form(values: dict) -> QueryDict:
    """Values as the services' form parsers receive them (lists become repeated fields)."""
    data = QueryDict(mutable=True)
    for key, value in values.items():
        if isinstance(value, list):
            data.setlist(key, value)
        else:
            data[key] = value
    return data


def _answer(need: FinancingNeed, staff, n: int, today: dt.date) -> None:
    """Refer each need to the products it qualifies for; banks grant most, decline some with a reason."""
    for i, screened in enumerate(s for s in products_for(need, today) if s.result["verdict"] == "pass"):
        match = services.refer(need, screened.product, staff, today)
        if n % 5 == 3:
            services.decline(match, "近两年纳税信用等级为 B，暂不符合银行准入", staff)
        elif i == 0 and n % 5 != 4:
            services.grant(match, min(need.amount, screened.product.max_amount), today - dt.timedelta(days=20),
                           staff)
            if n % 2 == 0:
                granted = FinancingMatch.objects.get(pk=match.pk)
                services.draw(granted, granted.credit_amount, today - dt.timedelta(days=10), staff)
        if i == 1:
            break
