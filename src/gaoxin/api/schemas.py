"""What the API reads and writes, as pydantic schemas; the OpenAPI document is generated from them.

Money is a decimal string in 万元 (never a float), as everywhere in Gaoxin. The figures schema is built from the
data contract, so a new contract field appears in the API with its label, unit and range without code here.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from ninja import Schema
from pydantic import ConfigDict, Field, create_model

from gaoxin.contract.fields import FIGURE_FIELDS


class Problem(Schema):
    detail: Any = Field(description="出错原因（中文）；输入校验错误时为逐项列表")


def answers(ok, *refusals: int) -> dict:
    """An operation's documented answers: `ok` for 200, and a `Problem` for 401 (no valid token), 422 (bad input)
    and each of `refusals` (403 not allowed, 404 not found or not visible, 409 changed meanwhile …)."""
    return {200: ok} | {code: Problem for code in sorted({401, 422, *refusals})}


class Page(Schema):
    count: int = Field(description="符合条件的总条数")
    page: int
    pages: int


class Me(Schema):
    username: str
    display_name: str
    role: str | None = Field(description="zone_admin / zone_staff / reviewer / enterprise_user / park_liaison")
    role_label: str | None
    enterprise: str | None = Field(description="企业用户所属企业的统一社会信用代码")
    park: str | None = Field(description="园区联络员所联系的园区/街道")


class EnterpriseOut(Schema):
    credit_code: str
    name: str
    park: str | None
    industry_code: str
    high_tech_field: str
    founded_on: dt.date | None
    listed_board: str
    archived: bool


class EnterprisePage(Page):
    results: list[EnterpriseOut]


class TitleOut(Schema):
    title: str = Field(description="称号代码，见数据字典")
    title_label: str
    level: str
    recognized_on: dt.date
    valid_until: dt.date | None
    certificate_no: str


def _figure_type(f):
    if f.kind == "enum":
        return Literal[tuple(code for code, _ in f.choices)] | None
    return {"int": int, "bool": bool}.get(f.kind, Decimal) | None


def _figure_field(f) -> Any:
    unit = f"（{f.unit}）" if f.unit and f.unit not in ("人", "项") else ""
    if f.kind == "enum":
        unit = "：" + "、".join(f"{code}={label}" for code, label in f.choices)
    number = int if f.kind == "int" else float  # only for the schema's bounds; values stay Decimal
    bounds = {"ge": number(f.minimum), "le": number(f.maximum)} if f.minimum is not None else {}
    if "0" in f.absent:  # 0 means none (未获奖): read as an empty cell, like the import
        bounds["ge"] = 0
        unit += "；0 表示未获奖（按空值处理）"
    return (_figure_type(f), Field(None, description=f"{f.label}{unit}：{f.meaning}", **bounds))


FigureValues = create_model(
    "FigureValues", __config__=ConfigDict(extra="forbid"),
    **{f.code: _figure_field(f) for f in FIGURE_FIELDS},
)
FigureValues.__doc__ = "一个年度的数据；未填（null）表示未知，不是零。"


class SourceOut(Schema):
    kind: str = Field(description="来源类别：staff 工作人员修改 / business 工商 / patents 专利 / import 年度数据导入 / "
                                  "filing 企业填报 / list 名单 / demo 演示数据 / unrecorded 来源未逐项记录 / "
                                  "derived 推算")
    label: str = Field(description="来源类别的中文名")
    ref: str = Field("", description="导入批次（#编号 文件名）、填报编号或工作人员姓名")
    batch: int | None = Field(None, description="导入批次编号")
    filing: int | None = Field(None, description="企业填报编号")
    as_of: dt.date | None = Field(None, description="截至日期：导入、填报通过或修改的日期")
    text: str = Field(description="一句话的来源说明")


class ReportOut(Schema):
    source: SourceOut
    value: Any = Field(description="该来源报告的值（不公开的字段为 null）")
    chosen: bool = Field(description="是否为采用的值（按来源优先级）")


class FiguresOut(Schema):
    year: int
    version: int = Field(description="修改时须原样带回，防止覆盖他人的修改")
    source: str = Field(description="最近一次写入本行的途径；每项数据的来源见 sources")
    updated_at: dt.datetime
    masked: list[str] = Field(description="因权限不公开（值为 null）的字段")
    values: FigureValues
    sources: dict[str, SourceOut] = Field({}, description="每项有值的数据采用的来源")
    conflicts: dict[str, list[ReportOut]] = Field({}, description="来源之间不一致的数据：各来源报告的值，采用的在前")


class FiguresIn(Schema):
    version: int | None = Field(description="读取时的版本；该年度尚无数据时为 null", ge=1, le=2_000_000_000)
    values: FigureValues


class InputOut(Schema):
    field: str
    label: str
    unit: str
    year: int | None = Field(description="读取的年度（企业级字段为 null）")
    value: Any
    derived: bool = Field(False, description="未填报、由数据契约的恒等式推算（从不写回企业库）")
    formula: str | None = Field(None, description="推算所用的公式（derived 时）")
    at_least: float | None = Field(None, description="推算的下界（只知道范围时）")
    at_most: float | None = Field(None, description="推算的上界（只知道范围时）")
    text: str | None = Field(None, description="推算的中文说明，如“净资产 7,200.00 万元（= 资产总额 … − 负债总额 …，"
                                               "推算）”")
    masked: bool = Field(False, description="因权限不公开：value 为“不公开”")
    source: SourceOut | None = Field(None, description="该数据的来源（推算时为 derived）；未填时为 null")


class ClauseOut(Schema):
    id: str
    label: str
    article: str = Field(description="出处：文号与条款")
    status: str = Field(description="pass / fail / unknown")
    value: Any = Field(description="企业的实际值")
    threshold: Any = Field(description="要求")
    points: float | list[float] | None = Field(description="得分（评分条款；区间表示数据不全）")
    gap: str | None = Field(description="差距（中文）")
    missing: list[str] = Field(description="缺少的数据")
    shortfall: float | None = Field(description="相对差距 0–1（金额不公开时为 null）")
    range: list[float | None] | None = Field(None, description="数据不全时按已知数据推算的取值范围 [下界, 上界]")
    inputs: list[InputOut]
    title: str | None = Field(None, description="称号条款检查的称号代码")
    title_source: SourceOut | None = Field(
        None, description="称号条款：该称号记录的来源（名单、年度数据导入或工作人员录入）")
    masked: bool = Field(False, description="该条款读取了不公开的财务数据：金额不显示，差距只说明是否达到要求")


class SubScoreOut(Schema):
    id: str
    label: str
    points: float | list[float] | None
    minimum: float | None


class VerdictOut(Schema):
    credit_code: str
    name: str | None
    assessment_year: int
    policy: str
    policy_version: str
    policy_name: str
    policy_notice: str = Field("", description="所用版本的说明（如“沿用 2022 标准”“未核实”）")
    verdict: str = Field(description="qualified / not_qualified / insufficient_data")
    score: float | None
    score_range: list[float | None] | None
    pass_mark: float | None
    sub_scores: list[SubScoreOut]
    clauses: list[ClauseOut]
    unmet: int = Field(description="差几项")
    pending: int = Field(0, description="待补几项：最省事的路径上因数据不足尚无法判断的条款数")
    distance: str = Field("", description="已达标 / 差 N 项 / 差 N 项，待补 M 项（数据不足时）")
    lacking: list[str] = Field(description="所差条款的 id（score 表示评分）")


class LadderOut(Schema):
    credit_code: str
    assessment_year: int
    results: list[VerdictOut]


class EvaluationRow(Schema):
    credit_code: str
    name: str
    policy: str
    policy_version: str
    verdict: str
    score_range: list[float] | None
    unmet: int = Field(description="差几项")
    pending: int = Field(description="待补几项（数据不足时）")
    distance: str = Field(description="已达标 / 差 N 项 / 差 N 项，待补 M 项")
    unknown: int
    stale: bool


class EvaluationPage(Page):
    assessment_year: int
    results: list[EvaluationRow]


class CandidateRow(EvaluationRow):
    park: str | None
    lacking: list[str] = Field(description="还差什么，每项附差距")


class CandidatePage(Page):
    assessment_year: int
    results: list[CandidateRow]


class ProgramOut(Schema):
    id: int
    name: str
    kind: str
    kind_label: str
    year: int
    department: str
    budget: Decimal = Field(description="资金总额（万元）")
    award_cap: Decimal | None
    opens_on: dt.date
    closes_on: dt.date
    open_now: bool


class ApplicationOut(Schema):
    id: int
    program_id: int
    program: str
    credit_code: str
    enterprise: str
    project_title: str
    requested: Decimal = Field(description="申请金额（万元）")
    status: str
    status_label: str
    submitted_at: dt.datetime | None


class ApplicationPage(Page):
    results: list[ApplicationOut]


class BenefitOut(Schema):
    code: str
    version: str
    name: str
    level: str = Field(description="national / province / city / zone")
    issuer: str
    documents: list[str] = Field(description="文号")
    automatic: bool = Field(description="免申即享")
    amount_rule: str
    window_opens: dt.date | None
    window_closes: dt.date | None
    expires_on: dt.date | None
    summary: str


class BenefitMatchOut(Schema):
    benefit: str
    version: str
    group: str = Field(description="qualified（符合）/ near（差 1–2 项）/ other")
    verdict: str
    unmet: int = Field(description="差几项")
    amount: Decimal | None = Field(description="符合条件时可得的金额（万元）；null 表示所需数据未知或不公开")
    amount_masked: bool = Field(False, description="金额按不公开的财务数据计算，因权限不显示")
    explanation: dict[str, Any] = Field(description="逐条件说明：数据、年度、出处，截至日期 as_of")


class CalculatorOut(Schema):
    credit_code: str
    as_of: dt.date
    total: Decimal | None = Field(description="符合的各项政策预计金额合计（万元）；含不公开金额时为 null")
    results: list[BenefitMatchOut]
