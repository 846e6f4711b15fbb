"""The titles table of the contract: credit_code, title, level, recognized_on, valid_until, certificate_no.

Titles and levels may be given as code names or in Chinese (高新技术企业, 高企, 国家级 …).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gaoxin.contract.checks import CellError, is_empty, parse
from gaoxin.contract.fields import BY_CODE
from gaoxin.contract.titles import TITLE_LEVELS, TITLES, flat_title_code, inferred_recognition
from gaoxin.intake.reader import Sheet
from gaoxin.intake.validate import Problem

COLUMNS = {
    "credit_code": ("credit_code", "统一社会信用代码", "信用代码"),
    "title": ("title", "称号", "资质", "资质/称号", "称号类型"),
    "level": ("level", "级别"),
    "recognized_on": ("recognized_on", "认定日期", "认定时间"),
    "valid_until": ("valid_until", "有效期至", "到期日期"),
    "certificate_no": ("certificate_no", "证书编号", "编号"),
}
_TITLE_WORDS = {w: t.code for t in TITLES for w in (t.code, t.label, t.short)}
_LEVEL_WORDS = {w: code for code, label in TITLE_LEVELS for w in (code, label)}


@dataclass
class TitleRecord:
    row: int
    values: dict[str, Any]


@dataclass
class CheckedTitles:
    records: list[TitleRecord] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # columns not read (序号, 备注 …)


def check_titles(sheet: Sheet) -> CheckedTitles:
    checked = CheckedTitles()
    header_of = {}
    for header in sheet.headers:
        code = next((c for c, names in COLUMNS.items() if header.strip().lower() in names), None)
        if code is None and header:
            checked.ignored.append(header)
        elif code:
            header_of[code] = header
    for code in ("credit_code", "title", "recognized_on"):
        if code not in header_of and sheet.headers:
            checked.problems.append(Problem(sheet.header_row, COLUMNS[code][1], "",
                                            f"称号表缺少必填列“{COLUMNS[code][1]}”"))
    if checked.problems:
        return checked
    for source in sheet.rows:
        values, before = {}, len(checked.problems)
        for code, header in header_of.items():
            raw = source.cells.get(header)
            try:
                values[code] = _value(code, raw)
            except CellError as exc:
                checked.problems.append(Problem(source.number, header, "" if raw is None else str(raw), str(exc)))
        for code in ("credit_code", "title", "recognized_on"):
            if values.get(code) is None and not any(p.column == header_of[code] and p.row == source.number
                                                    for p in checked.problems[before:]):
                checked.problems.append(Problem(source.number, header_of[code], "", f"{COLUMNS[code][1]}为必填项"))
        start, end = values.get("recognized_on"), values.get("valid_until")
        if start and end and end < start:
            checked.problems.append(Problem(source.number, header_of["valid_until"], str(end),
                                            f"有效期至（{end}）早于认定日期（{start}）"))
        if len(checked.problems) == before:
            checked.records.append(TitleRecord(source.number, values))
    return checked


def _value(code: str, raw: Any) -> Any:
    if is_empty(raw):
        return None
    if code == "credit_code":
        return parse(BY_CODE["credit_code"], raw)
    if code in ("recognized_on", "valid_until"):
        return parse(BY_CODE["founded_on"], raw)
    text = str(raw).strip()
    if code == "title":
        if text not in _TITLE_WORDS:
            raise CellError(f"无法识别的称号“{text}”，应为：" + "、".join(t.label for t in TITLES))
        return _TITLE_WORDS[text]
    if code == "level":
        if text not in _LEVEL_WORDS:
            raise CellError(f"级别应为国家级、省级、市级或区级，不能是“{text}”")
        return _LEVEL_WORDS[text]
    return text[:60]


def flat_titles(sheet: Sheet) -> CheckedTitles:
    """Titles given as flat columns of the yearly sheet, one “valid until” date per title and row."""
    checked = CheckedTitles()
    columns = {h: flat_title_code(h) for h in sheet.headers if flat_title_code(h)}
    code_header = next((h for h in sheet.headers if h and h.strip() in COLUMNS["credit_code"]), None)
    if not columns or code_header is None:
        return checked
    seen = set()
    for source in sheet.rows:
        for header, title in columns.items():
            raw = source.cells.get(header)
            try:
                until = _value("valid_until", raw)
                code = _value("credit_code", source.cells.get(code_header))
            except CellError as exc:
                checked.problems.append(Problem(source.number, header, "" if raw is None else str(raw), str(exc)))
                continue
            if until is None or code is None or (code, title, until) in seen:
                continue  # several yearly rows of one enterprise repeat the same date
            seen.add((code, title, until))
            values = {"credit_code": code, "title": title, "valid_until": until,
                      "recognized_on": inferred_recognition(title, until)}
            checked.records.append(TitleRecord(source.number, values))
    return checked
