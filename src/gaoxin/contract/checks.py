"""Parsing and validating enterprise data: one cell at a time, then the rules across fields of one row.

Every message is Chinese and names the value, so that a zone officer can fix the spreadsheet without asking.
The same functions serve the Excel import and the online form (enterprise self-service).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from gaoxin.contract import creditcode
from gaoxin.contract.fields import BY_CODE, Field

EMPTY_MARKERS = {"", "-", "—", "/", "无数据", "n/a", "na", "null", "none"}
TRUE_WORDS = {"是", "有", "true", "yes", "y", "1", "√", "✓", "t"}
FALSE_WORDS = {"否", "无", "false", "no", "n", "0", "×", "✗", "f"}
MONEY_PLACES = Decimal("0.0001")


class CellError(ValueError):
    """A cell whose content cannot be read as its field's type or lies outside its range."""


def is_empty(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and raw.strip().lower() in EMPTY_MARKERS)


def parse(field: Field, raw: Any) -> Any:
    """The typed value of one cell, or None when empty (empty means unknown, never zero).

    A choice is recognised before a cell is taken for empty: the code `none` of 研发机构级别 means 未建立, not
    unknown. Words that mean "none of it" where the contract records none as an empty cell (未获奖, a rank of 0)
    are read as that empty cell, not as an error."""
    code = field.choice_code(raw)
    if code is not None:
        return code
    if is_empty(raw) or means_absent(field, raw):
        return None
    value = _PARSERS[field.kind](field, raw)
    _check_range(field, value)
    return value


def _text(field: Field, raw: Any) -> str:
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = str(raw).strip()
    if field.code == "name":
        reason = name_problem(text)
        if reason:
            raise CellError(reason)
    if field.code == "credit_code":
        text = creditcode.normalise(text)
        reason = creditcode.problem(text)
        if reason:
            raise CellError(reason)
    return text


NAME_MAX = 200  # characters of an enterprise name (registry.Enterprise.name); the longest registered are ~60


