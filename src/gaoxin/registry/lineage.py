"""Lineage of every stored figure: which source said what, and which value the registry holds.

Every writer of figures (the importers, the filing review, a staff edit, the patent counts, the demo) passes its
values through `merge` with its `Source`; `merge` records each value as that source's report in the record's
`lineage` and returns the values the record should hold, chosen by `contract.lineage`'s priority. Readers ask
`reports` (every source of one figure, the chosen one first), `conflicts` (figures whose sources disagree) and
`sources_of` (the chosen source of each figure an enterprise's verdicts read) — so pages, explanations and the
API show one lineage.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from gaoxin.contract.fields import BY_CODE, ENTERPRISE_FIELDS, FIGURE_FIELDS
from gaoxin.contract.lineage import BY_KIND, label, rank
from gaoxin.registry.audit import same
from gaoxin.registry.schemas import Report

ENTERPRISE_TRACED = frozenset(f.code for f in ENTERPRISE_FIELDS if f.code not in ("credit_code", "park"))
FIGURES_TRACED = frozenset(f.code for f in FIGURE_FIELDS)
LEGACY_NOTE = "该年度数据最近一次由“{source}”写入"


@dataclass(frozen=True)
class Source:
    """Who is reporting values now: a kind of `contract.lineage`, the batch or filing, a reference to show."""

    kind: str
    ref: str = ""
    batch: int | None = None
    filing: int | None = None
    as_of: dt.date = field(default_factory=dt.date.today)

    def __post_init__(self) -> None:
        if self.kind not in BY_KIND:
            raise ValueError(f"unknown source kind “{self.kind}”")

    @classmethod
    def of_batch(cls, kind: str, batch) -> Source:
        """A file's import: 年度数据导入, 工商, 专利 or 名单, as of the day it was uploaded."""
        day = batch.at.date() if batch.at else dt.date.today()
        return cls(kind, f"#{batch.pk} {batch.file_name}"[:120], batch=batch.pk, as_of=day)

    @classmethod
    def of_filing(cls, filing) -> Source:
        return cls("filing", f"#{filing.pk}", filing=filing.pk)

    @classmethod
    def of_staff(cls, user) -> Source:
        name = (user.get_full_name() or user.get_username()) if user is not None else ""
        return cls("staff", name[:60])

    def ref_json(self) -> dict:
        return {"kind": self.kind, "ref": self.ref, "batch": self.batch, "filing": self.filing,
                "as_of": self.as_of.isoformat()}


def to_json(value: Any) -> Any:
    """A model value as a report keeps it: exact decimals as text, dates ISO."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def from_json(code: str, value: Any) -> Any:
    """A report's value as the model field holds it (blank text as "", like `fieldmap.to_model_value`)."""
    kind = BY_CODE[code].kind
    if value is None:
        return "" if kind in ("enum", "text") else None
    if kind in ("money", "number", "percent"):
        return Decimal(str(value))
    if kind == "date":
        return dt.date.fromisoformat(value)
    if kind in ("int", "year"):
        return int(value)
    return value


def traced(obj) -> frozenset[str]:
    return FIGURES_TRACED if hasattr(obj, "year") else ENTERPRISE_TRACED


def merge(obj, values: dict[str, Any], source: Source) -> dict[str, Any]:
    """Record `values` as `source`'s reports in `obj.lineage` (unsaved) and return the values `obj` should hold.

    Per traced field: this source's report replaces its kind's earlier one, and the highest-ranked report
    (newest on a tie) gives the value. A blank says nothing unless staff give it. Untraced fields pass through.
    A record created whole by one source stores that source once, as its `default`."""
    fields = traced(obj)
    out = {c: v for c, v in values.items() if c not in fields}
    said = {c: v for c, v in values.items() if c in fields and (v not in (None, "") or source.kind == "staff")}
    if obj.pk is None and not (obj.lineage or {}).get("sources"):
        obj.lineage = {"sources": [source.ref_json()], "default": 0, "fields": {}}
        return out | said
    reports = {}
    if not (obj.lineage or {}).get("sources"):  # first report on a record older than lineage: freeze the rest
        reports = {c: _stored(obj, c) for c in fields if getattr(obj, c, None) not in (None, "")}
    for code, value in said.items():
        found = reports[code] if code in reports else _stored(obj, code)
        if _confirms(code, found, source.kind, value):  # the same kind said the same: nothing new to keep
            out[code] = from_json(code, found[0]["value"]) if found else value
            continue
        kept = [r for r in found if r["kind"] != source.kind]
        reports[code] = _ordered([*kept, source.ref_json() | {"value": to_json(value)}])
        out[code] = from_json(code, reports[code][0]["value"])
    if reports:
        _store(obj, reports)
    return out


