"""Running a 政策模拟 scenario: the official pack and its sandbox copy over the same inputs, side by side.

Both packs are evaluated in the same pass over the same pivoted inputs, so every difference comes from the
changed numbers and nothing else. Only verdicts that differ are kept per enterprise, each with the clauses whose
status changed; the stored verdicts of the zone are never written.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import polars as pl
from django.db import transaction
from django.utils import timezone

from gaoxin.accounts.scope import Scope
from gaoxin.core.commands import parse
from gaoxin.cultivation.forms import NewScenarioCommand, ScenarioCommand
from gaoxin.cultivation.inputs import zone_inputs
from gaoxin.cultivation.models import Scenario
from gaoxin.cultivation.services import zone_variants
from gaoxin.engine.evaluate import evaluate_prepared, prepare, verdicts
from gaoxin.engine.frame import KEY
from gaoxin.engine.library import assessment_date, pack_for
from gaoxin.engine.sandbox import sandbox
from gaoxin.engine.schema import Pack
from gaoxin.registry import audit
from gaoxin.registry.models import Enterprise

BATCH = 20_000
STATUS_WORDS = {1: "满足", 0: "不满足", None: "未知"}
CENT = Decimal("0.01")


def packs(scenario: Scenario) -> tuple[Pack, Pack]:
    """The official pack in force for the scenario's year (with the zone's variant) and its sandbox copy."""
    official = packs_official(scenario)
    return official, sandbox(official, scenario.changes, scenario.parameters)


def run_scenario(scenario: Scenario, progress: Callable[[int, str], None] | None = None) -> Scenario:
    official, changed = packs(scenario)
    ids = list(Enterprise.objects.order_by("pk").values_list("pk", flat=True))
    counts = {"baseline": _zero(), "sandbox": _zero()}
    flips: list[dict] = []
    for start in range(0, len(ids), BATCH):
        chunk = ids[start:start + BATCH]
        flips += _compare(official, changed, chunk, scenario.year, counts)
        if progress:
            done = min(len(ids), start + BATCH)
            progress(int(done * 100 / max(1, len(ids))), f"已模拟 {done} / {len(ids)} 家企业")
    scenario.pack_id = official.id
    scenario.flips = flips
    scenario.summary = _summary(scenario, counts, len(ids))
    scenario.status, scenario.error, scenario.run_at = "done", "", timezone.now()
    scenario.save()
    return scenario


def _zero() -> dict[str, int]:
    return {"qualified": 0, "rewarded_new": 0, "insufficient_data": 0}


def _compare(official: Pack, changed: Pack, chunk: list[int], year: int, counts: dict) -> list[dict]:
    inputs, id_of = zone_inputs(chunk)
    day = assessment_date(year)
    frame = prepare([official, changed], inputs.table, year, day, inputs.titles)
    holders = set(inputs.titles.filter((pl.col("title") == official.policy) & (pl.col("recognized_on") <= day) & (
        pl.col("valid_until").is_null() | (pl.col("valid_until") >= day)))[KEY].to_list())
    results = {}
    for name, pack in (("baseline", official), ("sandbox", changed)):
        result = evaluate_prepared(pack, frame, year, day, True)
        result = result.with_columns(verdict=verdicts(result))
        results[name] = result
        _count(counts[name], result, holders)
    return _flips(official, results, id_of, holders)


def _count(counts: dict, result: pl.DataFrame, holders: set[str]) -> None:
    qualified = result.filter(pl.col("verdict") == "qualified")[KEY]
    counts["qualified"] += qualified.len()
    counts["rewarded_new"] += int((~qualified.is_in(list(holders))).sum())
    counts["insufficient_data"] += int((result["verdict"] == "insufficient_data").sum())


def _flips(pack: Pack, results: dict[str, pl.DataFrame], id_of: dict[str, int], holders: set[str]) -> list[dict]:
    columns = results["baseline"].columns
    statuses = [f"{c.id}:status" for c in pack.clauses if f"{c.id}:status" in columns]
    statuses += ["score_status"] if "score_status" in columns else []
    base = results["baseline"].select(KEY, "verdict", *statuses)
    sand = results["sandbox"].select(KEY, "verdict", *statuses)
    joined = base.join(sand, on=KEY, suffix="~", maintain_order="left").filter(pl.col("verdict") != pl.col("verdict~"))
    out = []
    for row in joined.iter_rows(named=True):
        changed = [["score" if s == "score_status" else s.removesuffix(":status"), STATUS_WORDS[row[s]],
                    STATUS_WORDS[row[s + "~"]]] for s in statuses if row[s] != row[s + "~"]]
        out.append({"enterprise": id_of[row[KEY]], "baseline": row["verdict"], "sandbox": row["verdict~"],
                    "holds": row[KEY] in holders, "clauses": changed})
    return out


def _summary(scenario: Scenario, counts: dict, enterprises: int) -> dict:
    """Counts and money, baseline beside sandbox; money in 万元 as strings (Decimal, never float)."""
    out = {"enterprises": enterprises,
           "gained": sum(f["sandbox"] == "qualified" for f in scenario.flips),
           "lost": sum(f["baseline"] == "qualified" for f in scenario.flips)}
    out["undecided"] = len(scenario.flips) - out["gained"] - out["lost"]  # not qualified ↔ insufficient data
    for name, reward in (("baseline", scenario.reward_baseline), ("sandbox", scenario.reward_sandbox)):
        c = counts[name]
        rewarded = c["rewarded_new"] if scenario.reward_basis == "new" else c["qualified"]
        reward = Decimal(reward).quantize(CENT)
        out[name] = c | {"rewarded": rewarded, "reward": str(reward), "budget": str(reward * rewarded)}
    out["budget_change"] = str(Decimal(out["sandbox"]["budget"]) - Decimal(out["baseline"]["budget"]))
    return out


def create_scenario(data, by) -> Scenario:
    """A new 政策模拟 from `NewScenarioCommand` (a name, a policy and a year), audited. Staff only."""
    Scope.of(by).require("cultivation.manage")
    values = parse(NewScenarioCommand, data)
    with transaction.atomic():
        scenario = Scenario.objects.create(created_by=Scope.of(by).actor, **values)
        audit.created(by, scenario, tuple(values))
    return scenario


def update_scenario(scenario: Scenario, data, by) -> None:
    """Save the sandbox numbers, parameters and rewards `ScenarioCommand` reads from `data` (values as shown, %
    as %), audited; Invalid naming every problem, nothing saved, when any is wrong or the sandbox pack would not
    load. Staff only."""
    Scope.of(by).require("cultivation.manage")
    official = packs_official(scenario)
    values = parse(ScenarioCommand, data, official=official)
    scenario.pack_id = official.id
    with transaction.atomic():
        audit.save_changes(by, scenario, values, ScenarioCommand.STORED)


def packs_official(scenario: Scenario) -> Pack:
    day = assessment_date(scenario.year)
    return pack_for(scenario.policy, day, zone_variants().get(scenario.policy, "national"))


def flip_rows(scenario: Scenario, kind: str) -> list[dict]:
    """The enterprises that gain the title in the sandbox (`gained`) or lose it (`lost`), each with the park and
    the clauses whose result changed, in words."""
    official = packs_official(scenario)
    labels = {c.id: c.label for c in official.clauses} | {"score": "综合评分"}
    chosen = [f for f in scenario.flips
              if (f["sandbox"] == "qualified") == (kind == "gained") and "qualified" in (f["baseline"], f["sandbox"])]
    names = Enterprise.objects.select_related("park").in_bulk([f["enterprise"] for f in chosen])
    return [{"enterprise": names[f["enterprise"]], "holds": f["holds"], "baseline": f["baseline"],
             "sandbox": f["sandbox"],
             "changes": [f"{labels.get(cid, cid)}：{before} → {after}" for cid, before, after in f["clauses"]]}
            for f in chosen if f["enterprise"] in names]
