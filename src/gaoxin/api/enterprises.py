"""/enterprises: the registry as the caller may see it — list, one enterprise, its figures (read and correct), its
titles and its ladder of verdicts."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Path, Query, Router
from ninja.errors import HttpError
from pydantic import Field

from gaoxin.accounts import masking
from gaoxin.api.errors import Invalid
from gaoxin.api.paging import PageQuery, page_of
from gaoxin.api.schemas import (
    EnterpriseOut,
    EnterprisePage,
    FiguresIn,
    FiguresOut,
    LadderOut,
    TitleOut,
    answers,
)
from gaoxin.contract.checks import CellError, parse
from gaoxin.contract.fields import BY_CODE
from gaoxin.contract.titles import TITLE_CHOICES
from gaoxin.cultivation.selectors import ladder
from gaoxin.registry import lineage, services
from gaoxin.registry.models import Enterprise
from gaoxin.registry.selectors import (
    EnterpriseFilter,
    filtered_enterprises,
)

router = Router(tags=["企业库"])

TEXT = r"^[^\x00-\x1f\x7f]*$"  # one line of printable text: no NUL (PostgreSQL refuses it) and no control codes
CREDIT_CODE = r"^[0-9A-Z]{18}$"
Code = Path(..., pattern=CREDIT_CODE, description="统一社会信用代码（18 位）")


class EnterpriseQuery(PageQuery):
    q: str = Field("", max_length=100, pattern=TEXT, description="名称、信用代码开头或拼音首字母")
    park: str = Field("", max_length=100, pattern=TEXT, description="园区/街道名称")
    industry: str = Field("", max_length=10, pattern=r"^[A-Za-z0-9]*$", description="行业代码开头，如 C39")
    title: str = Field("", pattern="^(" + "|".join(c for c, _ in TITLE_CHOICES) + ")?$",
                       description="持有该称号（代码）")
    year: int | None = Field(None, ge=2000, le=2100, description="有该年度数据；与 title 同用时按该年末持有")


def enterprise_of(request, code: str) -> Enterprise:
    """The enterprise if the caller may read it; 404 otherwise, so its existence is not revealed."""
    return get_object_or_404(request.scope.enterprises().select_related("park"), credit_code=code)


def _out(e: Enterprise) -> dict:
    return {"credit_code": e.credit_code, "name": e.name, "park": e.park.name if e.park_id else None,
            "industry_code": e.industry_code, "high_tech_field": e.high_tech_field, "founded_on": e.founded_on,
            "listed_board": e.listed_board, "archived": e.archived_at is not None}


@router.get("/enterprises", response=answers(EnterprisePage), url_name="enterprises", summary="企业名单")
def enterprise_list(request, query: Query[EnterpriseQuery]):
    flt = EnterpriseFilter(q=query.q.strip(), park=query.park, industry=query.industry, title=query.title,
                           year=query.year)
    envelope, rows = page_of(filtered_enterprises(request.user, flt), query)
    return envelope | {"results": [_out(e) for e in rows]}


@router.get("/enterprises/{credit_code}", response=answers(EnterpriseOut, 404), url_name="enterprise",
            summary="企业基本信息")
def enterprise_detail(request, credit_code: str = Code):
    return _out(enterprise_of(request, credit_code))


@router.get("/enterprises/{credit_code}/figures", response=answers(list[FiguresOut], 404),
            url_name="figures", summary="各年度数据")
def figures(request, credit_code: str = Code):
    enterprise = enterprise_of(request, credit_code)
    hidden = tuple(sorted(masking.hidden_fields(request.scope)))
    return [_figures_out(f, hidden) for f in enterprise.annual_figures.order_by("year")]


def _figures_out(row, hidden: tuple[str, ...]) -> dict:
    stored = row.figure_values()
    values = {code: None if code in hidden or value == "" else value for code, value in stored.items()}
    sources = {code: lineage.source_json(lineage.chosen(row, code)) for code, value in stored.items()
               if value not in (None, "")}
    conflicts = {code: [{"source": lineage.source_json(r), "value": None if code in hidden else r.value,
                         "chosen": i == 0} for i, r in enumerate(found)]
                 for code, found in lineage.conflicts(row).items()}
    return {"year": row.year, "version": row.version, "source": row.source, "updated_at": row.updated_at,
            "masked": list(hidden), "values": values, "sources": sources, "conflicts": conflicts}


@router.put("/enterprises/{credit_code}/figures/{year}",
            response=answers(FiguresOut, 400, 403, 404, 409),
            url_name="figures_year", summary="修改一个年度的数据（区工作人员）")
def put_figures(request, body: FiguresIn, credit_code: str = Code,
                year: int = Path(..., ge=2000, le=2100, description="年度")):
    """Replaces the year's figures (a field left out or null becomes unknown). `version` must be the one read:
    if someone saved in between, the answer is 409 and nothing is overwritten."""
    enterprise = enterprise_of(request, credit_code)
    if not request.scope.may("registry.manage", enterprise):
        raise HttpError(403, "只有区工作人员可以修改年度数据")
    values = _checked(body.values.model_dump())
    if year > dt.date.today().year:
        raise HttpError(422, f"{year} 年度尚未开始")
    try:
        row = services.update_figures(request.user, enterprise, year, values, body.version)
    except services.StaleEdit as exc:
        raise HttpError(409, str(exc)) from None
    except services.InvalidFigures as exc:
        raise Invalid([{"field": f, "label": BY_CODE[f].label, "message": m}
                       for f, ms in exc.problems.items() for m in ms]) from None
    row.refresh_from_db()
    return _figures_out(row, ())


def _checked(values: dict) -> dict:
    """Each value through the contract's own parser (units, rounding, ranges), as an import would."""
    problems, out = [], {}
    for code, raw in values.items():
        try:
            out[code] = parse(BY_CODE[code], raw)
        except CellError as exc:
            problems.append({"field": code, "label": BY_CODE[code].label, "message": str(exc)})
    if problems:
        raise Invalid(problems)
    return out


@router.get("/enterprises/{credit_code}/titles", response=answers(list[TitleOut], 404), url_name="titles",
            summary="持有的资质/称号")
def titles(request, credit_code: str = Code):
    enterprise = enterprise_of(request, credit_code)
    return [{"title": t.title, "title_label": t.get_title_display(), "level": t.level,
             "recognized_on": t.recognized_on, "valid_until": t.valid_until, "certificate_no": t.certificate_no}
            for t in enterprise.titles.order_by("recognized_on", "pk")]


@router.get("/enterprises/{credit_code}/evaluations", response=answers(LadderOut, 404),
            url_name="ladder", summary="梯度评价（逐条款说明）")
def enterprise_evaluations(request, credit_code: str = Code,
                           year: int = Query(None, ge=2000, le=2100, description="评价年度，默认今年")):
    enterprise = enterprise_of(request, credit_code)
    year = year or dt.date.today().year
    return {"credit_code": enterprise.credit_code, "assessment_year": year,
            "results": ladder(enterprise, year, request.scope)}

