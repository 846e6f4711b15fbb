"""Finding and loading policy packs, and choosing the version in force on an assessment date.

Packs live in `packs/<policy>/<version>.yaml`. A ministry revision is a new file with its own effective date;
evaluation picks the file in force on the assessment date (default 1 July of the assessment year, as the data
contract says), so past years stay reproducible.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

import yaml
from pydantic import ValidationError

from gaoxin.engine.schema import Pack

PACK_DIR = Path(__file__).resolve().parent / "packs"


class PackError(ValueError):
    """A pack file that does not match the schema, or no pack for a policy on a date."""


def load_pack(path: Path, overrides: dict | None = None) -> Pack:
    """Load and check one pack file. A value written `"${name}"` takes the pack parameter `name`, so a zone (or
    a what-if sandbox) can choose otherwise through `overrides` without editing the official file."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        parameters = {**(data.get("parameters") or {}), **(overrides or {})}
        unknown = set(overrides or {}) - set(data.get("parameters") or {})
        if unknown:
            raise PackError(f"{path.name}: no such parameter: {', '.join(sorted(unknown))}")
        data = _substitute(data, parameters, path.name)
        data["parameters"] = parameters
        return Pack.model_validate(data)
    except yaml.YAMLError as exc:
        raise PackError(f"{path.name}: not valid YAML: {exc}") from None
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise PackError(f"{path.name}: {problems}") from None


def _substitute(node, parameters: dict, name: str):
    if isinstance(node, dict):
        return {k: _substitute(v, parameters, name) for k, v in node.items()}
    if isinstance(node, list):
        return [_substitute(v, parameters, name) for v in node]
    if isinstance(node, str) and node.startswith("${") and node.endswith("}"):
        key = node[2:-1]
        if key not in parameters:
            raise PackError(f"{name}: “{node}” names no parameter of the pack")
        return parameters[key]
    return node


@cache
def all_packs(directory: Path = PACK_DIR) -> tuple[Pack, ...]:
    packs = tuple(load_pack(p) for p in sorted(directory.glob("*/*.yaml")))
    ids = [p.id for p in packs]
    if len(set(ids)) != len(ids):
        raise PackError(f"duplicate pack ids in {directory}")
    return packs


def assessment_date(year: int, on: dt.date | None = None) -> dt.date:
    """The date whose rules apply to assessment year `year`: `on` if given, else 1 July of that year."""
    return on or dt.date(year, 7, 1)


def pack_for(policy: str, on: dt.date, variant: str = "national", packs: tuple[Pack, ...] | None = None) -> Pack:
    """The version of `policy` (and locality `variant`) in force on `on`."""
    candidates = [p for p in (packs or all_packs()) if p.policy == policy and p.variant == variant]
    in_force = [p for p in candidates if p.in_force_on(on)]
    if len(in_force) > 1:
        raise PackError(f"{policy}/{variant}: more than one version in force on {on}: {[p.id for p in in_force]}")
    if not in_force:
        known = ", ".join(f"{p.id} ({p.effective_from}–{p.superseded_on or ''})" for p in candidates) or "none"
        raise PackError(f"no {policy}/{variant} pack in force on {on}; known versions: {known}")
    return in_force[0]
