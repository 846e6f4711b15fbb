"""/programs and /applications: the support programs open to the caller (all of them for staff) and the
applications it may read (staff all, an enterprise its own, a reviewer those assigned to it)."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Path, Query, Router
from pydantic import Field

from gaoxin.api.paging import PageQuery, page_of
from gaoxin.api.schemas import ApplicationPage, ProgramOut, answers
from gaoxin.programs.machines import APPLICATION
from gaoxin.programs.selectors import programs_for, visible_applications

router = Router(tags=["资金与项目"])


class ApplicationQuery(PageQuery):
    program: int | None = Field(None, ge=1, le=2_000_000_000, description="只看这个项目的申报")
    status: str | None = Field(None, pattern="^[a-z_]{1,20}$", description="状态代码")


def _program(p, today: dt.date) -> dict:
    return {"id": p.pk, "name": p.name, "kind": p.kind, "kind_label": p.get_kind_display(), "year": p.year,
            "department": p.department, "budget": p.budget, "award_cap": p.award_cap, "opens_on": p.opens_on,
            "closes_on": p.closes_on, "open_now": p.is_open(today)}


@router.get("/programs", response=answers(list[ProgramOut]), url_name="programs", summary="扶持项目")
def program_list(request):
    today = dt.date.today()
    return [_program(p, today) for p in programs_for(request.user, today).order_by("-year", "closes_on", "pk")]


@router.get("/programs/{program_id}", response=answers(ProgramOut, 404), url_name="program",
            summary="一个扶持项目")
def program_detail(request, program_id: int = Path(..., ge=1, le=2_000_000_000)):
    today = dt.date.today()
    return _program(get_object_or_404(programs_for(request.user, today), pk=program_id), today)


@router.get("/applications", response=answers(ApplicationPage), url_name="applications", summary="项目申报")
def application_list(request, query: Query[ApplicationQuery]):
    rows = visible_applications(request.user).order_by("-submitted_at", "-pk")
    if query.program:
        rows = rows.filter(program_id=query.program)
    if query.status:
        rows = rows.filter(status=query.status)
    envelope, items = page_of(rows, query)
    return envelope | {"results": [{
        "id": a.pk, "program_id": a.program_id, "program": a.program.name, "credit_code": a.enterprise.credit_code,
        "enterprise": a.enterprise.name, "project_title": a.project_title, "requested": a.requested,
        "status": a.status, "status_label": APPLICATION.label(a.status), "submitted_at": a.submitted_at,
    } for a in items]}