def _confirms(code: str, found: list[dict], kind: str, value: Any) -> bool:
    """Whether a report of `kind` already says `value`: then the earlier one stays the source, so importing the
    same file again changes nothing, lineage included."""
    mine = next((r for r in found if r["kind"] == kind), None)
    return mine is not None and _comparable(code, mine["value"]) == _comparable(code, to_json(value))


def _stored(obj, code: str) -> list[dict]:
    """The reports kept for `code` as dicts (source fields and value), chosen first. A figure without its own
    entry came from the record's default source, or, written before lineage was kept, from an unranked one."""
    lineage = obj.lineage or {}
    sources = lineage.get("sources", [])
    if code in lineage.get("fields", {}):
        return [sources[i] | {"value": v} for i, v in lineage["fields"][code]]
    current = getattr(obj, code, None)
    if current in (None, ""):
        return []
    if lineage.get("default") is not None:
        return [sources[lineage["default"]] | {"value": to_json(current)}]
    return [_legacy(obj) | {"value": to_json(current)}]


def _store(obj, reports: dict[str, list[dict]]) -> None:
    """Write `reports` into `obj.lineage`, keeping each source once; a default source a figure no longer reads
    stays while others still do, and sources nobody reads are dropped."""
    lineage = obj.lineage or {}
    old_sources = lineage.get("sources", [])
    fields = {c: [(old_sources[i], v) for i, v in entries] for c, entries in lineage.get("fields", {}).items()}
    default = old_sources[lineage["default"]] if lineage.get("default") is not None else None
    if default is not None:  # the figures still reading the default get their own entries only if they change
        for code in reports:
            fields.pop(code, None)
    for code, found in reports.items():
        fields[code] = [({k: r[k] for k in SOURCE_KEYS}, r["value"]) for r in found]
    sources: list[dict] = []
    index = {}

    def place(ref: dict) -> int:
        key = tuple(ref[k] for k in SOURCE_KEYS)
        if key not in index:
            index[key] = len(sources)
            sources.append(ref)
        return index[key]

    packed = {c: [[place(ref), v] for ref, v in entries] for c, entries in fields.items()}
    obj.lineage = {"sources": sources, "default": place(default) if default is not None else None,
                   "fields": packed}


SOURCE_KEYS = ("kind", "ref", "batch", "filing", "as_of")


def _legacy(obj) -> dict:
    written = getattr(obj, "updated_at", None)
    day = written.date() if written else dt.date.today()
    row_source = getattr(obj, "source", "")
    if row_source == "demo":
        return {"kind": "demo", "ref": "", "batch": None, "filing": None, "as_of": day.isoformat()}
    shown = getattr(obj, "get_source_display", None)
    ref = LEGACY_NOTE.format(source=shown()) if shown else ""
    return {"kind": "unrecorded", "ref": ref, "batch": None, "filing": None, "as_of": day.isoformat()}


def _ordered(reports: list[dict]) -> list[dict]:
    """The chosen report first: highest rank, then newest as-of, then the one recorded last."""
    indexed = sorted(enumerate(reports), key=lambda p: (rank(p[1]["kind"]), p[1]["as_of"], p[0]), reverse=True)
    return [r for _i, r in indexed]