def name_problem(name: str) -> str | None:
    """Why `name` cannot be an enterprise's registered name, or None. Markup characters are allowed (a name is
    always shown escaped); control and invisible formatting characters are not (they hide or reorder text)."""
    if len(name) < 2:
        return "企业名称至少 2 个字"
    if len(name) > NAME_MAX:
        return f"企业名称过长（{len(name)} 个字符，最多 {NAME_MAX} 个）"
    hidden = sorted({f"U+{ord(ch):04X}" for ch in name if unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cs")})
    if hidden:
        return f"企业名称含不可见的控制字符（{'、'.join(hidden[:5])}），请删除后重新导入"
    return None


def _integer(field: Field, raw: Any) -> int:
    if isinstance(raw, bool):
        raise CellError(f"{field.label}应为整数")
    number = _decimal(field, raw)
    if number != number.to_integral_value():
        raise CellError(f"{field.label}应为整数，不能是 {raw}")
    return int(number)


def _decimal(field: Field, raw: Any) -> Decimal:
    if isinstance(raw, (bool, dt.date)):
        raise CellError(f"{field.label}应为数字，不能是 {raw}")
    text = str(raw).strip().replace(",", "").replace("，", "")
    if field.unit and text.endswith(field.unit):
        text = text.removesuffix(field.unit).strip()
    try:
        number = Decimal(repr(raw)) if isinstance(raw, float) else Decimal(text)
    except InvalidOperation:
        raise CellError(f"{field.label}应为数字，不能是“{raw}”") from None
    if not number.is_finite():
        raise CellError(f"{field.label}应为有限的数字")
    return number


def _money(field: Field, raw: Any) -> Decimal:
    return _rounded(field, _decimal(field, raw))


def _percent(field: Field, raw: Any) -> Decimal:
    if isinstance(raw, str) and raw.strip().endswith("%"):
        raw = raw.strip()[:-1]
    return _rounded(field, _decimal(field, raw))


def _rounded(field: Field, number: Decimal) -> Decimal:
    """To 4 places, after the range check: 1e24 cannot be quantized within Decimal's precision, and is out of
    range anyway, which is what the user should be told."""
    _check_range(field, number)
    return number.quantize(MONEY_PLACES, rounding=ROUND_HALF_UP)


def _boolean(field: Field, raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    word = str(int(raw) if isinstance(raw, float) and raw.is_integer() else raw).strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise CellError(f"{field.label}应填“是”或“否”，不能是“{raw}”")


_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


def _date(field: Field, raw: Any) -> dt.date:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    text = str(raw).strip().split(" ")[0].split("T")[0]
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            try:
                return dt.date(*(int(part) for part in match.groups()))
            except ValueError:
                break
    raise CellError(f"{field.label}应为日期（如 2018-05-20），不能是“{raw}”")


def means_absent(field: Field, raw: Any) -> bool:
    """Whether a cell says "none" of a figure the contract leaves empty for none (未获奖, 0 for an award rank)."""
    if not field.absent or raw is None or isinstance(raw, bool):
        return False
    text = str(int(raw) if isinstance(raw, float) and raw.is_integer() else raw).strip()
    return text in field.absent


def _choice(field: Field, raw: Any) -> str:
    code = field.choice_code(raw)
    if code is not None:
        return code
    allowed = "、".join(label for _, label in field.choices)
    raise CellError(f"{field.label}应为以下之一：{allowed}；不能是“{raw}”")


_PARSERS: dict[str, Callable[[Field, Any], Any]] = {
    "text": _text,
    "int": _integer,
    "year": _integer,
    "money": _money,
    "number": _decimal,
    "percent": _percent,
    "bool": _boolean,
    "date": _date,
    "enum": _choice,
}


def _check_range(field: Field, value: Any) -> None:
    if not isinstance(value, (int, Decimal)) or isinstance(value, bool):
        return
    if field.minimum is not None and value < field.minimum:
        if field.minimum == 0:
            raise CellError(f"{field.label}不能为负数（{value}）")
        raise CellError(f"{field.label}不能小于 {field.minimum}（{value}）")
    if field.maximum is not None and value > field.maximum:
        raise CellError(f"{field.label}超出可能的范围（{value}{field.unit}，上限 {field.maximum}{field.unit}）")


# ---------------------------------------------------------------- rules across the fields of one row


@dataclass(frozen=True)
class RowProblem:
    field: str  # the field the message is attached to
    reason: str


@dataclass(frozen=True)
class NotMore:
    """`part` can never exceed `whole` (科技人员 ≤ 职工总数, 境内研发 ≤ 研发总额, …)."""

    part: str
    whole: str

    def problems(self, row: dict[str, Any]) -> list[RowProblem]:
        part, whole = row.get(self.part), row.get(self.whole)
        if part is None or whole is None or part <= whole:
            return []
        a, b = BY_CODE[self.part], BY_CODE[self.whole]
        return [RowProblem(self.part, f"{a.label}（{part}）不能大于{b.label}（{whole}）")]


@dataclass(frozen=True)
class NetAssetsBalance:
    """净资产 must equal 资产总额 − 负债总额 when all three are given (a tolerance allows rounding)."""

    tolerance: Decimal = Decimal("1")

    def problems(self, row: dict[str, Any]) -> list[RowProblem]:
        assets, debts, net = row.get("total_assets"), row.get("total_liabilities"), row.get("net_assets")
        if None in (assets, debts, net):
            return []
        expected = assets - debts
        if abs(net - expected) <= max(self.tolerance, abs(expected) * Decimal("0.001")):
            return []
        return [RowProblem("net_assets", f"净资产（{net}）应等于资产总额减负债总额（{expected}）")]


@dataclass(frozen=True)
class LooksLikeYuan:
    """An amount far beyond what an enterprise of this headcount could report was probably typed in 元.

    `per_head` is the most 万元 per employee that is still plausible; a value in 元 is 10,000 times too big and
    lands far above it. Without a headcount only `absolute` (万元) applies.
    """

    field: str
    per_head: Decimal
    absolute: Decimal

    def problems(self, row: dict[str, Any]) -> list[RowProblem]:
        value, heads = row.get(self.field), row.get("employees")
        if value is None or value <= 0:
            return []
        label = BY_CODE[self.field].label
        if heads and value / heads > self.per_head:
            per_head = (value / heads).quantize(Decimal("1"))
            return [RowProblem(self.field, f"{label}（{value} 万元）按 {heads} 名职工计每人 {per_head} 万元，"
                                           "疑似以“元”填报，请换算为万元")]
        if not heads and value > self.absolute:
            return [RowProblem(self.field, f"{label}（{value} 万元）远超本区企业的可能规模，疑似以“元”填报，"
                                           "请换算为万元")]
        return []


def _identity_rules() -> tuple:
    """The part ≤ whole and balance-sheet checks, from the same file the engine derives blank figures with."""
    from gaoxin.contract.derivations import derivations

    rules = derivations()
    out: list = [NotMore(part, whole) for part, whole in rules.part_of()]
    if any(not r.rest and r.whole == "total_assets" and set(r.parts) == {"total_liabilities", "net_assets"}
           for r in rules.sums()):
        out.append(NetAssetsBalance())
    return tuple(out)


ROW_RULES = (
    *_identity_rules(),
    LooksLikeYuan("revenue", per_head=Decimal("50000"), absolute=Decimal("5000000")),
    LooksLikeYuan("main_revenue", per_head=Decimal("50000"), absolute=Decimal("5000000")),
    LooksLikeYuan("total_assets", per_head=Decimal("100000"), absolute=Decimal("10000000")),
    LooksLikeYuan("total_cost", per_head=Decimal("50000"), absolute=Decimal("5000000")),
    LooksLikeYuan("rd_expense", per_head=Decimal("5000"), absolute=Decimal("1000000")),
)


def row_problems(row: dict[str, Any]) -> list[RowProblem]:
    """Every cross-field rule broken by one enterprise-year (typed values, None = unknown)."""
    return [problem for rule in ROW_RULES for problem in rule.problems(row)]
