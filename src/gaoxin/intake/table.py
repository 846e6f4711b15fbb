"""One walk over the lists zones receive from others (专利清单, 工商导出 …): the header found below any title rows,
columns placed by the headers issuers print, every other column named as not read, then each row turned into a
record or into problems with its row and column. The list's own module says what a row means."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from gaoxin.contract.checks import CellError, is_empty, parse
from gaoxin.contract.fields import Field
from gaoxin.intake.names import clean
from gaoxin.intake.reader import DEFAULT_LIMITS, Limits, UnreadableFile, read_rows
from gaoxin.intake.validate import Problem

HEADER_SEARCH_ROWS = 20  # official exports put a title and a date above the header


@dataclass
class Table:
    """A list read: its records, its problems (none means all rows were good), the columns not read."""

    records: list = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)


class Row:
    """One data row's cells by column code, and how to name a wrong one (row, header, value, why)."""

    def __init__(self, number: int, cells: dict[str, Any], header: dict[str, str], problems: list[Problem]):
        self.number, self.cells, self.header, self.problems = number, cells, header, problems
        self.start = len(problems)

    def text(self, code: str) -> str:
        value = self.cells.get(code)
        if isinstance(value, dt.datetime):
            return value.date().isoformat()
        return "" if value is None else str(value).strip()

    def wrong(self, code: str, reason: str) -> None:
        value = self.cells.get(code)
        self.problems.append(Problem(self.number, self.header[code], "" if value is None else str(value), reason))

    @property
    def ok(self) -> bool:
        return len(self.problems) == self.start

    def parsed(self, code: str, field: Field, required: bool = False) -> Any:
        """The cell typed as the contract types `field` (its range checked), None when blank; a wrong or missing
        required cell is named."""
        if code not in self.header or not self.text(code):
            if required:
                self.wrong(code, f"{field.label}为必填项")
            return None
        try:
            return parse(field, self.cells[code])
        except CellError as exc:
            self.wrong(code, str(exc))
            return None

    def word(self, code: str, words: dict[str, Any], why: str) -> Any:
        """What a cell's word means: the word itself, else the longest listed word it contains (在建 → 开工,
        国家级孵化器 → 国家); a cell none matches is named with `why`."""
        text = clean(self.text(code)) if code in self.header else ""
        if not text:
            return None
        found = words.get(text)
        if found is None:
            found = next((v for w, v in sorted(words.items(), key=lambda p: -len(p[0])) if w in text), None)
        if found is None:
            self.wrong(code, why)
        return found


def read_table_of(data: bytes, file_name: str, *, columns: dict[str, tuple[str, ...]], required: tuple[str, ...],
                  key: str, record: Callable[[Row], Any], same: str, limits: Limits = DEFAULT_LIMITS,
                  identity: Callable[[Any], Any] | None = None) -> Table:
    """The list's records. `key` is the column that finds the header; `identity` (by default the record's `key`)
    must be unique per row, `same` saying so; `record` makes a row's record, or returns None after naming its
    problems."""
    identity = identity or (lambda made: getattr(made, key, None))
    rows = read_rows(data, file_name, limits)
    at = next((i for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]) if key in place_columns(row, columns)), None)
    if at is None:
        named = "、".join(f"“{n}”" for n in columns[key][:3])
        raise UnreadableFile(f"找不到“{columns[key][0]}”列：表头应有{named}之一")
    placed = place_columns(rows[at], columns)
    table = Table(ignored_columns=[str(h).strip() for i, h in enumerate(rows[at])
                                   if i not in placed.values() and not is_empty(h)])
    table.problems += [Problem(at + 1, columns[c][0], "", f"缺少必填列“{columns[c][0]}”")
                       for c in required if c not in placed]
    if table.problems:
        return table
    header = {code: str(rows[at][i]).strip() for code, i in placed.items()}
    seen: dict[Any, int] = {}
    for number, values in enumerate(rows[at + 1:], start=at + 2):
        cells = {code: values[i] if i < len(values) else None for code, i in placed.items()}
        if all(is_empty(v) for v in cells.values()):
            continue
        made = record(Row(number, cells, header, table.problems))
        found = identity(made) if made is not None else None
        if made is not None and found in seen:
            table.problems.append(Problem(number, header[key], _shown(found), same.format(row=seen[found])))
        elif made is not None:
            seen[found] = number
            table.records.append(made)
        if len(table.problems) >= limits.max_problems:
            break
    return table


def _shown(identity: Any) -> str:
    return " ".join(str(p) for p in identity) if isinstance(identity, tuple) else str(identity)


def place_columns(row: list, columns: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """Where each column is, forgiving a note in brackets after a header (专利权人（全部）)."""
    out: dict[str, int] = {}
    for i, cell in enumerate(row):
        full = clean("" if cell is None else str(cell).strip())
        bare = re.split(r"[（/]", full)[0]  # 总投资（亿元）, 总投资/万元: the unit stays in the header
        for code, names in columns.items():
            if code not in out and (full in names or bare in names):
                out[code] = i
                break
    return out
