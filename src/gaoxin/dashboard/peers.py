"""Importing the peer-zone table (各区入选数量): all rows or none, every problem with its row and column.

Columns: 园区/区县, 年度, 称号 (code, full name or short name), 数量, and optionally 口径 (新增 / 总数; 新增 when
absent) and 来源. A row for the same zone, year, title and 口径 replaces the earlier figure.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext

from gaoxin.contract.titles import TITLES
from gaoxin.dashboard.models import PeerZoneCount
from gaoxin.intake.reader import Sheet, UnreadableFile, read_table
from gaoxin.intake.validate import Problem

COLUMNS = {
    "zone": ("园区/区县", "园区", "区县", "地区", "zone"),
    "year": ("年度", "年份", "year"),
    "title": ("称号", "资质", "title"),
    "count": ("数量", "数量（家）", "入选数量", "家数", "count"),
    "measure": ("口径", "measure"),
    "source": ("来源", "数据来源", "source"),
}
REQUIRED = ("zone", "year", "title", "count")
_TITLES = {w: t.code for t in TITLES for w in (t.code, t.label, t.short)}
_MEASURES = {"新增": "new", "当年新增": "new", "new": "new", "总数": "total", "有效总数": "total", "total": "total"}


@dataclass
class PeerImport:
    saved: int = 0
    problems: list[Problem] = field(default_factory=list)


def import_peers(data: bytes, file_name: str) -> PeerImport:
    try:
        sheet = read_table(data, file_name)
    except UnreadableFile as exc:
        return PeerImport(problems=[Problem(None, "", file_name, str(exc))])
    rows, problems = _check(sheet)
    if problems:
        return PeerImport(problems=problems)
    with transaction.atomic():
        for values in rows:
            key = {k: values[k] for k in ("zone", "year", "title", "measure")}
            PeerZoneCount.objects.update_or_create(**key, defaults={"count": values["count"],
                                                                   "source": values["source"]})
    return PeerImport(saved=len(rows))


def _check(sheet: Sheet) -> tuple[list[dict], list[Problem]]:
    header_of = {code: next((h for h in sheet.headers if h and h.strip() in names), None)
                 for code, names in COLUMNS.items()}
    missing = [COLUMNS[c][0] for c in REQUIRED if header_of[c] is None]
    if missing:
        return [], [Problem(sheet.header_row, m, "", f"缺少必填列“{m}”") for m in missing]
    rows, problems = [], []
    for source in sheet.rows:
        values, before = {}, len(problems)
        for code, header in header_of.items():
            raw = source.cells.get(header) if header else None
            try:
                values[code] = _value(code, raw)
            except ValueError as exc:
                problems.append(Problem(source.number, header or COLUMNS[code][0], "" if raw is None else str(raw),
                                        str(exc)))
        if len(problems) == before:
            rows.append(values)
    if not rows and not problems:
        problems.append(Problem(None, "", "", "表中没有数据行"))
    return rows, problems


def _value(code: str, raw) -> str | int:
    text = "" if raw is None else str(raw).strip()
    if code in REQUIRED and not text:
        raise ValueError(gettext("必填"))
    if code == "zone":
        return text[:100]
    if code in ("year", "count"):
        number = text[:-2] if text.endswith(".0") else text
        if not number.isdigit():
            raise ValueError(gettext("应为非负整数"))
        if code == "year" and not 2000 <= int(number) <= 2100:
            raise ValueError(gettext("年度应在 2000–2100 之间"))
        return int(number)
    if code == "title":
        if text not in _TITLES:
            raise ValueError(gettext("无法识别的称号“{text}”").format(text=text))
        return _TITLES[text]
    if code == "measure":
        if text and text not in _MEASURES:
            raise ValueError(gettext("口径应为“新增”或“总数”"))
        return _MEASURES.get(text, "new")
    return text[:200]
