"""Official 公示/认定名单 as zones receive them: the names (and sometimes codes and certificate numbers) of the
enterprises a title went to, read from a spreadsheet in whatever layout the issuer used, or from text copied out of
a PDF, where a name may break across lines and serial numbers and codes sit beside it.

The reader only finds who is listed; `names.Matcher` finds them in the registry, and the registry app records the
titles. Columns it does not need (序号, 地区, 备注 …) are named as ignored, never a reason to refuse the file.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from gaoxin.contract.creditcode import normalise
from gaoxin.contract.lists import CERTIFICATE_HEADERS, CODE_HEADERS, NAME_HEADERS
from gaoxin.intake.names import clean
from gaoxin.intake.reader import DEFAULT_LIMITS, Limits, UnreadableFile, read_rows
from gaoxin.intake.table import HEADER_SEARCH_ROWS, place_columns

COLUMNS = {"name": NAME_HEADERS, "credit_code": CODE_HEADERS, "certificate_no": CERTIFICATE_HEADERS}
# The ends of an organisation's name: where a name broken across PDF lines is complete.
_ENDING = re.compile(r"(公司|有限合伙）|合伙企业|研究院|研究所|研究中心|中心|厂|医院|学校|大学|学院|集团|事务所|合作社|"
                     r"工作室|商行|经营部|门市部)$")
_HEADING = re.compile(r"^([一二三四五六七八九十]+[、.．]|合计|总计|小计|[（(]?共\s*\d+\s*家)|[（(]\d+家[)）]$")
_CODE = re.compile(r"(?<![0-9A-Z])[0-9A-HJ-NPQRTUWXY]{18}(?![0-9A-Z])")
_CERTIFICATE = re.compile(r"(?<![0-9A-Z])GR\d{12}(?!\d)")  # 高新技术企业证书编号
_NOT_A_NAME = re.compile(r"名单|公示|公告|附件|第.*页|共.*页")  # a list's title or a page footer in pasted text
_SERIAL = re.compile(r"^\d{1,5}(?:[.、．)）]|\s|$)")


@dataclass(frozen=True)
class Listed:
    """One enterprise as the list gives it; `row` is the spreadsheet row or the text line it starts on."""

    row: int
    name: str
    credit_code: str | None = None
    certificate_no: str | None = None


@dataclass
class ReadList:
    entries: list[Listed] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # rows skipped as headings or repeats, said in the report


def read_list_file(data: bytes, file_name: str, limits: Limits = DEFAULT_LIMITS) -> ReadList:
    """A list as .xlsx, .csv or text (.txt, pasted from a PDF)."""
    if file_name.lower().endswith(".txt"):
        return read_list_text(_decode(data), limits)
    rows = list(read_rows(data, file_name, limits))
    header_at = next((i for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]) if "name" in place_columns(row, COLUMNS)),
                     None)
    if header_at is None:
        if rows and all(_looks_like_name(_text(r[0]) if r else "") for r in rows[:3] if any(_text(c) for c in r)):
            return _from_rows([(number, row) for number, row in _numbered(rows)], {"name": 0}, [])
        raise UnreadableFile("找不到企业名称列：表头应有“企业名称”或“单位名称”，或第一列即为企业名称")
    header = rows[header_at]
    columns = place_columns(header, COLUMNS)
    ignored = [_text(h) for i, h in enumerate(header) if i not in columns.values() and _text(h)]
    body = [(number, row) for number, row in _numbered(rows) if number > header_at + 1]
    return _from_rows(body, columns, ignored)


def read_list_text(text: str, limits: Limits = DEFAULT_LIMITS) -> ReadList:
    """Text copied from a PDF list: one or more names a line, or a name broken across lines; serial numbers,
    credit codes and 高企 certificate numbers beside them are recognised, anything else after a name is dropped."""
    read, pending, started = ReadList(), "", 0
    orphans: list[str] = []  # codes on a line whose name has not ended yet
    for number, raw in enumerate(text.splitlines(), start=1):
        line = unicodedata.normalize("NFKC", raw).upper()
        codes = _CODE.findall(line)
        certificates = _CERTIFICATE.findall(line)
        line = _CERTIFICATE.sub(" ", _CODE.sub(" ", line)).strip()
        line = _SERIAL.sub("", line).strip()
        if not line and (codes or certificates) and read.entries and not pending:
            read.entries[-1] = _with(read.entries[-1], codes, certificates)  # a code wrapped to its own line
            continue
        emitted = 0
        for token in line.split():
            token = clean(token)
            if not token or token.isdigit() or token in NAME_HEADERS + CODE_HEADERS + CERTIFICATE_HEADERS + ("序号",):
                continue
            if emitted and not _ENDING.search(token):
                continue  # a column after the name (地区, 领域): not part of the next name
            if not pending:
                started = number
            pending += token
            if _ENDING.search(pending):
                read.entries.append(_with(Listed(started, pending), orphans + codes[emitted:emitted + 1],
                                          certificates[emitted:emitted + 1]))
                pending, orphans, emitted = "", [], emitted + 1
        if pending and not emitted and _NOT_A_NAME.search(pending):
            read.notes.append(f"第 {started} 行“{pending}”是标题或页码，已跳过")
            pending = ""
        elif pending and (codes or certificates) and not emitted:
            orphans = codes
        if len(read.entries) > limits.max_rows:
            raise UnreadableFile(f"名单超过 {limits.max_rows:,} 家的上限，请拆分后再导入")
    if pending:
        read.entries.append(_with(Listed(started, pending), orphans, []))
        read.notes.append(f"第 {started} 行起的“{pending}”没有常见的单位名称结尾，已按名称处理，请核对")
    return _deduplicated(read)


def _from_rows(body: list[tuple[int, list]], columns: dict[str, int], ignored: list[str]) -> ReadList:
    read = ReadList(ignored_columns=ignored)
    for number, row in body:
        values = {k: _text(row[i]) if i < len(row) else "" for k, i in columns.items()}
        name = clean(values.get("name", ""))
        if not name:
            if any(_text(c) for c in row):
                read.notes.append(f"第 {number} 行没有企业名称，已跳过")
            continue
        if _HEADING.search(name) or len(name) < 2:
            read.notes.append(f"第 {number} 行“{name}”是标题或合计行，已跳过")
            continue
        code = normalise(values["credit_code"]) if values.get("credit_code") else None
        read.entries.append(Listed(number, name, code or None, values.get("certificate_no") or None))
    return _deduplicated(read)


def _deduplicated(read: ReadList) -> ReadList:
    seen: dict[str, int] = {}
    kept = []
    for entry in read.entries:
        if entry.name in seen:
            read.notes.append(f"第 {entry.row} 行“{entry.name}”与第 {seen[entry.name]} 行重复，已合并")
            continue
        seen[entry.name] = entry.row
        kept.append(entry)
    read.entries = kept
    return read


def _with(entry: Listed, codes: list[str], certificates: list[str]) -> Listed:
    return Listed(entry.row, entry.name, entry.credit_code or (codes[0] if codes else None),
                  entry.certificate_no or (certificates[0] if certificates else None))


def _numbered(rows: list[list]):
    return ((number, row) for number, row in enumerate(rows, start=1))


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _looks_like_name(text: str) -> bool:
    return bool(_ENDING.search(clean(text)))


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile("无法识别文本文件的编码，请另存为 UTF-8 编码")
