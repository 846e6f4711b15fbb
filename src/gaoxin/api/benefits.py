"""/benefits: the 政策库 and an enterprise's 政策计算器, as the pages show them."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone
from ninja import Router

from gaoxin.accounts import masking
from gaoxin.api.enterprises import Code, enterprise_of
from gaoxin.api.schemas import BenefitOut, CalculatorOut, answers
from gaoxin.benefits import selectors
from gaoxin.engine.benefit import Benefit, benefits_in_force

router = Router(tags=["政策匹配"])


def _benefit(b: Benefit) -> dict:
    return {"code": b.code, "version": b.id, "name": b.name, "level": b.level, "issuer": b.issuer,
            "documents": [d.number for d in b.documents], "automatic": b.automatic, "amount_rule": b.amount.label,
            "window_opens": b.window.opens if b.window else None,
            "window_closes": b.window.closes if b.window else None,
            "expires_on": b.expires_on, "summary": b.summary}


@router.get("/benefits", response=answers(list[BenefitOut]), url_name="benefits", summary="政策库（现行有效）")
def benefit_list(request):
    return [_benefit(b) for b in benefits_in_force(timezone.localdate())]


@router.get("/enterprises/{credit_code}/benefits", response=answers(CalculatorOut, 404), url_name="calculator",
            summary="政策计算器：符合的政策、金额与理由")
def calculator(request, credit_code: str = Code):
    enterprise = enterprise_of(request, credit_code)
    found, scope = selectors.for_enterprise(enterprise), request.scope
    hidden = masking.hidden_fields(scope)

    def row(m, group: str) -> dict:
        result = masking.explanation(scope, m.result)
        masked = bool(result and result.get("amount_masked"))
        return {"benefit": m.benefit, "version": m.benefit_version, "group": group, "verdict": m.verdict,
                "unmet": m.unmet, "amount": None if masked else m.amount, "amount_masked": masked,
                "explanation": result}

    total = None if hidden and any(masking.amount_hidden(m.result, hidden) for m in found.qualified) else (
        found.total or Decimal(0))
    return {"credit_code": enterprise.credit_code, "as_of": found.as_of, "total": total,
            "results": [row(m, "qualified") for m in found.qualified] + [row(m, "near") for m in found.near]
            + [row(m, "other") for m in found.other]}
