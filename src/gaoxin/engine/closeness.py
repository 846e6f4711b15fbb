"""How close an enterprise is to a title: the fewest clauses it still has to meet ("差几项"), how many on that
route are still open for lack of data ("待补几项"), and the smallest normalised gap — read off the pack's rule
tree and an explained result.

A failed `all` needs every failed member; an `any` needs only its cheapest branch: the fewest unmet, then the
fewest open, then the smallest gap (a direct-confirmation route counts when it is the cheapest, and is ignored
otherwise). An open clause costs no "unmet" — the enterprise is not ranked down for data the zone has not
collected — but it is counted as pending, so an undecided enterprise reads "差 0 项，待补 2 项", never "差 0 项".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gaoxin.engine.schema import Node, Pack


@dataclass(frozen=True)
class Closeness:
    unmet: int  # clauses (the score counting as one) still to meet on the cheapest route
    gap: float  # sum of their normalised shortfalls (0–1 each)
    lacking: tuple[str, ...] = field(default=())  # their ids, "score" for the score
    pending: int = 0  # clauses on that route still open for lack of data (待补)
    open: tuple[str, ...] = field(default=())  # their ids

    def key(self) -> tuple[int, int, float]:
        return self.unmet, self.pending, self.gap


def closeness(pack: Pack, result: dict) -> Closeness:
    clauses = {c["id"]: c for c in result["clauses"]}
    members = [*pack.rule.all, *([Node(any=pack.rule.any)] if pack.rule.any else [])]
    return _all([_member(m, clauses, pack, result) for m in members])


def distance_label(verdict: str, unmet: int, pending: int) -> str:
    """How a verdict's closeness reads in lists, exports and reports: 已达标 only for a qualified verdict."""
    if verdict == "qualified":
        return "已达标"
    if verdict == "insufficient_data":
        return f"差 {unmet} 项，待补 {pending} 项"
    return f"差 {unmet} 项"


def _member(ref, clauses: dict, pack: Pack, result: dict) -> Closeness:
    if isinstance(ref, Node):
        parts = [_member(m, clauses, pack, result) for m in (ref.all or ref.any)]
        return _all(parts) if ref.all else min(parts, key=Closeness.key)
    if ref == "score":
        return _score(pack, result)
    clause = clauses[ref]
    if clause["status"] == "unknown":
        return Closeness(0, 0.0, pending=1, open=(ref,))
    if clause["status"] != "fail":
        return Closeness(0, 0.0)
    return Closeness(1, float(clause.get("shortfall", 1.0)), (ref,))


def _score(pack: Pack, result: dict) -> Closeness:
    """The score counts as one unmet item when even its best case misses the pass mark (or a required group),
    as one pending item when its range still straddles them."""
    low, high = result.get("score_range") or (None, None)
    if high is None or pack.score is None:
        return Closeness(0, 0.0)
    short = max(0.0, pack.score.pass_mark - high) / pack.score.pass_mark
    groups = [g for g in result.get("sub_scores", []) if g.get("minimum") is not None]
    groups_short = [g for g in groups if _high(g["points"]) < g["minimum"]]
    nonzero_short = [c for c in pack.score.nonzero if _high(_points(result, c)) <= 0]
    if short > 0 or groups_short or nonzero_short:
        return Closeness(1, round(min(1.0, short) if short > 0 else 0.1, 6), ("score",))
    settled = (low >= pack.score.pass_mark and all(_low(g["points"]) >= g["minimum"] for g in groups)
               and all(_low(_points(result, c)) > 0 for c in pack.score.nonzero))
    return Closeness(0, 0.0) if settled else Closeness(0, 0.0, pending=1, open=("score",))


def _points(result: dict, clause_id: str):
    return next(c["points"] for c in result["clauses"] if c["id"] == clause_id)


def _high(points) -> float:
    return float(points[1] if isinstance(points, list) else points)


def _low(points) -> float:
    return float(points[0] if isinstance(points, list) else points)


def _all(parts: list[Closeness]) -> Closeness:
    return Closeness(sum(p.unmet for p in parts), round(sum(p.gap for p in parts), 6),
                     tuple(x for p in parts for x in p.lacking), sum(p.pending for p in parts),
                     tuple(x for p in parts for x in p.open))
