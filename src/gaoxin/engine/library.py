"""Finding and loading policy packs, and choosing the version in force on an assessment date.

Packs live in `packs/<policy>/<version>.yaml`. A ministry revision is a new file with its own effective date;
evaluation picks the file in force on the assessment date (default 1 July of the assessment year, as the data
contract says), so past years stay reproducible.

A file may be an overlay (`base: <pack id>`): a year's notice on top of the 办法 (小巨人 2025), or a province's
特色化 indicators on top of the national standard. It states only what differs: its identity and dates,
clauses that replace (same id) or add to the base's, `remove_clauses`, and, when they change, `score`/`rule`.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
from functools import cache
from pathlib import Path

import yaml
from pydantic import ValidationError

from gaoxin.contract.derivations import digest as derivations_digest
from gaoxin.engine.schema import Pack

PACK_DIR = Path(__file__).resolve().parent / "packs"


class PackError(ValueError):
    """A pack file that does not match the schema, or no pack for a policy on a date."""


def _raw(path: Path) -> dict:
    """The file's YAML; parsed once per file version (overlays read their base again and again)."""
    return copy.deepcopy(_parsed(path, path.stat().st_mtime_ns))


@cache
def _parsed(path: Path, version: int) -> dict:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise PackError(f"{path.name}: not valid YAML: {exc}") from None


def pack_path(pack_id: str, directory: Path = PACK_DIR) -> Path:
    """The file that defines the pack `pack_id`."""
    for path in sorted(directory.glob("*/*.yaml")):
        if _raw(path).get("id") == pack_id:
            return path
    raise PackError(f"没有政策包 {pack_id}")


def _resolve(data: dict, directory: Path, name: str, seen: tuple[str, ...] = ()) -> dict:
    """The full pack an overlay describes: its base's content with the overlay's changes applied."""
    base_id = data.get("base")
    if base_id is None:
        return data
    if base_id in seen:
        raise PackError(f"{name}: overlays form a loop through {base_id}")
    found = [raw for raw in (_raw(p) for p in sorted(directory.glob("*/*.yaml"))) if raw.get("id") == base_id]
    if not found:
        raise PackError(f"{name}: base pack “{base_id}” not found")
    base = _resolve(found[0], directory, name, (*seen, base_id))
    overlay = {k: v for k, v in data.items() if k not in ("base", "clauses", "remove_clauses", "decisions")}
    removed = set(data.get("remove_clauses") or ())
    replacing = {c["id"]: c for c in data.get("clauses") or ()}
    clauses = [replacing.pop(c["id"], c) for c in base["clauses"] if c["id"] not in removed]
    merged = dict(base) | overlay
    merged["clauses"] = clauses + list(replacing.values())
    merged["decisions"] = list(base.get("decisions") or ()) + list(data.get("decisions") or ())
    merged["parameters"] = (base.get("parameters") or {}) | (data.get("parameters") or {})
    merged["overlays"] = base_id
    return merged


def load_pack(path: Path, overrides: dict | None = None) -> Pack:
    """Load and check one pack file. A value written `"${name}"` takes the pack parameter `name`, so a zone (or
    a what-if sandbox) can choose otherwise through `overrides` without editing the official file."""
    try:
        data = _resolve(_raw(path), path.parent.parent, path.name)
        parameters = {**(data.get("parameters") or {}), **(overrides or {})}
        unknown = set(overrides or {}) - set(data.get("parameters") or {})
        if unknown:
            raise PackError(f"{path.name}: no such parameter: {', '.join(sorted(unknown))}")
        data = _substitute(data, parameters, path.name)
        data["parameters"] = parameters
        return Pack.model_validate(data)
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
    """The version of `policy` (and locality `variant`) in force on `on`.

    A zone's variant applies where one exists for that policy and date; otherwise the national pack does (the
    2026 办法 drops the provinces' 特色化 indicators, so a 四川 zone then gets the national 专精特新 rules).
    """
    if variant != "national" and any(p.policy == policy and p.variant == variant and p.in_force_on(on)
                                     for p in (packs or all_packs())):
        return _exact(policy, on, variant, packs)
    return _exact(policy, on, "national", packs)


def _exact(policy: str, on: dt.date, variant: str, packs: tuple[Pack, ...] | None) -> Pack:
    candidates = [p for p in (packs or all_packs()) if p.policy == policy and p.variant == variant]
    in_force = [p for p in candidates if p.in_force_on(on)]
    if len(in_force) > 1:
        raise PackError(f"{policy}/{variant}: more than one version in force on {on}: {[p.id for p in in_force]}")
    if not in_force:
        known = ", ".join(f"{p.id} ({p.effective_from}–{p.superseded_on or ''})" for p in candidates) or "none"
        raise PackError(f"no {policy}/{variant} pack in force on {on}; known versions: {known}")
    return in_force[0]


def parse_variants(text: str) -> dict[str, str]:
    """A zone's locality variants from `policy=variant,policy=variant` (GAOXIN_POLICY_VARIANTS, --variant).

    Every named variant must exist for its policy in some version, so a typo is an error, not a silent
    national evaluation.
    """
    variants: dict[str, str] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        policy, sep, variant = item.partition("=")
        if not sep or not policy or not variant:
            raise PackError(f"“{item}” is not policy=variant")
        known = sorted({p.variant for p in all_packs() if p.policy == policy.strip()})
        if variant.strip() not in known:
            raise PackError(f"{policy.strip()} has no variant “{variant.strip()}”; known: {', '.join(known) or 'none'}")
        variants[policy.strip()] = variant.strip()
    return variants


@cache
def _files_digest(directory: Path = PACK_DIR) -> str:
    digest = hashlib.sha256()
    for path in sorted([*directory.glob("*/*.yaml"), *(directory.parent / "standards").glob("*.yaml")]):
        digest.update(path.name.encode() + path.read_bytes())
    digest.update(derivations_digest().encode())  # the identities blank figures are bounded by
    return digest.hexdigest()


def fingerprint(variants: dict[str, str] | None = None) -> str:
    """A short digest of every pack and standard file, the derivation rules and the zone's variants: stored
    verdicts carrying another fingerprint were computed under other rules and must be recomputed."""
    chosen = ",".join(f"{k}={v}" for k, v in sorted((variants or {}).items()))
    return hashlib.sha256((_files_digest() + chosen).encode()).hexdigest()[:16]
