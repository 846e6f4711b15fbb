"""Reading financing data: who sees which needs, and the totals per bank and product."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet

from gaoxin.accounts.scope import Scope
from gaoxin.financing.models import FinancingMatch, FinancingNeed


def visible_needs(user) -> QuerySet[FinancingNeed]:
    """Staff: all; a park liaison: its park's; an enterprise user: its own; anyone else: none."""
    return Scope.of(user).of_enterprises(FinancingNeed.objects.select_related("enterprise"))


@dataclass
class Totals:
    """Referrals, 授信 and 放款 of one bank or one product, and why banks said no."""

    name: str
    referred: int = 0
    granted: int = 0
    credit: Decimal = Decimal(0)
    drawn: int = 0
    loans: Decimal = Decimal(0)
    declined: int = 0
    reasons: Counter = field(default_factory=Counter)

    def add(self, match: FinancingMatch) -> None:
        self.referred += 1
        if match.credit_amount is not None:
            self.granted += 1
            self.credit += match.credit_amount
        if match.loan_amount is not None:
            self.drawn += 1
            self.loans += match.loan_amount
        if match.status == "declined":
            self.declined += 1
            self.reasons[match.decline_reason or "未说明原因"] += 1

    @property
    def top_reasons(self) -> str:
        return "；".join(f"{r}（{n}）" for r, n in self.reasons.most_common(3)) or "—"


def totals(matches: QuerySet[FinancingMatch]) -> tuple[Totals, list[Totals], list[Totals]]:
    """Overall, per bank and per product."""
    overall, banks, products = Totals("合计"), {}, {}
    for match in matches.select_related("product", "product__bank"):
        overall.add(match)
        banks.setdefault(match.product.bank.name, Totals(match.product.bank.name)).add(match)
        products.setdefault(str(match.product), Totals(str(match.product))).add(match)
    return overall, sorted(banks.values(), key=_largest), sorted(products.values(), key=_largest)


def _largest(t: Totals) -> tuple:
    return -t.loans, -t.credit, t.name
