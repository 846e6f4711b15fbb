"""Screening an application against its program's conditions, with the engine's explanations.

A program's `eligibility` holds up to three kinds of condition:
- `policies`: titles the enterprise must currently be assessed as qualified for (the engine's stored verdict);
- `titles`: titles it must hold on the screening date;
- `clauses`: engine clauses of the packs' own schema (成立不超过 5 年, 营业收入 ≥ …), evaluated on its figures.
Each gives a line with its status (pass / fail / unknown), the value, the requirement and the gap, so an
applicant and staff read the same reasons. An unknown never blocks submission: staff check it by hand.
"""

from __future__ import annotations

import datetime as dt

from gaoxin.contract.titles import TITLE_BY_CODE
from gaoxin.cultivation.inputs import zone_inputs
from gaoxin.cultivation.selectors import ladder
from gaoxin.engine.evaluate import iter_evaluations
from gaoxin.engine.explain import result_json
from gaoxin.engine.schema import PROGRAM, Pack
from gaoxin.programs.models import Program
from gaoxin.registry.models import Enterprise, held_on


def clauses_pack(ident: str, name: str, issuer: str, year: int, clauses: list[dict]) -> Pack | None:
    """Engine clauses as a pack of the pseudo-policy "program", or None when there are none."""
    if not clauses:
        return None
    return Pack.model_validate({
        "id": ident, "policy": PROGRAM, "name": name, "issuer": issuer, "documents": [],
        "effective_from": dt.date(year, 1, 1), "source": "申报指南", "clauses": clauses,
        "rule": {"all": [c["id"] for c in clauses]}})


def program_pack(program: Program) -> Pack | None:
    """The program's engine clauses as a pack (policy "program"), or None when it has none."""
    return clauses_pack(f"program-{program.pk}", program.name, program.department, program.year,
                        (program.eligibility or {}).get("clauses") or [])


def screen(program: Program, enterprise: Enterprise, today: dt.date | None = None) -> dict:
    """{"verdict": pass|fail|unknown, "items": [{label, status, detail, article}]} for this enterprise now."""
    return screen_conditions(program.eligibility or {}, program_pack(program), enterprise, today)


def screen_conditions(eligibility: dict, pack: Pack | None, enterprise: Enterprise,
                      today: dt.date | None = None, article: str = "申报指南") -> dict:
    """The same screening for any holder of conditions (a program, a loan product); `article` is where the
    title conditions are written."""
    today = today or dt.date.today()
    items = _policy_items(eligibility, enterprise, today) + _title_items(eligibility, enterprise, today, article)
    items += _clause_items(pack, enterprise, today)
    return {"verdict": verdict_of(items), "items": items, "on": today.isoformat()}


def verdict_of(items: list[dict]) -> str:
    statuses = {i["status"] for i in items}
    return "fail" if "fail" in statuses else "unknown" if "unknown" in statuses else "pass"


def _policy_items(eligibility: dict, enterprise: Enterprise, today: dt.date) -> list[dict]:
    wanted = eligibility.get("policies") or []
    if not wanted:
        return []
    verdicts = {r["policy"]: r for r in ladder(enterprise, today.year)}
    out = []
    for policy in wanted:
        result = verdicts.get(policy)
        status = {"qualified": "pass", "not_qualified": "fail"}.get(result["verdict"], "unknown") if result \
            else "unknown"
        name = result["policy_name"] if result else policy
        out.append({"label": f"经评价符合{name}条件", "status": status, "article": name,
                    "detail": _verdict_words(result)})
    return out


def _verdict_words(result: dict | None) -> str:
    if result is None:
        return "尚无评价结论"
    lacking = [c["label"] for c in result["clauses"] if c["id"] in result.get("lacking", [])]
    words = {"qualified": "符合条件", "not_qualified": "不符合条件", "insufficient_data": "数据不足"}
    return words[result["verdict"]] + (f"：尚缺 {'、'.join(lacking)}" if lacking else "")


def _title_items(eligibility: dict, enterprise: Enterprise, today: dt.date, article: str) -> list[dict]:
    wanted = eligibility.get("titles") or []
    held = set(enterprise.titles.filter(held_on(today)).values_list("title", flat=True))
    out = []
    for title in (t for t in wanted if t in TITLE_BY_CODE):
        name = TITLE_BY_CODE[title].label
        out.append({"label": f"持有有效的{name}", "status": "pass" if title in held else "fail", "article": article,
                    "detail": "已持有" if title in held else f"{today} 未持有有效的{name}"})
    return out


def _clause_items(pack: Pack | None, enterprise: Enterprise, today: dt.date) -> list[dict]:
    if pack is None:
        return []
    inputs, _ = zone_inputs([enterprise.pk])
    [(_, frame)] = list(iter_evaluations([pack], inputs.table, today.year, today, inputs.titles))
    return clause_items(result_json(pack, frame.row(0, named=True), today.year))


def clause_items(result: dict) -> list[dict]:
    """An engine result's clauses as screening items (a 免申即享 line's result becomes its application's screening)."""
    return [{"label": c["label"], "status": c["status"], "article": c["article"],
             "detail": c["gap"] or ("满足" if c["status"] == "pass" else "")} for c in result["clauses"]]
