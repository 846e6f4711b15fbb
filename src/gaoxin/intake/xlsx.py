"""Small helpers for the Excel files users download: bold frozen header, sensible widths, bytes out."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def write_sheet(ws: Worksheet, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    ws.append(list(headers))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in rows:
        ws.append([_safe(v) for v in row])
    ws.freeze_panes = "A2"
    for i, header in enumerate(headers, start=1):
        ws.column_dimensions[ws.cell(1, i).column_letter].width = max(10, min(40, len(str(header)) * 2 + 2))


def _safe(value: Any) -> Any:
    """Text that Excel would run as a formula (=, +, -, @ first) is written as text (CSV/formula injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@") and not _is_number(value):
        return "'" + value
    return value


def _is_number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


def workbook_bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def columns_template(title: str, columns: dict[str, tuple[str, ...]], examples: Sequence[dict[str, Any]],
                     notes: dict[str, str] | None = None, headers: dict[str, str] | None = None) -> bytes:
    """The template of a list a zone brings: one column per code (its first accepted header, or `headers`),
    example rows, and a 说明 sheet with every header the reader accepts and what to write."""
    book = Workbook()
    sheet = book.active
    sheet.title = title
    write_sheet(sheet, [(headers or {}).get(code, names[0]) for code, names in columns.items()],
                [[example.get(code, "") for code in columns] for example in examples])
    write_sheet(book.create_sheet("说明"), ["列", "可用的表头", "说明"],
                [[names[0], "、".join(names), (notes or {}).get(code, "")] for code, names in columns.items()])
    return workbook_bytes(book)
