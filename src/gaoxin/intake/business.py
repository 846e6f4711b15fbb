"""The business registry's export (国家企业信用信息公示系统 or a data vendor's): master data per enterprise as those
systems print it — 注册资本 as “1000万元人民币”, 行业 by name or code, 登记状态 in words — read all or nothing,
every wrong cell named with its row. Deciding what it changes in the registry is `registry.business`."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from gaoxin.contract.checks import CellError, is_empty, parse
from gaoxin.contract.creditcode import normalise, problem
from gaoxin.contract.fields import BY_CODE
from gaoxin.contract.industries import industry_code_of
from gaoxin.contract.lists import BUSINESS_COLUMNS, BUSINESS_REQUIRED, REGISTRATION_WORDS
from gaoxin.intake.names import clean
from gaoxin.intake.reader import DEFAULT_LIMITS, Limits, UnreadableFile, read_rows
from gaoxin.intake.validate import Problem

HEADER_SEARCH_ROWS = 20
_CAPITAL = re.compile(r"^(?P<amount>[\d,，.]+)\s*(?P<scale>万|亿)?元?(?P<currency>人民币|美元|港元|港币|欧元|日元)?$")
YES = ("是", "有", "列入", "异常", "y", "yes", "true", "1")
NO = ("否", "无", "未列入", "正常", "移出", "n", "no", "false", "0")


@dataclass(frozen=True)
class BusinessRecord:
    row: int
    credit_code: str
    name: str
    founded_on: dt.date | None = None
    capital: Decimal | None = None  # 万 of `currency`
    currency: str = ""
    industry_code: str | None = None
    address: str = ""
    status: str | None = None  # a REGISTRATION_STATUSES code
    abnormal: bool | None = None
    former_names: tuple[str, ...] = ()


@dataclass
class ReadBusiness:
    records: list[BusinessRecord] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)


def read_business(data: bytes, file_name: str, limits: Limits = DEFAULT_LIMITS) -> ReadBusiness:
    rows = read_rows(data, file_name, limits)
    at = next((i for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]) if "credit_code" in _columns(row)), None)
    if at is None:
        raise UnreadableFile("找不到统一社会信用代码列：工商导出的表头应有“统一社会信用代码”")
    columns = _columns(rows[at])
    read = ReadBusiness(ignored_columns=[str(h).strip() for i, h in enumerate(rows[at])
                                         if i not in columns.values() and not is_empty(h)])
    for code in BUSINESS_REQUIRED:
        if code not in columns:
            read.problems.append(Problem(at + 1, BUSINESS_COLUMNS[code][0], "",
                                         f"缺少必填列“{BUSINESS_COLUMNS[code][0]}”"))
    if read.problems:
        return read
    header = {code: str(rows[at][i]).strip() for code, i in columns.items()}
    seen: dict[str, int] = {}
    for number, row in enumerate(rows[at + 1:], start=at + 2):
        cells = {code: row[i] if i < len(row) else None for code, i in columns.items()}
        if all(is_empty(v) for v in cells.values()):
            continue
        record = _record(number, cells, header, read.problems)
        if record is not None and record.credit_code in seen:
            read.problems.append(Problem(number, header["credit_code"], record.credit_code,
                                         f"与第 {seen[record.credit_code]} 行是同一家企业"))
        elif record is not None:
            seen[record.credit_code] = number
            read.records.append(record)
        if len(read.problems) >= limits.max_problems:
            break
    return read


def _record(number: int, cells: dict, header: dict[str, str], problems: list[Problem]) -> BusinessRecord | None:
    before = len(problems)

    def wrong(code: str, reason: str) -> None:
        problems.append(Problem(number, header[code], "" if cells.get(code) is None else str(cells[code]), reason))

    code = normalise(_text(cells["credit_code"]))
    why = problem(code) if code else "统一社会信用代码为必填项"
    if why:
        wrong("credit_code", why)
    name = clean(_text(cells["name"]))
    if not name:
        wrong("name", "企业名称为必填项")
    values: dict = {}
    try:
        values["founded_on"] = parse(BY_CODE["founded_on"], cells.get("founded_on")) if "founded_on" in cells else None
    except CellError as exc:
        wrong("founded_on", str(exc))
    capital, currency = _capital(_text(cells.get("capital")))
    if capital is None and _text(cells.get("capital")):
        wrong("capital", "注册资本应为金额，如 1000万元人民币、500万美元")
    industry = _text(cells.get("industry"))
    values["industry_code"] = industry_code_of(industry) if industry else None
    if industry and values["industry_code"] is None:
        wrong("industry", "无法识别的行业：应为国民经济行业代码（如 C3911、I65）或门类、大类名称")
    status_text = _text(cells.get("status"))
    values["status"] = next((s for word, s in REGISTRATION_WORDS.items() if word in status_text), None)
    if status_text and values["status"] is None:
        wrong("status", "无法识别的登记状态，应为 存续/在业/吊销/注销/迁出 等")
    abnormal = _text(cells.get("abnormal")).lower()
    values["abnormal"] = True if abnormal in YES else False if abnormal in NO else None
    if abnormal and values["abnormal"] is None:
        wrong("abnormal", "经营异常应为 是/否")
    former = tuple(n for n in (clean(p) for p in re.split(r"[;；、,，\n]", _text(cells.get("former_names")))) if n)
    if len(problems) > before:
        return None
    return BusinessRecord(number, code, name, values["founded_on"], capital, currency, values["industry_code"],
                          clean(_text(cells.get("address")))[:300], values["status"], values["abnormal"], former)


def _capital(text: str) -> tuple[Decimal | None, str]:
    """注册资本 in 万 of its currency: “1000万元人民币” → (1000, 人民币); a bare number is taken as 万元."""
    match = _CAPITAL.match(text.replace(" ", "")) if text else None
    if not match:
        return None, ""
    try:
        amount = Decimal(match.group("amount").replace(",", "").replace("，", ""))
    except InvalidOperation:
        return None, ""
    if match.group("scale") == "亿":
        amount *= 10_000
    elif match.group("scale") is None and "元" in text:
        amount /= 10_000  # in 元
    currency = {"港币": "港元"}.get(match.group("currency") or "人民币", match.group("currency") or "人民币")
    return amount, currency


def _columns(row: list) -> dict[str, int]:
    out: dict[str, int] = {}
    for i, cell in enumerate(row):
        full = clean(_text(cell))
        bare = full.split("（")[0]
        for code, names in BUSINESS_COLUMNS.items():
            if code not in out and (full in names or bare in names):
                out[code] = i
                break
    return out


def _text(value) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return "" if value is None else str(value).strip()
