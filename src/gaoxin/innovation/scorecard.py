"""科技招商 scorecard: each prospect's indicators scored by the bands in `scorecard.yaml`, explained the way the
engine explains a verdict — per indicator the value, the band reached, the points, the weight, and the gap to the
next band — then weighted, graded and ranked. An empty indicator is unknown: it scores 0 and says so, and the
score's upper bound (as if it were at the top band) is shown beside it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

import yaml


@cache
def card() -> dict:
    return yaml.safe_load(Path(__file__).with_name("scorecard.yaml").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Line:
    code: str
    label: str
    value: Decimal | None
    unit: str
    points: int
    weight: int
    gap: str  # what the next band needs, in words ("" at the top band)

    @property
    def status(self) -> str:
        return "unknown" if self.value is None else "pass" if self.points else "fail"


@dataclass(frozen=True)
class Score:
    lines: tuple[Line, ...]
    score: Decimal  # unknowns counted as 0
    upper: Decimal  # unknowns counted at the top band
    grade: str


def score(values: dict[str, Decimal | None]) -> Score:
    lines = tuple(_line(code, spec, values.get(code)) for code, spec in card()["indicators"].items())
    weights = sum(line.weight for line in lines)
    low = sum(Decimal(line.points * line.weight) for line in lines) / weights
    high = sum(Decimal((100 if line.value is None else line.points) * line.weight) for line in lines) / weights
    low, high = low.quantize(Decimal("0.1")), high.quantize(Decimal("0.1"))
    return Score(lines, low, high, next(g["label"] for g in card()["grades"] if low >= g["min"]))


def score_stored(indicators: dict[str, str | None]) -> Score:
    """The score of indicators as a prospect stores them (numbers as text; empty = unknown)."""
    return score({k: (Decimal(v) if v not in (None, "") else None) for k, v in indicators.items()})


def _line(code: str, spec: dict, value: Decimal | None) -> Line:
    bands = spec["bands"]
    reached = next((b for b in bands if value is not None and value >= Decimal(str(b["min"]))), None)
    points = reached["points"] if reached else 0
    higher = [b for b in bands if b["points"] > points]
    gap = ""
    if value is None:
        gap = "未填报"
    elif higher:
        target = higher[-1]
        need = Decimal(str(target["min"])) - value
        gap = f"再增加 {need.normalize():f}{spec['unit']} 可得 {target['points']} 分"
    return Line(code, spec["label"], value, spec["unit"], points, spec["weight"], gap)


def indicator_specs() -> list[tuple[str, dict]]:
    return list(card()["indicators"].items())
