"""Concrete actions for an unmet clause, read from `actions.yaml` by the data fields the clause reads.

The wording is data so that a zone can adapt it to its own services without touching code; it never changes
a verdict.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from gaoxin.contract.fields import BY_CODE

HERE = Path(__file__).parent


@cache
def catalogue() -> dict:
    return yaml.safe_load((HERE / "actions.yaml").read_text(encoding="utf-8"))


@cache
def windows() -> dict[str, dict]:
    """Usual application window and department per policy (`windows.yaml`)."""
    return yaml.safe_load((HERE / "windows.yaml").read_text(encoding="utf-8"))


def clause_actions(clause: dict) -> list[str]:
    """What to do about one unmet clause: the action of each field it reads, in order and without repeats; a
    prerequisite (a title to hold first) when it reads none; a plain sentence from its gap otherwise."""
    texts = catalogue()
    fields = [i["field"] for i in clause.get("inputs", [])]
    found = [texts["fields"][f] for f in fields if f in texts["fields"]]
    if found:
        return list(dict.fromkeys(found))
    if not fields:
        return [texts["prerequisite"].format(label=clause["label"])]
    return [texts["default"].format(label=clause["label"], gap=clause["gap"] or clause["threshold"])]


def missing_action(fields: list[str]) -> str:
    """The action for data not yet filed, naming each field in Chinese."""
    names = "、".join(dict.fromkeys(BY_CODE[f].label if f in BY_CODE else f for f in fields))
    return catalogue()["missing"].format(fields=names)


def score_action(weakest: list[str]) -> str:
    return catalogue()["score"].format(weakest="、".join(weakest) or "各评分项")
