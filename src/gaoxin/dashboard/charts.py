"""The dashboard's chart data as plain JSON for ECharts, every point carrying the link to the enterprise list
behind it (the page embeds it with json_script; `dashboard.js` draws it and follows the links on click)."""

from __future__ import annotations

from urllib.parse import urlencode

from gaoxin.contract.titles import TITLE_BY_CODE
from gaoxin.dashboard.drill import NONE
from gaoxin.dashboard.selectors import CHARTED, RUNG_NAMES, Cockpit, Distribution


def _linker(drill_url: str):
    """`link(kind=…, year=…, …)`: the drill-down URL for one number (empty parameters left out)."""
    def link(**params) -> str:
        return f"{drill_url}?{urlencode({k: v for k, v in params.items() if v != ''})}"
    return link


def chart_data(c: Cockpit, drill_url: str) -> dict:
    link = _linker(drill_url)
    return {
        "years": [str(y) for y in c.years],
        "titles": [{"name": TITLE_BY_CODE[t].short, "new": [_point(r.years[y].new, link(kind="new", year=y, title=t))
                                                            for y in c.years],
                    "total": [_point(r.years[y].total, link(kind="held", year=y, title=t)) for y in c.years]}
                   for t in CHARTED for r in c.titles if r.title == t],
        "funnel": [{"name": "企业总数", "value": c.enterprises, "url": link(kind="all", year=c.year)}] + [
            {"name": s.label, "value": s.held, "url": link(kind="held", year=c.year, title=s.title)}
            for s in c.funnel if s.held],
        "moves": {"rungs": [RUNG_NAMES[r] for r in c.rungs],
                  "cells": [{"value": [c.rungs.index(b), c.rungs.index(a), n],
                             "url": link(kind="moved", year=c.year, before=a, after=b)}
                            for (a, b), n in c.moves.items()]},
        "parks": _distribution(c.parks, "park", c.year, link),
        "industries": _distribution(c.industries, "section", c.year, link),
        "plan": {"names": [f"{p.title_label}" for p in c.plan], "target": [p.target for p in c.plan],
                 "actual": [_point(p.actual, link(kind="new", year=p.year, title=p.title)) for p in c.plan]},
    }


def _point(value: int, url: str) -> dict:
    return {"value": value, "url": url}


def _distribution(d: Distribution, param: str, year: int, link) -> dict:
    return {"groups": [label for _, label in d.groups],
            "series": [{"name": TITLE_BY_CODE[t].short,
                        "data": [_point(d.held.get((key, t), 0),
                                        link(kind="held", year=year, title=t, **{param: key or NONE}))
                                 for key, _ in d.groups]} for t in CHARTED]}


def table_rows(c: Cockpit, drill_url: str) -> dict:
    """The same numbers as the charts, as rows of (value, link) cells for the tables under them."""
    link = _linker(drill_url)
    titles = [(r.label, [_point(r.years[y].new, link(kind="new", year=y, title=r.title)) for y in c.years],
               [_point(r.years[y].total, link(kind="held", year=y, title=r.title)) for y in c.years])
              for r in c.titles]
    moves = [(RUNG_NAMES[a], [_point(c.moves.get((a, b), 0), link(kind="moved", year=c.year, before=a, after=b))
                              for b in c.rungs]) for a in c.rungs]
    return {"titles": titles, "moves": moves,
            "parks": _distribution_rows(c.parks, "park", c.year, link),
            "industries": _distribution_rows(c.industries, "section", c.year, link)}


def _distribution_rows(d: Distribution, param: str, year: int, link) -> list:
    rows = []
    for key, label in d.groups:
        where = {param: key or NONE}
        cells = [_point(d.held.get((key, t), 0), link(kind="held", year=year, title=t, **where)) for t in CHARTED]
        rows.append((label, _point(d.enterprises.get(key, 0), link(kind="all", year=year, **where)), cells))
    return rows
