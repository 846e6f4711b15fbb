"""/evaluations and /candidates: stored verdicts across the enterprises the caller may see, and the 潜力企业 list
(closest first), the same rows as the pages."""

from __future__ import annotations

import datetime as dt

from ninja import Query, Router
from ninja.errors import HttpError
from pydantic import Field

from gaoxin.api.enterprises import TEXT
from gaoxin.api.paging import PageQuery, page_of
from gaoxin.api.schemas import CandidatePage, EvaluationPage, answers
from gaoxin.cultivation.selectors import CandidateFilter, candidates, evaluations, lacking_text
from gaoxin.engine.schema import POLICIES

router = Router(tags=["梯度培育"])

POLICY = "^(" + "|".join(POLICIES) + ")$"
VERDICT = "^(qualified|not_qualified|insufficient_data)$"


class EvaluationQuery(PageQuery):
    year: int | None = Field(None, ge=2000, le=2100, description="评价年度，默认今年")
    policy: str | None = Field(None, pattern=POLICY, description="政策代码")
    verdict: str | None = Field(None, pattern=VERDICT, description="结论")


class CandidateQuery(PageQuery):
    policy: str = Field("high_tech", pattern=POLICY, description="培育目标称号（政策代码）")
    year: int | None = Field(None, ge=2000, le=2100, description="评价年度，默认今年")
    park: str = Field("", max_length=100, pattern=TEXT, description="园区/街道名称")
    industry: str = Field("", max_length=10, pattern=r"^[A-Za-z0-9]*$", description="行业代码开头")
    max_unmet: int | None = Field(None, ge=0, le=100, description="至多差几项；0 表示已达标（只含符合条件的）")


def _row(e) -> dict:
    return {"credit_code": e.enterprise.credit_code, "name": e.enterprise.name, "policy": e.policy,
            "policy_version": e.policy_version, "verdict": e.verdict,
            "score_range": [e.score_min, e.score_max] if e.score_min is not None else None,
            "unmet": e.unmet, "pending": e.pending, "distance": e.distance, "unknown": e.unknown, "stale": e.stale}


@router.get("/evaluations", response=answers(EvaluationPage), url_name="evaluations", summary="评价结论列表")
def evaluation_list(request, query: Query[EvaluationQuery]):
    year = query.year or dt.date.today().year
    rows = evaluations(request.scope.enterprises(), year, query.policy or "", query.verdict or "")
    envelope, items = page_of(rows, query)
    return envelope | {"assessment_year": year, "results": [_row(e) for e in items]}


@router.get("/candidates", response=answers(CandidatePage, 403), url_name="candidates",
            summary="潜力企业（最接近者在前）")
def candidate_list(request, query: Query[CandidateQuery]):
    """For zone staff (the zone) and park liaisons (their park), as on the 潜力企业 page."""
    if not request.scope.may("cultivation.candidates"):
        raise HttpError(403, "潜力企业名单仅供区工作人员和园区联络员查看")
    flt = CandidateFilter(policy=query.policy, year=query.year or dt.date.today().year, park=query.park,
                          industry=query.industry.upper(), max_unmet=query.max_unmet)
    envelope, items = page_of(candidates(request.scope.enterprises(), flt), query)
    results = [_row(e) | {"park": e.enterprise.park.name if e.enterprise.park_id else None,
                          "lacking": lacking_text(e, request.scope)} for e in items]
    return envelope | {"assessment_year": flt.year, "results": results}
