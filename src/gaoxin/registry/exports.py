"""Excel exports of enterprise lists: the same rows the list page shows, with one year's figures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from openpyxl import Workbook

from gaoxin.accounts import masking
from gaoxin.contract.fields import BY_CODE, ENTERPRISE_FIELDS, FIGURE_FIELDS
from gaoxin.contract.titles import TITLE_BY_CODE
from gaoxin.intake.template import header_of
from gaoxin.intake.xlsx import workbook_bytes, write_sheet
from gaoxin.registry.models import AnnualFigures, Enterprise, TitleHeld


def enterprises_workbook(enterprises: Iterable[Enterprise], year: int, who=None) -> bytes:
    """One row per enterprise: its contract columns, titles in force at the end of `year`, and its figures as
    `who` may read them (`accounts.masking`: a park liaison gets every money figure as （不公开）)."""
    enterprises, hidden = list(enterprises), masking.hidden_fields(who)
    ids = [e.pk for e in enterprises]
    figures: dict[int, AnnualFigures] = {}
    titles: dict[int, list[str]] = {}
    year_end = dt.date(year, 12, 31)
    for i in range(0, len(ids), 900):
        chunk = ids[i:i + 900]
        figures |= {f.enterprise_id: f for f in AnnualFigures.objects.filter(enterprise_id__in=chunk, year=year)}
        for t in TitleHeld.objects.filter(enterprise_id__in=chunk).order_by("title"):
            if t.valid_on(year_end):
                titles.setdefault(t.enterprise_id, []).append(TITLE_BY_CODE[t.title].short)
    headers = [header_of(f) for f in ENTERPRISE_FIELDS] + ["年末有效称号", "年度"]
    headers += [header_of(f) for f in FIGURE_FIELDS]
    rows = []
    for e in enterprises:
        row = [_enterprise_value(e, f.code) for f in ENTERPRISE_FIELDS]
        row += ["、".join(titles.get(e.pk, [])), year]
        fig = figures.get(e.pk)
        row += [masking.withheld(hidden, f.code, _cell(getattr(fig, f.code), f)) if fig else None
                for f in FIGURE_FIELDS]
        rows.append(row)
    book = Workbook()
    sheet = book.active
    sheet.title = "企业名单"
    write_sheet(sheet, headers, rows)
    return workbook_bytes(book)


def _enterprise_value(e: Enterprise, code: str):
    if code == "park":
        return e.park.name if e.park_id else None
    return _cell(getattr(e, code), BY_CODE[code])


def _cell(value, f):
    if value is None or value == "":
        return None
    if f.kind == "bool":
        return "是" if value else "否"
    if f.kind == "enum":
        return f.choice_label(value)
    if f.kind in ("money", "number", "percent"):
        return float(value)
    return value
