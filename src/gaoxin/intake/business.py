"""The business registry's export (国家企业信用信息公示系统 or a data vendor's): master data per enterprise as those
systems print it — 注册资本 as “1000万元人民币”, 行业 by name or code, 登记状态 in words — read all or nothing,
every wrong cell named with its row. Deciding what it changes in the registry is `registry.business`."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from gaoxin.contract.checks import CellError, parse
from gaoxin.contract.creditcode import normalise, problem
from gaoxin.contract.fields import BY_CODE
from gaoxin.contract.industries import industry_code_of
from gaoxin.contract.lists import BUSINESS_COLUMNS, BUSINESS_REQUIRED, REGISTRATION_WORDS
from gaoxin.intake.names import clean
from gaoxin.intake.reader import DEFAULT_LIMITS, Limits
from gaoxin.intake.table import Row, Table, read_table_of
from gaoxin.intake.xlsx import columns_template

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


def read_business(data: bytes, file_name: str, limits: Limits = DEFAULT_LIMITS) -> Table:
    return read_table_of(data, file_name, columns=BUSINESS_COLUMNS, required=BUSINESS_REQUIRED, key="credit_code",
                         record=_record, same="与第 {row} 行是同一家企业", limits=limits)


def _record(row: Row) -> BusinessRecord | None:
    code = normalise(row.text("credit_code"))
    why = problem(code) if code else "统一社会信用代码为必填项"
    if why:
        row.wrong("credit_code", why)
    name = clean(row.text("name"))
    if not name:
        row.wrong("name", "企业名称为必填项")
    founded_on = None
    try:
        founded_on = parse(BY_CODE["founded_on"], row.cells.get("founded_on"))
    except CellError as exc:
        row.wrong("founded_on", str(exc))
    capital, currency = _capital(row.text("capital"))
    if capital is None and row.text("capital"):
        row.wrong("capital", "注册资本应为金额，如 1000万元人民币、500万美元")
    industry = industry_code_of(row.text("industry")) if row.text("industry") else None
    if row.text("industry") and industry is None:
        row.wrong("industry", "无法识别的行业：应为国民经济行业代码（如 C3911、I65）或门类、大类名称")
    status = next((s for word, s in REGISTRATION_WORDS.items() if word in row.text("status")), None)
    if row.text("status") and status is None:
        row.wrong("status", "无法识别的登记状态，应为 存续/在业/吊销/注销/迁出 等")
    abnormal_text = row.text("abnormal").lower()
    abnormal = True if abnormal_text in YES else False if abnormal_text in NO else None
    if abnormal_text and abnormal is None:
        row.wrong("abnormal", "经营异常应为 是/否")
    former = tuple(n for n in (clean(p) for p in re.split(r"[;；、,，\n]", row.text("former_names"))) if n)
    if not row.ok:
        return None
    return BusinessRecord(row.number, code, name, founded_on, capital, currency, industry,
                          clean(row.text("address"))[:300], status, abnormal, former)


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


def template_workbook() -> bytes:
    """The export's template: the columns the reader knows, with a live, a revoked and a renamed enterprise."""
    examples = [
        {"credit_code": "91510100MA61XXXXXX", "name": "青江星云智能科技有限公司", "founded_on": "2018-05-20",
         "capital": "1000万元人民币", "industry": "软件和信息技术服务业", "address": "青江市科技城大道 88 号",
         "status": "存续（在营、开业、在册）", "abnormal": "否", "former_names": "青江星云软件有限公司"},
        {"credit_code": "91510100MA62XXXXXX", "name": "青江老厂有限公司", "founded_on": "2009-01-12",
         "capital": "50万美元", "industry": "C3911", "address": "青江市临江路 1 号", "status": "吊销，未注销",
         "abnormal": "是"},
    ]
    return columns_template("工商登记信息", BUSINESS_COLUMNS, examples, {
        "credit_code": "必填", "name": "必填",
        "capital": "按原文读取：1000万元人民币、50万美元、5000000元；只有数字时按万元",
        "industry": "行业代码（C3911、I65）或门类、大类名称", "status": "吊销、注销的企业归档；之后为存续的恢复",
        "abnormal": "是/否", "former_names": "多个用顿号或分号隔开"})
