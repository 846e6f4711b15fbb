"""What a 一企一策 report says, assembled once from stored verdicts and the registry; the .docx and .pdf writers
only lay it out, so both formats always say the same thing.

The three-year path follows the ladder: this year, apply for every title already qualified for and close the
gaps of the next rung; next year, apply for that rung; the year after, the rung above it. Held titles that
expire within the three years are scheduled for renewal in their expiry year.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from gaoxin.accounts import masking
from gaoxin.accounts.roles import user_label
from gaoxin.contract.fields import BY_CODE
from gaoxin.contract.titles import TITLE_BY_CODE, TITLE_LEVELS
from gaoxin.cultivation.models import PoolEntry, ServiceAssignment
from gaoxin.cultivation.report.actions import clause_actions, missing_action, score_action, windows
from gaoxin.cultivation.selectors import ladder
from gaoxin.engine.closeness import distance_label
from gaoxin.engine.explain import TOP_BAND
from gaoxin.registry.models import Enterprise

FIGURE_ROWS = ("revenue", "rd_expense", "net_profit", "employees", "tech_staff", "rd_staff", "ip_class1", "ip_class2",
               "equity_financing")
LISTING_RUNG = 9  # board standards (科创板, 创业板, 北交所) sit on the 上市 rung
MAX_TARGETS = 4


@dataclass
class Step:
    """One unmet clause: what is required, where the enterprise stands, and what to do."""

    label: str
    article: str
    threshold: str
    gap: str
    actions: list[str]


@dataclass
class Target:
    policy: str
    name: str
    rung: int
    verdict: str
    unmet: int
    steps: list[Step] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # field labels not yet filed
    window: dict = field(default_factory=dict)
    pending: int = 0  # clauses on the cheapest route still open for lack of data
    notice: str = ""  # the standing of the version applied (沿用 2022 标准 …)

    @property
    def distance(self) -> str:
        return distance_label(self.verdict, self.unmet, self.pending)


@dataclass
class Held:
    name: str
    level: str
    recognized_on: dt.date
    valid_until: dt.date | None
    days_left: int | None


@dataclass
class PathYear:
    year: int
    items: list[str]


@dataclass
class PlanReport:
    name: str
    credit_code: str
    year: int
    generated_on: dt.date
    profile: list[tuple[str, str]]
    figure_years: list[int]
    figures: list[tuple[str, str, list[float | None]]]  # (label, unit, one value per year)
    held: list[Held]
    apply_now: list[Target]
    targets: list[Target]
    path: list[PathYear]
    sources: list[tuple[str, int]] = field(default_factory=list)  # where the figures the verdicts read came from

    @property
    def title(self) -> str:
        return f"{self.name} 一企一策培育方案（{self.year} 年度）"

    @property
    def file_stem(self) -> str:
        return f"一企一策_{self.credit_code}_{self.year}"


def plan_report(enterprise: Enterprise, year: int, today: dt.date | None = None, who=None) -> PlanReport:
    """一企一策 as `who` may read it: for a park liaison the money rows show 不公开 and the gaps name no amount,
    while shares (研发投入强度), headcounts, IP and titles stay (decision 0013). None is the system (all)."""
    today = today or dt.date.today()
    held = _held(enterprise, today)
    verdicts = ladder(enterprise, year, who)
    held_codes = {h.policy for h in held}
    top_rung = max((TITLE_BY_CODE[c].rung for c in held_codes), default=0)
    unheld = [v for v in verdicts if v["policy"] not in held_codes]
    apply_now = [_target(v) for v in unheld if v["verdict"] == "qualified"]
    targets = _next_targets([_target(v) for v in unheld if v["verdict"] != "qualified"], top_rung)
    years, figures = _figures(enterprise, year, masking.hidden_fields(who))
    return PlanReport(
        name=enterprise.name, credit_code=enterprise.credit_code, year=year, generated_on=today,
        profile=_profile(enterprise), figure_years=years, figures=figures, held=[h.row for h in held],
        apply_now=apply_now, targets=targets, path=_path(year, apply_now, targets, held),
        sources=_sources(verdicts))


def _sources(verdicts: list[dict]) -> list[tuple[str, int]]:
    """Each source of the figures the verdicts read (`registry.lineage`), with how many figures it gave; a
    figure read by several clauses counts once, a derived one under 推算."""
    seen: dict[tuple[str, int | None], str] = {}
    for verdict in verdicts:
        for clause in verdict["clauses"]:
            for item in clause.get("inputs", []):
                source = item.get("source")
                if source:
                    seen[(item["field"], item.get("year"))] = (source["label"] if source["kind"] == "derived"
                                                               else source["text"])
    counts: dict[str, int] = {}
    for text in seen.values():
        counts[text] = counts.get(text, 0) + 1
    return sorted(counts.items(), key=lambda p: -p[1])


@dataclass
class _HeldTitle:
    policy: str
    row: Held


def _held(enterprise: Enterprise, today: dt.date) -> list[_HeldTitle]:
    levels = dict(TITLE_LEVELS)
    out = []
    for t in enterprise.titles.order_by("recognized_on"):
        if t.valid_on(today):
            out.append(_HeldTitle(t.title, Held(TITLE_BY_CODE[t.title].label, levels.get(t.level, t.level),
                                                t.recognized_on, t.valid_until, t.days_left(today))))
    return out


def _rung(policy: str) -> int:
    return TITLE_BY_CODE[policy].rung if policy in TITLE_BY_CODE else LISTING_RUNG


def _next_targets(open_targets: list[Target], top_rung: int) -> list[Target]:
    """The rung just above the highest title held and the one after it, plus any lower title the enterprise is
    at most two items from; nearest first."""
    above = sorted({t.rung for t in open_targets if t.rung > top_rung})[:2]
    chosen = [t for t in open_targets if t.rung in above or (t.rung <= top_rung and t.unmet <= 2)]
    return sorted(chosen, key=lambda t: (t.rung, t.unmet))[:MAX_TARGETS]


def _target(verdict: dict) -> Target:
    clauses = {c["id"]: c for c in verdict["clauses"]}
    steps = []
    for ref in verdict["lacking"]:
        steps.append(_score_step(verdict) if ref == "score" else _clause_step(clauses[ref]))
    missing = sorted({f for c in verdict["clauses"] if c["status"] == "unknown" for f in c["missing"]})
    if missing:
        steps.append(Step("补充数据", "", "数据齐全后方可判断", "待补：" + "、".join(_labels(missing)),
                          [missing_action(missing)]))
    return Target(policy=verdict["policy"], name=verdict["policy_name"], rung=_rung(verdict["policy"]),
                  verdict=verdict["verdict"], unmet=verdict["unmet"], steps=steps, missing=_labels(missing),
                  window=windows().get(verdict["policy"], {}), pending=verdict.get("pending", 0),
                  notice=verdict.get("policy_notice") or "")


def _clause_step(clause: dict) -> Step:
    return Step(clause["label"], clause["article"], clause["threshold"], clause["gap"], clause_actions(clause))


def _score_step(verdict: dict) -> Step:
    """A score below its pass mark: each scored clause not yet in its best band, with the points it could gain."""
    scored = [c for c in verdict["clauses"] if c["points"] != 0 or "评分" in c["threshold"]]
    improvable = [c for c in scored if not c["gap"].endswith(TOP_BAND)]
    low, high = verdict.get("score_range") or (verdict.get("score"), verdict.get("score"))
    gap = f"现有数据测算 {_num(low)}–{_num(high)} 分，合格线 {_num(verdict.get('pass_mark'))} 分"
    actions = [score_action([c["label"] for c in improvable[:3]])]
    actions += [f"{c['label']}：{c['gap']}" for c in improvable]
    for c in improvable:
        actions += clause_actions(c)
    articles = "；".join(dict.fromkeys(c["article"] for c in scored if c["article"]))
    return Step("综合评分达到合格线", articles, f"不低于 {_num(verdict.get('pass_mark'))} 分", gap,
                list(dict.fromkeys(actions)))


def _num(x) -> str:
    return "—" if x is None else f"{x:g}"


def _labels(codes) -> list[str]:
    return [BY_CODE[c].label if c in BY_CODE else c for c in codes]


def _profile(enterprise: Enterprise) -> list[tuple[str, str]]:
    officers = ServiceAssignment.objects.filter(enterprise=enterprise, ended_at=None).select_related(
        "officer", "officer__profile")
    pool = PoolEntry.objects.filter(enterprise=enterprise, exited_on=None)
    listed = BY_CODE["listed_board"].choice_label(enterprise.listed_board) if enterprise.listed_board else "未上市"
    field_label = BY_CODE["high_tech_field"].choice_label(enterprise.high_tech_field or "") or "—"
    return [
        ("统一社会信用代码", enterprise.credit_code),
        ("所属园区/街道", enterprise.park.name if enterprise.park else "—"),
        ("国民经济行业代码", enterprise.industry_code or "—"),
        ("高新技术领域", field_label),
        ("成立日期", enterprise.founded_on.isoformat() if enterprise.founded_on else "—"),
        ("上市板块", listed),
        ("服务专员", "、".join(sorted({user_label(a.officer) for a in officers})) or "未指派"),
        ("培育库", "、".join(TITLE_BY_CODE[p.title].short for p in pool if p.title in TITLE_BY_CODE) or "未入库"),
    ]


def _figures(enterprise: Enterprise, year: int, hidden: frozenset[str] = frozenset()
             ) -> tuple[list[int], list[tuple[str, str, list]]]:
    """The last four filed years up to Y−1, plus R&D intensity (研发费用 ÷ 营业收入) computed from them; hidden
    fields' values as 不公开."""
    rows = list(enterprise.annual_figures.filter(year__lt=year).order_by("-year")[:4])[::-1]
    table = [(BY_CODE[c].label, BY_CODE[c].unit,
              [masking.HIDDEN if c in hidden and getattr(r, c) is not None else _plain(getattr(r, c)) for r in rows])
             for c in FIGURE_ROWS]
    intensity = [_ratio(r.rd_expense, r.revenue) for r in rows]
    table.insert(2, ("研发投入强度", "%", intensity))
    return [r.year for r in rows], table


