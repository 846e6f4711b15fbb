"""Matching needs and products both ways, with the engine's explanations.

For a need: every product on sale, screened against the enterprise (titles, verdicts, engine clauses) and the need
(amount within the product's range, term, a procurement contract for 政采贷): qualified first, then undecided,
then the near misses by how few conditions fail. For a product: the open needs that qualify, and on demand every
enterprise of the zone that meets its enterprise conditions, evaluated by the engine in one vectorised pass.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl
from django.db.models import QuerySet

from gaoxin.contract.titles import TITLE_BY_CODE
from gaoxin.cultivation.inputs import zone_inputs
from gaoxin.cultivation.models import Evaluation
from gaoxin.engine.evaluate import iter_evaluations
from gaoxin.engine.schema import Pack
from gaoxin.financing.models import FinancingNeed, LoanProduct
from gaoxin.programs.eligibility import clauses_pack, screen_conditions, verdict_of
from gaoxin.registry.models import Enterprise, TitleHeld, held_on

ORDER = {"pass": 0, "unknown": 1, "fail": 2}


def product_pack(product: LoanProduct, today: dt.date) -> Pack | None:
    return clauses_pack(f"product-{product.pk}", str(product), product.bank.name, today.year,
                        (product.eligibility or {}).get("clauses") or [])


def screen(product: LoanProduct, need: FinancingNeed, today: dt.date) -> dict:
    """The enterprise's conditions and the need's, each with status and detail, and the verdict."""
    result = screen_conditions(product.eligibility or {}, product_pack(product, today), need.enterprise, today,
                               article="产品准入条件")
    items = result["items"] + _need_items(product, need)
    return {"verdict": verdict_of(items), "items": items, "on": today.isoformat()}


def _need_items(product: LoanProduct, need: FinancingNeed) -> list[dict]:
    article = f"{product}产品说明"
    inside = product.min_amount <= need.amount <= product.max_amount
    items = [{"label": f"融资金额在 {_wan(product.min_amount)}–{_wan(product.max_amount)} 万元之间",
              "article": article, "status": "pass" if inside else "fail",
              "detail": f"申请 {_wan(need.amount)} 万元" + ("" if inside else "，超出产品额度范围")},
             {"label": f"期限不超过 {product.max_term_months} 个月", "article": article,
              "status": "pass" if need.term_months <= product.max_term_months else "fail",
              "detail": f"申请 {need.term_months} 个月"}]
    if product.needs_procurement:
        has = need.procurement_contract is not None and need.procurement_contract > 0
        items.append({"label": "持有政府采购合同", "article": article, "status": "pass" if has else "fail",
                      "detail": f"合同金额 {_wan(need.procurement_contract)} 万元" if has else "未填报政府采购合同"})
    return items


def _wan(amount) -> str:
    """万元 as people write them: 1000, 12.5 (no trailing zeros)."""
    return f"{amount.normalize():f}"


@dataclass
class Screened:
    product: LoanProduct
    result: dict

    @property
    def failed(self) -> int:
        return sum(i["status"] == "fail" for i in self.result["items"])


def products_for(need: FinancingNeed, today: dt.date) -> list[Screened]:
    rows = [Screened(p, screen(p, need, today)) for p in LoanProduct.objects.filter(active=True)
            .select_related("bank")]
    return sorted(rows, key=lambda s: (ORDER[s.result["verdict"]], s.failed, s.product.bank.name, s.product.name))


def needs_for(product: LoanProduct, needs: QuerySet[FinancingNeed], today: dt.date) -> list[tuple[FinancingNeed,
                                                                                                  dict]]:
    """Open needs that this product could serve (pass or undecided), best first."""
    out = [(n, screen(product, n, today)) for n in needs.filter(status__in=("open", "matched"))
           .select_related("enterprise")]
    return sorted([(n, r) for n, r in out if r["verdict"] != "fail"], key=lambda nr: (ORDER[nr[1]["verdict"]],
                                                                                       -nr[0].amount))


def enterprises_for(product: LoanProduct, enterprises: QuerySet[Enterprise], today: dt.date) -> dict[str, list[int]]:
    """Every enterprise meeting the product's enterprise conditions: {"pass": ids, "unknown": ids}. Titles and
    verdicts narrow the set in the database; the engine then evaluates the clauses over the rest at once."""
    wanted = product.eligibility or {}
    rows = enterprises
    for title in wanted.get("titles") or []:
        rows = rows.filter(pk__in=TitleHeld.objects.filter(held_on(today), title=title).values("enterprise_id"))
    for policy in wanted.get("policies") or []:
        rows = rows.filter(pk__in=Evaluation.objects.filter(assessment_year=today.year, policy=policy,
                                                            verdict="qualified").values("enterprise_id"))
    ids = list(rows.values_list("pk", flat=True))
    pack = product_pack(product, today)
    if pack is None or not ids:
        return {"pass": ids, "unknown": []}
    inputs, by_code = zone_inputs(ids)
    [(_, frame)] = list(iter_evaluations([pack], inputs.table, today.year, today, inputs.titles))
    frame = frame.select("credit_code", "verdict_code")
    return {"pass": [by_code[c] for c in frame.filter(pl.col("verdict_code") == 1)["credit_code"]],
            "unknown": [by_code[c] for c in frame.filter(pl.col("verdict_code").is_null())["credit_code"]]}


def conditions_text(product: LoanProduct) -> list[str]:
    """The product's conditions in words, as the screening names them."""
    wanted = product.eligibility or {}
    words = [f"持有有效的{TITLE_BY_CODE[t].label}" for t in wanted.get("titles") or [] if t in TITLE_BY_CODE]
    words += [f"经评价符合{TITLE_BY_CODE[p].label}条件" for p in wanted.get("policies") or [] if p in TITLE_BY_CODE]
    words += [c["label"] for c in wanted.get("clauses") or []]
    if product.needs_procurement:
        words.append("持有政府采购合同")
    return words
