"""Patent and software-copyright lists (专利清单, 软著清单) as zones get them: one row per right with its number,
name, kind, dates, legal status and holder. Read all or nothing: every wrong cell is named with its row.

The kind may be left out when the number shows it (the type digit of a patent number, SR in a 软著 登记号); the
legal status is read from the words offices use (有效, 实质审查, 未缴年费终止 …). Matching holders to enterprises
is the registry's job (`registry.patents`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from gaoxin.contract.checks import CellError, is_empty, parse
from gaoxin.contract.creditcode import normalise
from gaoxin.contract.fields import BY_CODE
from gaoxin.contract.lists import PATENT_COLUMNS, PATENT_REQUIRED, STATUS_WORDS
from gaoxin.contract.titles import IP_KINDS, ip_kind_from_number
from gaoxin.intake.names import clean
from gaoxin.intake.reader import DEFAULT_LIMITS, Limits, UnreadableFile, read_rows
from gaoxin.intake.validate import Problem

HEADER_SEARCH_ROWS = 20
_KIND_WORDS = {label: code for code, label, _cls in IP_KINDS} | {
    "发明": "invention_patent", "实用新型": "utility_model", "外观设计": "design_patent", "外观": "design_patent",
    "软著": "software_copyright", "计算机软件著作权": "software_copyright", "布图设计": "ic_layout"}


@dataclass(frozen=True)
class PatentRecord:
    row: int
    number: str
    title: str
    kind: str
    status: str  # valid | pending | lapsed
    holder: str
    credit_code: str | None = None
    applied_on: dt.date | None = None
    granted_on: dt.date | None = None
    lapsed_on: dt.date | None = None


@dataclass
class ReadPatents:
    records: list[PatentRecord] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)


def read_patents(data: bytes, file_name: str, limits: Limits = DEFAULT_LIMITS) -> ReadPatents:
    rows = read_rows(data, file_name, limits)
    at = next((i for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]) if _columns(row).get("number") is not None),
              None)
    if at is None:
        raise UnreadableFile("找不到专利号列：表头应有“专利号”“申请号”或“登记号”")
    columns = _columns(rows[at])
    read = ReadPatents(ignored_columns=[str(h).strip() for i, h in enumerate(rows[at])
                                        if i not in columns.values() and not is_empty(h)])
    missing = [code for code in PATENT_REQUIRED if code not in columns]
    if missing:
        read.problems += [Problem(at + 1, PATENT_COLUMNS[c][0], "", f"缺少必填列“{PATENT_COLUMNS[c][0]}”")
                          for c in missing]
        return read
    header = {code: str(rows[at][i]).strip() for code, i in columns.items()}
    seen: dict[str, int] = {}
    for number, row in enumerate(rows[at + 1:], start=at + 2):
        cells = {code: row[i] if i < len(row) else None for code, i in columns.items()}
        if all(is_empty(v) for v in cells.values()):
            continue
        record = _record(number, cells, header, read.problems)
        if record is None:
            continue
        if record.number in seen:
            read.problems.append(Problem(number, header["number"], record.number,
                                         f"与第 {seen[record.number]} 行的号码相同"))
            continue
        seen[record.number] = number
        read.records.append(record)
        if len(read.problems) >= limits.max_problems:
            break
    return read


def _record(number: int, cells: dict, header: dict[str, str], problems: list[Problem]) -> PatentRecord | None:
    before = len(problems)

    def wrong(code: str, reason: str) -> None:
        problems.append(Problem(number, header[code], "" if cells.get(code) is None else str(cells[code]), reason))

    ip_number = _text(cells.get("number")).upper().replace(" ", "")
    if not ip_number:
        wrong("number", "专利号/登记号为必填项")
    holder = clean(_text(cells.get("holder")))
    if not holder:
        wrong("holder", "权利人为必填项")
    kind = _kind(_text(cells.get("kind"))) if "kind" in cells and _text(cells.get("kind")) else None
    if "kind" in cells and _text(cells.get("kind")) and kind is None:
        wrong("kind", "无法识别的类型，应为 发明/实用新型/外观设计/软件著作权 等")
    kind = kind or ip_kind_from_number(ip_number)
    if kind is None and ip_number and len(problems) == before:
        wrong("number", "未填类型，且无法从号码看出类型：请填写“专利类型”列")
    dates = {}
    for code in ("applied_on", "granted_on", "lapsed_on"):
        try:
            dates[code] = parse(BY_CODE["founded_on"], cells.get(code)) if code in cells else None
        except CellError as exc:
            wrong(code, str(exc))
    status = _status(_text(cells.get("status")), dates.get("granted_on"))
    if status is None:
        wrong("status", "无法识别的法律状态，应为 有效/审中/失效 等")
    code = normalise(_text(cells.get("credit_code"))) if _text(cells.get("credit_code")) else None
    if len(problems) > before:
        return None
    return PatentRecord(number, ip_number, _text(cells.get("title"))[:200] or ip_number, kind, status, holder, code,
                        dates.get("applied_on"), dates.get("granted_on"), dates.get("lapsed_on"))


def _status(text: str, granted_on) -> str | None:
    """有效/审中/失效 from the office's words; with no status column a granted right is taken as in force."""
    if not text:
        return "valid" if granted_on else "pending"
    found = [code for word, code in STATUS_WORDS.items() if word in text]
    if "lapsed" in found:
        return "lapsed"
    return found[0] if found else None


def _kind(text: str) -> str | None:
    text = clean(text).removesuffix("专利")
    return _KIND_WORDS.get(text) or _KIND_WORDS.get(text + "专利")


def _columns(row: list) -> dict[str, int]:
    out = {}
    for i, cell in enumerate(row):
        header = clean(_text(cell)).split("（")[0] if not is_empty(cell) else ""
        full = clean(_text(cell))
        for code, names in PATENT_COLUMNS.items():
            if code not in out and (full in names or header in names):
                out[code] = i
                break
    return out


def _text(value) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return "" if value is None else str(value).strip()
