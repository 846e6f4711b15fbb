"""How close an enterprise is to a title: the fewest clauses it still has to meet ("差几项") and, among the ways
to get there, the smallest normalised gap — read off the pack's rule tree and an explained result.

A failed `all` needs every failed member; an `any` needs only its cheapest branch (a direct-confirmation route
counts when it is the cheapest, and is ignored otherwise). Unknown clauses cost nothing here: they are listed as
missing data instead, so an enterprise is not ranked down for data the zone has not collected.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gaoxin.engine.schema import Node, Pack


@dataclass(frozen=True)
class Closeness:
    unmet: int  # clauses (the score counting as one) still to meet on the cheapest route
    gap: float  # sum of their normalised shortfalls (0–1 each)
    lacking: tuple[str, ...] = field(default=())  # their ids, "score" for the score


def closeness(pack: Pack, result: dict) -> Closeness:
    clauses = {c["id"]: c for c in result["clauses"]}
    members = [*pack.rule.all, *([Node(any=pack.rule.any)] if pack.rule.any else [])]
    return _all([_member(m, clauses, pack, result) for m in members])


def _member(ref, clauses: dict, pack: Pack, result: dict) -> Closeness:
    if isinstance(ref, Node):
        parts = [_member(m, clauses, pack, result) for m in (ref.all or ref.any)]
        return _all(parts) if ref.all else min(parts, key=lambda c: (c.unmet, c.gap))
    if ref == "score":
        return _score(pack, result)
    clause = clauses[ref]
    if clause["status"] != "fail":
        return Closeness(0, 0.0)
    return Closeness(1, float(clause.get("shortfall", 1.0)), (ref,))


def _score(pack: Pack, result: dict) -> Closeness:
    """The score counts as one unmet item when even its best case misses the pass mark (or a required group)."""
    low, high = result.get("score_range") or (None, None)
    if high is None or pack.score is None:
        return Closeness(0, 0.0)
    short = max(0.0, pack.score.pass_mark - high) / pack.score.pass_mark
    groups_short = [g for g in result.get("sub_scores", []) if g.get("minimum") is not None
                    and _high(g["points"]) < g["minimum"]]
    nonzero_short = [c for c in pack.score.nonzero if _high(_points(result, c)) <= 0]
    if short <= 0 and not groups_short and not nonzero_short:
        return Closeness(0, 0.0)
    return Closeness(1, round(min(1.0, short) if short > 0 else 0.1, 6), ("score",))


def _points(result: dict, clause_id: str):
    return next(c["points"] for c in result["clauses"] if c["id"] == clause_id)


def _high(points) -> float:
    return float(points[1] if isinstance(points, list) else points)


def _all(parts: list[Closeness]) -> Closeness:
    return Closeness(sum(p.unmet for p in parts), round(sum(p.gap for p in parts), 6),
                     tuple(x for p in parts for x in p.lacking))