def reports(obj, code: str) -> list[Report]:
    """Every source's report of one figure, the chosen one first."""
    return [Report.model_validate(r) for r in _stored(obj, code)]


def conflicts(obj) -> dict[str, list[Report]]:
    """The traced figures whose sources gave different values, each with its reports (chosen first)."""
    out = {}
    for code in sorted((obj.lineage or {}).get("fields", {}), key=_contract_order):
        found = reports(obj, code)
        if len({_comparable(code, r.value) for r in found}) > 1:
            out[code] = found
    return out


def _contract_order(code: str) -> int:
    return ORDER.get(code, len(ORDER))


ORDER = {f.code: i for i, f in enumerate((*ENTERPRISE_FIELDS, *FIGURE_FIELDS))}


def _comparable(code: str, value: Any) -> Any:
    converted = from_json(code, value)
    return converted.normalize() if isinstance(converted, Decimal) else converted


def chosen(obj, code: str) -> Report | None:
    found = reports(obj, code)
    return found[0] if found else None


def describe(report: Report | None) -> str:
    """One line naming a source, as pages and explanations show it: 年度数据导入 #12 2025年报.xlsx（2026-03-01）."""
    if report is None:
        return ""
    if report.kind == "unrecorded":
        return f"{label(report.kind)}（{report.ref}{'，' if report.ref else ''}{report.as_of.isoformat()}）"
    ref = f" {report.ref}" if report.ref else ""
    return f"{label(report.kind)}{ref}（{report.as_of.isoformat()}）"


def source_json(report: Report | None) -> dict | None:
    """A report as explanations and the API carry it (no value: the explanation has it already)."""
    if report is None:
        return None
    return {"kind": report.kind, "label": label(report.kind), "ref": report.ref, "batch": report.batch,
            "filing": report.filing, "as_of": report.as_of.isoformat(), "text": describe(report)}


# ---- explanations -----------------------------------------------------------------------------------------------

DERIVED_SOURCE = {"kind": "derived", "label": label("derived"), "ref": "", "batch": None, "filing": None,
                  "as_of": None, "text": "推算：未填报，按数据契约的恒等式由其他数据得出（不写回企业库）"}


def sources_of(enterprise) -> dict[tuple[str, int | None], dict]:
    """The chosen source of every figure the enterprise has: (field, year) → `source_json`; year None for the
    enterprise's own fields. Two queries' worth of rows: the enterprise and its years."""
    out: dict[tuple[str, int | None], dict] = {}
    for code in ENTERPRISE_TRACED:
        made = source_json(chosen(enterprise, code))
        if made:
            out[(code, None)] = made
    for grant in enterprise.titles.select_related("source").order_by("recognized_on"):  # the latest grant wins
        out[(f"title:{grant.title}", None)] = title_source(grant)
    for figures in enterprise.annual_figures.all():
        for code in FIGURES_TRACED:
            if getattr(figures, code) in (None, "") and code not in (figures.lineage or {}).get("fields", {}):
                continue
            made = source_json(chosen(figures, code))
            if made:
                out[(code, figures.year)] = made
    return out


def explained(result: dict | None, sources: dict[tuple[str, int | None], dict]) -> dict | None:
    """A verdict's or match's explanation with each figure it read naming its source (`source`), a figure the
    engine derived naming 推算 and, in `from`, the source of each figure it was derived from, and a clause on a
    title naming where that title was recorded (`title_source`)."""
    if not result or not result.get("clauses"):
        return result
    return result | {"clauses": [_clause(c, sources) for c in result["clauses"]]}


def _clause(clause: dict, sources: dict) -> dict:
    out = clause | {"inputs": [_traced(i, sources) for i in clause.get("inputs", [])]}
    if clause.get("title"):
        out["title_source"] = sources.get((f"title:{clause['title']}", None))
    return out


