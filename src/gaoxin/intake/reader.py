"""Spreadsheets in, rows out: the header row found, cells as Python values, the spreadsheet row number kept.

Chinese offices export CSV as GB18030 as often as UTF-8, and format percentages as Excel percent cells; both
are read as the user sees them.

Reading is bounded (`Limits`): rows are streamed and reading stops with a clear error past the row cap, and an
.xlsx whose parts would unpack past the size cap is refused before it is opened, so one hostile file cannot hold
a process for minutes or gigabytes.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ANNUAL_SHEET_NAMES = ("annual", "年度数据")
TITLE_SHEET_NAMES = ("titles", "称号", "资质称号", "资质/称号")


class UnreadableFile(ValueError):
    """The file is not a spreadsheet we can read; the message says what to do instead."""


class BadHeader(UnreadableFile):
    """The header row alone shows the file cannot be imported (a required column missing, a column nobody knows):
    reading stopped there, before any data row. `problems` are the header check's own, with row and column."""

    def __init__(self, problems: list):
        self.problems = problems
        super().__init__("；".join(getattr(p, "reason", str(p)) for p in problems))


HeaderCheck = Callable[[list[str], int], list]  # (headers, header row) → problems; empty when the header is fine


@dataclass(frozen=True)
class Limits:
    """How much one import may read: data rows, bytes once an .xlsx is unpacked, row problems listed."""

    max_rows: int = 200_000
    max_unpacked_bytes: int = 500 * 1024 * 1024
    max_problems: int = 1_000


DEFAULT_LIMITS = Limits()


@dataclass
class SourceRow:
    number: int  # as the user sees it in the spreadsheet (header row included in the count)
    cells: dict[str, Any]


@dataclass
class Sheet:
    headers: list[str]
    rows: list[SourceRow] = field(default_factory=list)
    header_row: int = 1
    titles: Sheet | None = None  # the workbook's titles sheet, when it has one


def read_table(data: bytes, file_name: str, limits: Limits = DEFAULT_LIMITS,
               header_check: HeaderCheck | None = None) -> Sheet:
    """The table of the file; `header_check` is asked about the header row as soon as it is read, and its
    problems stop reading there (BadHeader), so a file that cannot be imported is refused before its rows."""
    suffix = Path(file_name).suffix.lower()
    if suffix == ".xlsx":
        return _read_xlsx(data, limits, header_check)
    if suffix == ".csv":
        return _read_csv(data, limits, header_check)
    if suffix == ".parquet":
        return _read_parquet(data, limits, header_check)
    if suffix == ".xls":
        raise UnreadableFile("不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 后再导入")
    raise UnreadableFile(f"不支持的文件类型“{suffix or file_name}”，请使用 .xlsx、.csv 或 .parquet")


def read_rows(data: bytes, file_name: str, limits: Limits = DEFAULT_LIMITS) -> list[list[Any]]:
    """Every row of a list's first sheet as cell values, empty rows included so row numbers stay as the user sees
    them: for files whose header is not on the first row (an official list has a title above it)."""
    suffix = Path(file_name).suffix.lower()
    if suffix == ".xlsx":
        book = _open_xlsx(data, limits)
        try:
            return _bounded(((_cell_value(c) for c in row) for row in book.worksheets[0].iter_rows()), limits)
        finally:
            book.close()
    if suffix == ".csv":
        return _bounded(csv.reader(io.StringIO(_csv_text(data))), limits)
    raise UnreadableFile(f"不支持的文件类型“{suffix or file_name}”，请使用 .xlsx、.csv 或 .txt")


def _bounded(rows, limits: Limits) -> list[list[Any]]:
    out = []
    for row in rows:
        if len(out) > limits.max_rows:
            raise UnreadableFile(_too_many_rows(limits))
        out.append(list(row))
    return out


def _read_xlsx(data: bytes, limits: Limits, header_check: HeaderCheck | None = None) -> Sheet:
    book = _open_xlsx(data, limits)
    try:
        names = {name.strip().lower(): name for name in book.sheetnames}
        titles_name = next((names[n] for n in TITLE_SHEET_NAMES if n in names), None)
        others = [n for n in book.sheetnames if n != titles_name]
        chosen = next((names[n] for n in ANNUAL_SHEET_NAMES if n in names), others[0] if others else None)
        if chosen is None:
            raise UnreadableFile("工作簿中没有年度数据工作表")
        rows = ([_cell_value(c) for c in row] for row in book[chosen].iter_rows())
        sheet = _sheet_from_rows(rows, limits, header_check=header_check)
        if titles_name:
            rows = ([_cell_value(c) for c in row] for row in book[titles_name].iter_rows())
            sheet.titles = _sheet_from_rows(rows, limits, allow_empty=True)
        return sheet
    finally:
        book.close()


