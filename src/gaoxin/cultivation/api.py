"""Read-only JSON endpoints for stored verdicts (the data contract's result shape), behind the same visibility
rules as the pages: a user only ever sees enterprises they may read."""

from __future__ import annotations

import datetime as dt
from functools import wraps

from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from gaoxin.cultivation.selectors import evaluations, ladder, parse_year
from gaoxin.engine.schema import POLICIES
from gaoxin.registry.selectors import visible_enterprises

PAGE_SIZE = 100


def api_login_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return JsonResponse({"error": "authentication required", "detail": "请先登录"}, status=401)
        return view(request, *args, **kwargs)
    return wrapped


def _year(request) -> int:
    raw = request.GET.get("year")
    if not raw:
        return dt.date.today().year
    year = parse_year(raw)
    if year is None:
        raise ValueError(f"year “{raw}” is not a year")
    return year


def _bad(message: str) -> JsonResponse:
    return JsonResponse({"error": "bad request", "detail": message}, status=400)


@require_GET
@api_login_required
def enterprise_evaluations(request, code: str):
    """GET /api/enterprises/<credit code>/evaluations/?year=Y — the ladder with every clause explained."""
    enterprise = get_object_or_404(visible_enterprises(request.user), credit_code=code)
    try:
        year = _year(request)
    except ValueError as exc:
        return _bad(str(exc))
    return JsonResponse({"credit_code": code, "assessment_year": year, "results": ladder(enterprise, year)},
                        json_dumps_params={"ensure_ascii": False})


@require_GET
@api_login_required
def evaluation_list(request):
    """GET /api/evaluations/?year=Y&policy=P&verdict=V&page=N — stored verdicts, 100 per page."""
    try:
        year = _year(request)
    except ValueError as exc:
        return _bad(str(exc))
    policy, verdict = request.GET.get("policy", ""), request.GET.get("verdict", "")
    if policy and policy not in POLICIES:
        return _bad(f"unknown policy “{policy}”")
    if verdict and verdict not in ("qualified", "not_qualified", "insufficient_data"):
        return _bad(f"unknown verdict “{verdict}”")
    pages = Paginator(evaluations(visible_enterprises(request.user), year, policy, verdict), PAGE_SIZE)
    number = request.GET.get("page", "1")
    if not number.isdigit() or not 1 <= int(number) <= max(1, pages.num_pages):
        raise Http404("no such page")
    page = pages.page(int(number))
    return JsonResponse({
        "assessment_year": year, "count": pages.count, "page": page.number, "pages": pages.num_pages,
        "results": [{"credit_code": e.enterprise.credit_code, "name": e.enterprise.name, "policy": e.policy,
                     "policy_version": e.policy_version, "verdict": e.verdict,
                     "score_range": [e.score_min, e.score_max] if e.score_min is not None else None,
                     "unmet": e.unmet, "unknown": e.unknown, "stale": e.stale} for e in page.object_list],
    }, json_dumps_params={"ensure_ascii": False})
