"""Evaluating enterprise data files: the entry point the CLI (and later jobs) use.

Reads the contract's table (csv/xlsx through the same checks as the import; parquet as is), picks the pack in
force on the assessment date for each policy, evaluates, and renders results.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import polars as pl

from gaoxin.engine.evaluate import iter_evaluations
from gaoxin.engine.explain import result_json
from gaoxin.engine.frame import KEY
from gaoxin.engine.library import PackError, all_packs, assessment_date, pack_for
from gaoxin.engine.schema import POLICIES, Pack
from gaoxin.intake.reader import Limits, read_table
from gaoxin.intake.titles import check_titles
from gaoxin.intake.validate import Problem, check_sheet

LOCAL_FILE = Limits(max_rows=20_000_000, max_unpacked_bytes=8 * 2**30)  # a file on this machine, read by its owner
TITLE_SCHEMA = {"credit_code": pl.String, "title": pl.String, "recognized_on": pl.Date, "valid_until": pl.Date}


class InputProblems(ValueError):
    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problems in the input")
        self.problems = problems


@dataclass
class Inputs:
    table: pl.DataFrame
    titles: pl.DataFrame | None


def read_inputs(path: Path, titles_path: Path | None = None) -> Inputs:
    if path.suffix.lower() == ".parquet":
        table, titles = pl.read_parquet(path), None
    else:
        sheet = read_table(path.read_bytes(), path.name, LOCAL_FILE)
        checked = check_sheet(sheet)
        problems = list(checked.summarised())
        titles = None
        if sheet.titles is not None:
            checked_titles = check_titles(sheet.titles)
            problems += checked_titles.problems
            titles = titles_frame([r.values for r in checked_titles.records])
        if problems:
            raise InputProblems(problems)
        table = pl.DataFrame([{k: plain(v) for k, v in r.values.items()} for r in checked.records],
                             infer_schema_length=None)
    if titles_path is not None:
        titles = read_titles(titles_path)
    return Inputs(table, titles)


def read_titles(path: Path) -> pl.DataFrame:
    if path.suffix.lower() == ".parquet":
        return titles_table(pl.read_parquet(path))
    checked = check_titles(read_table(path.read_bytes(), path.name, LOCAL_FILE))
    if checked.problems:
        raise InputProblems(checked.problems)
    return titles_frame([r.values for r in checked.records])


def titles_table(frame: pl.DataFrame) -> pl.DataFrame:
    """The contract's titles table out of a frame that holds (at least) its four columns."""
    return frame.select(*TITLE_SCHEMA).cast(TITLE_SCHEMA)


def titles_frame(rows: list[dict]) -> pl.DataFrame:
    """The contract's titles table from dicts with (at least) its four columns."""
    return pl.DataFrame([{k: r.get(k) for k in TITLE_SCHEMA} for r in rows], schema=TITLE_SCHEMA)


def plain(value):
    """A stored value as the engine reads it: Decimal → float, an empty choice ("") → unknown."""
    if isinstance(value, Decimal):
        return float(value)
    return None if value == "" else value


def policies_available() -> list[str]:
    """Policies with at least one pack, in ladder order (科小 → 高企 → 创新型 → … → 上市后备)."""
    return sorted({p.policy for p in all_packs()}, key=POLICIES.index)


def evaluate_inputs(inputs: Inputs, year: int, policies: list[str] | None = None,
                    on: dt.date | None = None, variants: dict[str, str] | None = None) -> list[dict]:
    """Contract-shaped results for every enterprise × policy (policy in ladder order, then credit code)."""
    day = assessment_date(year, on)
    packs = packs_in_force(day, policies, variants)
    results = []
    for pack, frame in iter_evaluations(packs, inputs.table, year, day, inputs.titles):
        results += [result_json(pack, row, year) for row in frame.sort(KEY).iter_rows(named=True)]
    return results


def packs_in_force(day: dt.date, policies: list[str] | None = None,
                   variants: dict[str, str] | None = None) -> list[Pack]:
    """The pack of each policy in force on `day`, in ladder order, honouring a zone's locality variants.

    A policy asked for by name must have one (else PackError); with no names, policies without a pack in force
    on that day are left out.
    """
    packs = []
    for policy in policies or policies_available():
        try:
            packs.append(pack_for(policy, day, (variants or {}).get(policy, "national")))
        except PackError:
            if policies:
                raise
    return packs