def _open_xlsx(data: bytes, limits: Limits):
    """The workbook, read-only, once its unpacked size is known to be within the limits."""
    import openpyxl

    _check_unpacked_size(data, limits)
    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        reason = f"无法读取该 Excel 文件（{type(exc).__name__}），请确认文件未损坏并为 .xlsx 格式"
        raise UnreadableFile(reason) from None


def _check_unpacked_size(data: bytes, limits: Limits) -> None:
    """An .xlsx is a zip: a few megabytes can unpack to gigabytes of sheet XML. Refuse before reading."""
    try:
        unpacked = sum(info.file_size for info in zipfile.ZipFile(io.BytesIO(data)).infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # openpyxl reports the damaged file in its own words below
    if unpacked > limits.max_unpacked_bytes:
        raise UnreadableFile(f"该 Excel 文件解压后约 {unpacked / 2**20:,.0f} MB，超过上限 "
                             f"{limits.max_unpacked_bytes / 2**20:,.0f} MB；请删除无关的工作表或拆分后再导入")


def _cell_value(cell) -> Any:
    value = cell.value
    fmt = getattr(cell, "number_format", "") or ""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and "%" in fmt:
        return round(value * 100, 10)
    return value


def _read_csv(data: bytes, limits: Limits, header_check: HeaderCheck | None = None) -> Sheet:
    return _sheet_from_rows(csv.reader(io.StringIO(_csv_text(data))), limits, header_check=header_check)


def _csv_text(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # gb18030 decodes nearly anything; kept for clarity
        raise UnreadableFile("无法识别 CSV 文件的编码，请另存为 UTF-8 编码")
    if "\x00" in text:
        raise UnreadableFile("CSV 文件含有二进制内容，请确认文件类型")
    return text


def _read_parquet(data: bytes, limits: Limits, header_check: HeaderCheck | None = None) -> Sheet:
    import polars as pl

    try:
        scan = pl.scan_parquet(io.BytesIO(data))
        problems = header_check(scan.collect_schema().names(), 1) if header_check else []
        if problems:
            raise BadHeader(problems)
        rows = scan.select(pl.len()).collect().item()
        if rows > limits.max_rows:
            raise UnreadableFile(_too_many_rows(limits))
        frame = pl.read_parquet(io.BytesIO(data))
    except UnreadableFile:
        raise
    except Exception as exc:  # polars raises several unrelated types for a bad file
        raise UnreadableFile(f"无法读取该 Parquet 文件（{type(exc).__name__}）") from None
    sheet = Sheet(headers=list(frame.columns))
    for i, record in enumerate(frame.iter_rows(named=True), start=2):
        sheet.rows.append(SourceRow(i, record))
    return sheet


def _too_many_rows(limits: Limits) -> str:
    return f"数据超过 {limits.max_rows:,} 行的上限，未导入任何数据；请按园区或年度拆分成几个文件后分别导入"


def _sheet_from_rows(rows, limits: Limits, allow_empty: bool = False,
                     header_check: HeaderCheck | None = None) -> Sheet:
    """The first non-empty row is the header; fully empty rows are skipped but keep their numbers. Reading
    stops at the first data row past the cap (rows are streamed, so a huge file is refused early)."""
    sheet: Sheet | None = None
    for number, values in enumerate(rows, start=1):
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        if sheet is None:
            headers = ["" if v is None else str(v).strip() for v in values]
            while headers and not headers[-1]:
                headers.pop()
            sheet = Sheet(headers=headers, header_row=number)
            problems = header_check(headers, number) if header_check else []
            if problems:
                raise BadHeader(problems)
            continue
        if len(sheet.rows) >= limits.max_rows:
            raise UnreadableFile(_too_many_rows(limits))
        cells = {h: values[i] if i < len(values) else None for i, h in enumerate(sheet.headers) if h}
        sheet.rows.append(SourceRow(number, cells))
    if sheet is None:
        if allow_empty:
            return Sheet(headers=[])
        raise UnreadableFile("文件是空的：没有表头，也没有数据")
    return sheet
