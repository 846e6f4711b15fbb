"""Spreadsheets in, rows out: the header row found, cells as Python values, the spreadsheet row number kept.

Chinese offices export CSV as GB18030 as often as UTF-8, and format percentages as Excel percent cells; both
are read as the user sees them.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ANNUAL_SHEET_NAMES = ("annual", "年度数据")
TITLE_SHEET_NAMES = ("titles", "称号", "资质称号", "资质/称号")


class UnreadableFile(ValueError):
    """The file is not a spreadsheet we can read; the message says what to do instead."""


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


def read_table(data: bytes, file_name: str) -> Sheet:
    suffix = Path(file_name).suffix.lower()
    if suffix == ".xlsx":
        return _read_xlsx(data)
    if suffix == ".csv":
        return _read_csv(data)
    if suffix == ".parquet":
        return _read_parquet(data)
    if suffix == ".xls":
        raise UnreadableFile("不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 后再导入")
    raise UnreadableFile(f"不支持的文件类型“{suffix or file_name}”，请使用 .xlsx、.csv 或 .parquet")


def _read_xlsx(data: bytes) -> Sheet:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        reason = f"无法读取该 Excel 文件（{type(exc).__name__}），请确认文件未损坏并为 .xlsx 格式"
        raise UnreadableFile(reason) from None
    try:
        names = {name.strip().lower(): name for name in book.sheetnames}
        titles_name = next((names[n] for n in TITLE_SHEET_NAMES if n in names), None)
        others = [n for n in book.sheetnames if n != titles_name]
        chosen = next((names[n] for n in ANNUAL_SHEET_NAMES if n in names), others[0] if others else None)
        if chosen is None:
            raise UnreadableFile("工作簿中没有年度数据工作表")
        sheet = _sheet_from_rows([_cell_value(c) for c in row] for row in book[chosen].iter_rows())
        if titles_name:
            rows = ([_cell_value(c) for c in row] for row in book[titles_name].iter_rows())
            sheet.titles = _sheet_from_rows(rows, allow_empty=True)
        return sheet
    finally:
        book.close()


def _cell_value(cell) -> Any:
    value = cell.value
    fmt = getattr(cell, "number_format", "") or ""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and "%" in fmt:
        return round(value * 100, 10)
    return value


def _read_csv(data: bytes) -> Sheet:
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
    return _sheet_from_rows(csv.reader(io.StringIO(text)))


def _read_parquet(data: bytes) -> Sheet:
    import polars as pl

    try:
        frame = pl.read_parquet(io.BytesIO(data))
    except Exception as exc:  # polars raises several unrelated types for a bad file
        raise UnreadableFile(f"无法读取该 Parquet 文件（{type(exc).__name__}）") from None
    sheet = Sheet(headers=list(frame.columns))
    for i, record in enumerate(frame.iter_rows(named=True), start=2):
        sheet.rows.append(SourceRow(i, record))
    return sheet


def _sheet_from_rows(rows, allow_empty: bool = False) -> Sheet:
    """The first non-empty row is the header; fully empty rows are skipped but keep their numbers."""
    sheet: Sheet | None = None
    for number, values in enumerate(rows, start=1):
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        if sheet is None:
            headers = ["" if v is None else str(v).strip() for v in values]
            while headers and not headers[-1]:
                headers.pop()
            sheet = Sheet(headers=headers, header_row=number)
            continue
        cells = {h: values[i] if i < len(values) else None for i, h in enumerate(sheet.headers) if h}
        sheet.rows.append(SourceRow(number, cells))
    if sheet is None:
        if allow_empty:
            return Sheet(headers=[])
        raise UnreadableFile("文件是空的：没有表头，也没有数据")
    return sheet
