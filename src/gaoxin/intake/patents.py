"""Patent and software-copyright lists (专利清单, 软著清单) as zones get them: one row per right with its number,
name, kind, dates, legal status and holder. Read all or nothing: every wrong cell is named with its row.

The kind may be left out when the number shows it (the type digit of a patent number, SR in a 软著 登记号); the
legal status is read from the words offices use (有效, 实质审查, 未缴年费终止 …). Matching holders to enterprises
is the registry's job (`registry.patents`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from gaoxin.contract.checks import CellError, parse
from gaoxin.contract.creditcode import normalise
from gaoxin.contract.fields import BY_CODE
from gaoxin.contract.lists import PATENT_COLUMNS, PATENT_REQUIRED, STATUS_WORDS
from gaoxin.contract.titles import IP_KINDS, ip_kind_from_number
from gaoxin.intake.names import clean
from gaoxin.intake.reader import DEFAULT_LIMITS, Limits
from gaoxin.intake.table import Row, Table, read_table_of
from gaoxin.intake.xlsx import columns_template

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


def read_patents(data: bytes, file_name: str, limits: Limits = DEFAULT_LIMITS) -> Table:
    return read_table_of(data, file_name, columns=PATENT_COLUMNS, required=PATENT_REQUIRED, key="number",
                         record=_record, same="与第 {row} 行的号码相同", limits=limits)


def _record(row: Row) -> PatentRecord | None:
    ip_number = row.text("number").upper().replace(" ", "")
    if not ip_number:
        row.wrong("number", "专利号/登记号为必填项")
    holder = clean(row.text("holder"))
    if not holder:
        row.wrong("holder", "权利人为必填项")
    kind = _kind(row.text("kind")) if row.text("kind") else None
    if row.text("kind") and kind is None:
        row.wrong("kind", "无法识别的类型，应为 发明/实用新型/外观设计/软件著作权 等")
    kind = kind or ip_kind_from_number(ip_number)
    if kind is None and ip_number and row.ok:
        row.wrong("number", "未填类型，且无法从号码看出类型：请填写“专利类型”列")
    dates = {}
    for code in ("applied_on", "granted_on", "lapsed_on"):
        try:
            dates[code] = parse(BY_CODE["founded_on"], row.cells.get(code))
        except CellError as exc:
            row.wrong(code, str(exc))
    status = _status(row.text("status"), dates.get("granted_on"))
    if status is None:
        row.wrong("status", "无法识别的法律状态，应为 有效/审中/失效 等")
    code = normalise(row.text("credit_code")) if row.text("credit_code") else None
    if not row.ok:
        return None
    return PatentRecord(row.number, ip_number, row.text("title")[:200] or ip_number, kind, status, holder, code,
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


def template_workbook() -> bytes:
    """The list's template: the columns the reader knows, an invention patent, a lapsed utility model, a pending
    application and a software copyright."""
    holder = "青江星云智能科技有限公司"
    examples = [
        {"number": "ZL202110123456.7", "title": "一种传感器", "kind": "发明", "applied_on": "2021-03-01",
         "granted_on": "2023-05-10", "status": "有效", "holder": holder},
        {"number": "ZL202220234567.8", "title": "一种支架", "kind": "实用新型", "applied_on": "2022-04-01",
         "granted_on": "2022-09-01", "status": "未缴年费终止", "holder": holder, "lapsed_on": "2024-06-30"},
        {"number": "202310345678.9", "title": "一种方法", "kind": "发明", "applied_on": "2023-07-01",
         "status": "实质审查", "holder": holder},
        {"number": "2024SR0123456", "title": "星云监测软件 V1.0", "kind": "软件著作权", "granted_on": "2024-02-01",
         "status": "有效", "holder": holder},
    ]
    return columns_template("专利软著清单", PATENT_COLUMNS, examples, {
        "number": "必填；类型未填时由号码判断", "holder": "必填；按名称（或统一社会信用代码）对应企业库",
        "status": "有效、实质审查、未缴年费终止、届满……", "lapsed_on": "失效的权利写失效日；不写则不计入失效后的年度"})
