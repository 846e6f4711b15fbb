"""The evaluation scales as data (`scales.yaml`): TRL levels with their evidence, value dimensions and weights per
kind of achievement, and the levels a weighted total maps to."""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path

import yaml


@cache
def scales() -> dict:
    return yaml.safe_load(Path(__file__).with_name("scales.yaml").read_text(encoding="utf-8"))


def kind_choices() -> list[tuple[str, str]]:
    return [(code, k["label"]) for code, k in scales()["kinds"].items()]


def uses_trl(kind: str) -> bool:
    return bool(scales()["kinds"][kind]["trl"])


def weights(kind: str) -> dict[str, int]:
    return dict(scales()["kinds"][kind]["weights"])


def dimension_label(code: str) -> str:
    return scales()["dimensions"][code]


def trl_level(level: int) -> dict:
    return next(t for t in scales()["trl"] if t["level"] == level)


def weighted(kind: str, scores: dict[str, Decimal]) -> Decimal:
    """Σ score × weight / Σ weight, out of 100, two decimals."""
    w = weights(kind)
    total = sum(Decimal(scores[d]) * w[d] for d in w) / sum(w.values())
    return total.quantize(Decimal("0.01"))


def level_of(total: Decimal) -> str:
    return next(band["label"] for band in scales()["levels"] if total >= band["min"])
