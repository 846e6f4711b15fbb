"""领导驾驶舱 pages: the dashboard, the list behind each of its numbers, and the peer table import. Thin: parse,
call a selector, render or export."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from gaoxin.accounts.roles import staff_required, zone_or_park_required
from gaoxin.contract.titles import TITLE_BY_CODE
from gaoxin.core.responses import xlsx_response
from gaoxin.core.snapshots import snapshot
from gaoxin.cultivation.selectors import parse_year
from gaoxin.dashboard.charts import chart_data, table_rows
from gaoxin.dashboard.drill import DrillFilter, drill
from gaoxin.dashboard.exports import cockpit_workbook, drill_workbook
from gaoxin.dashboard.peers import import_peers
from gaoxin.dashboard.selectors import CHARTED, titles_now, year_end, zone_name
from gaoxin.dashboard.snapshot import numbers
from gaoxin.tracking.status import COLOUR_LABELS

PAGE = 50
PEER_MAX_BYTES = 2 * 1024 * 1024


@zone_or_park_required
def index(request):
    year = parse_year(request.GET.get("year")) or dt.date.today().year
    counted, computed_at = snapshot(request.user, year, lambda: numbers(request.user, year),
                                    refresh=request.GET.get("refresh") == "1")
    c = counted["c"]
    if request.GET.get("export") == "xlsx":
        return xlsx_response(cockpit_workbook(c, counted["projects"]), f"领导驾驶舱_{year}.xlsx")
    return render(request, "dashboard/index.html", counted | {
        "computed_at": computed_at, "project_colours": [(k, COLOUR_LABELS[k]) for k in ("red", "yellow", "green")],
        "year": year, "years": range(dt.date.today().year, dt.date.today().year - 5, -1),
        "charted": [TITLE_BY_CODE[t] for t in CHARTED], "zone": zone_name(), "can_import": request.scope.is_staff,
        "chart_data": chart_data(c, reverse("dashboard:drill")), "tables": table_rows(c, reverse("dashboard:drill"))})


@zone_or_park_required
def drill_list(request):
    flt = DrillFilter.from_query(request.GET)
    rows = drill(request.scope.enterprises(), flt)
    on = year_end(flt.year)
    if request.GET.get("export") == "xlsx":
        listed = list(rows)
        return xlsx_response(drill_workbook(listed, flt, titles_now([e.pk for e in listed], on)),
                             f"企业名单_{flt.describe().replace(' · ', '_')}.xlsx")
    page = Paginator(rows, PAGE).get_page(request.GET.get("page"))
    held = titles_now([e.pk for e in page.object_list], on)
    for enterprise in page.object_list:
        enterprise.held_now = held.get(enterprise.pk, [])
    return render(request, "dashboard/drill.html", {"page": page, "flt": flt, "query": flt.query(),
                                                    "candidates": flt.title and flt.kind != "held"})


@require_POST
@staff_required
def peer_import(request):
    upload = request.FILES.get("file")
    if upload is None or upload.size > PEER_MAX_BYTES:
        messages.error(request, gettext("请选择不超过 2 MB 的 .xlsx 或 .csv 文件"))
        return redirect("dashboard:index")
    result = import_peers(upload.read(), upload.name)
    if result.problems:
        for p in result.problems[:20]:
            where = f"第 {p.row} 行 " if p.row else ""
            value = f"（{p.value}）" if p.value else ""
            messages.error(request, f"{where}{p.column}：{p.reason}{value}")
        messages.error(request, gettext("共 {count} 处问题，未导入任何数据").format(count=len(result.problems)))
    else:
        messages.success(request, gettext("已导入兄弟园区数据 {saved} 条").format(saved=result.saved))
    return redirect("dashboard:index")