def title_source(grant) -> dict:
    """Where a title grant was recorded: the import (名单 or yearly sheet) that brought it, or a staff entry."""
    batch = grant.source
    if batch is None:
        return {"kind": "staff", "label": label("staff"), "ref": "", "batch": None, "filing": None,
                "as_of": grant.recognized_on.isoformat(), "text": f"{label('staff')}（认定 {grant.recognized_on}）"}
    kind = "list" if batch.kind == "title_list" else "import"
    text = f"{label(kind)} #{batch.pk} {batch.file_name}（{batch.at.date().isoformat()}）"
    return {"kind": kind, "label": label(kind), "ref": f"#{batch.pk} {batch.file_name}", "batch": batch.pk,
            "filing": None, "as_of": batch.at.date().isoformat(), "text": text}


def _traced(entry: dict, sources: dict) -> dict:
    out = dict(entry)
    if entry.get("derived"):
        out["source"] = DERIVED_SOURCE
        out["from"] = [f | {"source": sources.get((f.get("field"), f.get("year")))} for f in entry.get("from", [])]
    elif entry.get("value") is not None:
        out["source"] = sources.get((entry.get("field"), entry.get("year")))
    else:
        out["source"] = None
    return out


def outranking(obj, code: str, kind: str) -> Report | None:
    """The report that would keep its value over a new report of `kind` (a higher-ranked source), if any."""
    top = _outranking(obj, code, kind)
    return Report.model_validate(top) if top else None


def _outranking(obj, code: str, kind: str) -> dict | None:
    if obj is None:
        return None
    found = _stored(obj, code)
    return found[0] if found and rank(found[0]["kind"]) > rank(kind) else None


# ---- the enterprise page ------------------------------------------------------------------------------------------

@dataclass
class Shown:
    """One report as the enterprise page lists it: the source in words, the value (withheld if hidden)."""

    source: str
    kind: str
    value: Any
    chosen: bool


@dataclass
class Disagreement:
    code: str
    label: str
    year: int | None
    reports: list[Shown]


@dataclass
class EnterpriseLineage:
    """What the enterprise page shows of lineage: the chosen source in words of each enterprise fact (`facts`)
    and yearly figure (`cells`: code → year → text), the figures whose sources disagree (`disagreements`, every
    report with the chosen one marked; `conflicted`: code → years) and each source with how many figures it
    gave (`sources`)."""

    facts: dict[str, str] = field(default_factory=dict)
    cells: dict[str, dict[int, str]] = field(default_factory=dict)
    disagreements: list[Disagreement] = field(default_factory=list)
    conflicted: dict[str, set[int | None]] = field(default_factory=dict)
    sources: list[tuple[str, int]] = field(default_factory=list)


def of_enterprise(enterprise, figures: list, mask: Callable[[dict], dict] = lambda m: m) -> EnterpriseLineage:
    """`mask` ({code: value} → as the reader may see it) withholds values, never sources."""
    out, counts = EnterpriseLineage(), {}
    records = [(enterprise, None, ENTERPRISE_TRACED), *((f, f.year, FIGURES_TRACED) for f in figures)]
    for record, year, codes in records:
        for code in sorted(codes, key=_contract_order):
            found = reports(record, code)
            if not found:
                continue
            text = describe(found[0])
            if year is None:
                out.facts[code] = text
            else:
                out.cells.setdefault(code, {})[year] = text
            counts[text] = counts.get(text, 0) + 1
            if len({_comparable(code, r.value) for r in found}) > 1:
                out.conflicted.setdefault(code, set()).add(year)
                out.disagreements.append(Disagreement(code, BY_CODE[code].label, year, [
                    Shown(describe(r), r.kind, mask({code: from_json(code, r.value)})[code], i == 0)
                    for i, r in enumerate(found)]))
    out.sources = sorted(counts.items(), key=lambda p: -p[1])
    return out


def kept_by(obj, code: str, value: Any, kind: str) -> str:
    """The label of the source whose value `obj` would keep if `kind` reported `value` (a higher-ranked source
    holding a different one), or "" when the new value would be taken or is the same."""
    if value in (None, "") or obj is None or same(getattr(obj, code), value):
        return ""
    top = _outranking(obj, code, kind)
    return label(top["kind"]) if top else ""