def _plain(value) -> float | None:
    return None if value is None else float(value)


def _ratio(part: Decimal | None, whole: Decimal | None) -> float | None:
    if part is None or not whole:
        return None
    return round(float(part) / float(whole) * 100, 2)


def _path(year: int, apply_now: list[Target], targets: list[Target], held: list[_HeldTitle]) -> list[PathYear]:
    first_rung = min((t.rung for t in targets), default=0)
    plan: dict[int, list[str]] = {year: [], year + 1: [], year + 2: []}
    for t in apply_now:
        plan[year].append(f"申报{t.name}（已符合条件，{_window_text(t)}）")
    for t in targets:
        plan[year].append(f"补齐{t.name}差距：{_step_names(t)}")
        plan[year + 1 if t.rung == first_rung else year + 2].append(f"申报{t.name}（{_window_text(t)}）")
    for h in held:
        until = h.row.valid_until
        if until and year <= until.year <= year + 2:
            plan[until.year].append(f"{h.row.name}将于 {until.isoformat()} 到期，提前准备复核或重新认定")
    return [PathYear(y, items or ["巩固现有称号，持续规范研发费用归集与知识产权管理"]) for y, items in plan.items()]


def _step_names(target: Target) -> str:
    return "；".join(s.label for s in target.steps) or "保持现有指标"


def _window_text(target: Target) -> str:
    """"通常 6–9 月受理", from the policy's usual window."""
    months = target.window.get("months") or []
    if not months:
        return "按当年通知"
    return f"通常 {months[0]}–{months[-1]} 月受理" if len(months) > 1 else f"通常 {months[0]} 月受理"
