"""A whole table checked against the contract: every problem found, with row, column, value and reason.

Nothing is written here. The caller imports the records only when `problems` is empty (all or nothing).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gaoxin.contract.checks import CellError, is_empty, parse, row_problems
from gaoxin.contract.fields import (
    BY_CODE,
    ENTERPRISE_FIELDS,
    YEAR_FIELDS,
    Field,
    resolve_header,
    unit_mismatch,
)
from gaoxin.contract.titles import flat_title_code
from gaoxin.intake.reader import DEFAULT_LIMITS, Limits, Sheet


@dataclass(frozen=True)
class Problem:
    row: int | None  # spreadsheet row; None for a problem of the whole file
    column: str  # the header as written in the file
    value: str
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "value": self.value, "reason": self.reason}


@dataclass
class Record:
    row: int
    values: dict[str, Any]  # field code → typed value; only non-empty cells


@dataclass
class Checked:
    records: list[Record] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)  # field code → header in the file
    ignored: list[str] = field(default_factory=list)  # columns not read (序号, 备注, 联系人 …), said in the result
    omitted: int = 0  # problems found past the listing cap: counted, not listed

    @property
    def ok(self) -> bool:
        return not self.problems

    def cap(self, most: int) -> None:
        """Keep the first `most` problems and count the rest (a file wrong in every row would otherwise store
        millions of them); the last listed problem says how many more there are."""
        if len(self.problems) > most:
            self.omitted += len(self.problems) - most
            del self.problems[most:]

    def summarised(self) -> list[Problem]:
        if not self.omitted:
            return self.problems
        return [*self.problems, Problem(None, "", "", f"另有 {self.omitted:,} 处问题未列出（只列出前 "
                                                      f"{len(self.problems):,} 处）；请先改正以上问题后重新导入")]


def check_sheet(sheet: Sheet, limits: Limits = DEFAULT_LIMITS) -> Checked:
    checked = Checked()
    fields = _map_headers(sheet, checked)
    if checked.problems:
        return checked
    seen: dict[tuple[str, int], int] = {}
    for source in sheet.rows:
        values: dict[str, Any] = {}
        for header, raw in source.cells.items():
            f = fields.get(header)
            if f is None:
                continue
            try:
                value = parse(f, raw)
            except CellError as exc:
                checked.problems.append(Problem(source.number, header, _shown(raw), str(exc)))
                continue
            if value is not None:
                values[f.code] = value
        _check_required(source.number, source.cells, values, checked)
        for problem in row_problems(values):
            header = checked.columns.get(problem.field, BY_CODE[problem.field].label)
            checked.problems.append(Problem(source.number, header, _shown(values.get(problem.field)),
                                            problem.reason))
        key = (values.get("credit_code"), values.get("year"))
        if None not in key:
            if key in seen:
                checked.problems.append(Problem(
                    source.number, checked.columns["credit_code"], key[0],
                    f"重复行：与第 {seen[key]} 行的企业和年度（{key[1]}）相同"))
            else:
                seen[key] = source.number
        checked.records.append(Record(source.number, values))
        checked.cap(limits.max_problems)
    if not sheet.rows:
        checked.problems.append(Problem(None, "", "", "文件只有表头，没有数据行"))
    return checked


def header_problems(headers: list[str], header_row: int = 1) -> list[Problem]:
    """What the header row alone says is wrong (unknown or repeated columns, a required column missing): asked by
    the reader as soon as it has the header, so such a file is refused before any data row is read."""
    checked = Checked()
    _map_headers(Sheet(headers=headers, header_row=header_row), checked)
    return checked.problems


def _map_headers(sheet: Sheet, checked: Checked) -> dict[str, Field]:
    """Each column's field. A column the contract does not know (序号, 备注, 联系人 …) is not read and is named
    in the result; a money column in 元 is refused (guessing its unit would store figures 10,000 times off)."""
    fields: dict[str, Field] = {}
    for header in sheet.headers:
        if not header:
            continue
        f = resolve_header(header)
        if f is None and flat_title_code(header):
            continue  # read by intake.titles.flat_titles
        mismatch = unit_mismatch(header) if f is None else None
        if mismatch:
            checked.problems.append(Problem(sheet.header_row, header, header, mismatch))
        elif f is None:
            checked.ignored.append(header)
        elif f.code in checked.columns:
            checked.problems.append(Problem(sheet.header_row, header, header,
                                            f"列“{header}”与列“{checked.columns[f.code]}”重复"))
        else:
            fields[header] = f
            checked.columns[f.code] = header
    missing = [code for code in ("credit_code", "year") if code not in checked.columns]
    for code in missing:
        checked.problems.append(Problem(sheet.header_row, BY_CODE[code].label, "",
                                        f"缺少必填列“{BY_CODE[code].label}”"))
    if missing:  # refused anyway: the columns it could not place may show why (a header of numbers, a typo)
        checked.problems += [Problem(sheet.header_row, h, h, f"无法识别的列“{h}”，请使用导入模板中的列名")
                             for h in checked.ignored]
    return fields


def _check_required(row: int, cells: dict[str, Any], values: dict[str, Any], checked: Checked) -> None:
    for code in ("credit_code", "year"):
        header = checked.columns[code]
        if code not in values and is_empty(cells.get(header)):
            checked.problems.append(Problem(row, header, "", f"{BY_CODE[code].label}为必填项"))


def _shown(value: Any) -> str:
    return "" if value is None else str(value)[:100]


def missing_optional(checked: Checked) -> list[str]:
    """The contract's columns the file does not have, yearly figures first (what the rules read most): their
    stored values stay as they are, since an absent column erases nothing."""
    ordered = [*YEAR_FIELDS, *ENTERPRISE_FIELDS]
    return [f.label for f in ordered if f.code not in checked.columns and f.code not in ("credit_code", "year")]
