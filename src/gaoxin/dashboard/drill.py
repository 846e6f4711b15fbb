"""The enterprise list behind any number on the dashboard: one filter, read from the link the number carries,
giving the same enterprises the number counted."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Exists, OuterRef, Q, QuerySet

from gaoxin.contract.industries import section_label
from gaoxin.contract.titles import TITLE_BY_CODE
from gaoxin.cultivation.models import Evaluation
from gaoxin.cultivation.selectors import parse_year
from gaoxin.dashboard.selectors import RUNG_NAMES, moved, year_end
from gaoxin.registry.models import Enterprise, TitleHeld, held_on

KINDS = {"all": "全部企业", "held": "持有", "new": "当年新认定", "qualified": "已符合条件但未持有", "moved": "梯度变化"}
NONE = "__none__"  # the park or industry filter for enterprises that have none


@dataclass
class DrillFilter:
    kind: str = "all"
    year: int = 0
    title: str = ""
    park: str = ""
    section: str = ""
    before: int = 0
    after: int = 0

    @classmethod
    def from_query(cls, query) -> DrillFilter:
        kind = query.get("kind", "all")
        title = query.get("title", "")
        rung = {str(r): r for r in RUNG_NAMES}
        return cls(kind=kind if kind in KINDS else "all", year=parse_year(query.get("year")) or dt.date.today().year,
                   title=title if title in TITLE_BY_CODE else "", park=query.get("park", "").strip(),
                   section=query.get("section", "").strip().upper()[:8], before=rung.get(query.get("before"), 0),
                   after=rung.get(query.get("after"), 0))

    def query(self) -> str:
        pairs = {"kind": self.kind, "year": self.year, "title": self.title, "park": self.park,
                 "section": self.section}
        if self.kind == "moved":
            pairs |= {"before": self.before, "after": self.after}
        return urlencode({k: v for k, v in pairs.items() if v not in ("", None)})

    def describe(self) -> str:
        """The list's heading in words, e.g. "2025 年 · 当年新认定 · 高新技术企业 · 青江科技城"."""
        parts = [f"{self.year} 年"]
        if self.kind == "moved":
            parts.append(f"由“{RUNG_NAMES[self.before]}”到“{RUNG_NAMES[self.after]}”")
        elif self.kind != "all":
            parts.append(KINDS[self.kind])
        if self.title:
            parts.append(TITLE_BY_CODE[self.title].label)
        if self.park:
            parts.append("未分配园区" if self.park == NONE else self.park)
        if self.section:
            parts.append(section_label("" if self.section == NONE else self.section))
        return " · ".join(parts)


def drill(enterprises: QuerySet[Enterprise], flt: DrillFilter) -> QuerySet[Enterprise]:
    rows = enterprises
    if flt.park:
        rows = rows.filter(park__isnull=True) if flt.park == NONE else rows.filter(park__name=flt.park)
    if flt.section == NONE:
        rows = rows.filter(Q(industry_code="") | Q(industry_code__isnull=True))
    elif flt.section:
        rows = rows.filter(industry_code__startswith=flt.section)
    titles = TitleHeld.objects.filter(enterprise=OuterRef("pk"))
    if flt.title:
        titles = titles.filter(title=flt.title)
    if flt.kind == "held":
        rows = rows.filter(Exists(titles.filter(held_on(year_end(flt.year)))))
    elif flt.kind == "new":
        rows = rows.filter(Exists(titles.filter(recognized_on__year=flt.year)))
    elif flt.kind == "qualified":
        rows = rows.filter(Exists(Evaluation.objects.filter(enterprise=OuterRef("pk"), assessment_year=flt.year,
                                                            policy=flt.title, verdict="qualified")))
        rows = rows.exclude(Exists(titles.filter(held_on(year_end(flt.year)))))
    elif flt.kind == "moved":
        rows = moved(rows, flt.year, flt.before, flt.after)
    return rows.select_related("park").order_by("name", "pk")
