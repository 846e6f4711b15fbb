"""Reading stored verdicts: the ladder of one enterprise, and filtered lists for the zone."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from gaoxin.accounts import masking
from gaoxin.accounts.roles import is_zone_staff
from gaoxin.cultivation.models import DISCOVERY_KINDS, DISCOVERY_STATUSES, Discovery, Evaluation, ServiceAssignment
from gaoxin.cultivation.services import current_stamp, evaluate_enterprises
from gaoxin.engine.schema import POLICIES
from gaoxin.registry import lineage
from gaoxin.registry.models import Enterprise, TitleHeld, held_on
from gaoxin.registry.selectors import of_enterprises


def parse_year(raw: str | None) -> int | None:
    """An assessment year typed in a form or a URL (2000–2100), or None."""
    raw = (raw or "").strip()
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else None


def ladder(enterprise: Enterprise, year: int, who=None) -> list[dict]:
    """Every policy's explained verdict for the enterprise, in ladder order, with how many items it still lacks
    (`unmet`, `lacking`); computed now (and stored) if the stored ones are missing, stale or from other packs.
    Figures `who` may not read are withheld (`accounts.masking`; None is the system); every figure read names
    its source (`registry.lineage`)."""
    stamp = current_stamp()
    rows = list(Evaluation.objects.filter(enterprise=enterprise, assessment_year=year))
    if not rows or any(r.stale or r.pack_fingerprint != stamp for r in rows):
        evaluate_enterprises(year, [enterprise.pk])
        rows = list(Evaluation.objects.filter(enterprise=enterprise, assessment_year=year))
    sources = lineage.sources_of(enterprise)
    return [lineage.explained(masking.explanation(who, r.result), sources)
            | {"unmet": r.unmet, "pending": r.pending, "distance": r.distance, "lacking": r.lacking}
            for r in sorted(rows, key=lambda r: POLICIES.index(r.policy))]


def evaluations(enterprises: QuerySet[Enterprise], year: int, policy: str = "",
                verdict: str = "") -> QuerySet[Evaluation]:
    rows = of_enterprises(Evaluation.objects.filter(assessment_year=year), enterprises).select_related("enterprise")
    if policy:
        rows = rows.filter(policy=policy)
    if verdict:
        rows = rows.filter(verdict=verdict)
    return rows.order_by("enterprise__credit_code", "policy")


@dataclass
class CandidateFilter:
    policy: str = "high_tech"
    year: int = 0
    park: str = ""
    industry: str = ""
    max_unmet: int | None = None
    discovered: bool = False  # only those 主动发现 flagged and nobody has followed up yet

    @classmethod
    def from_query(cls, query) -> CandidateFilter:
        unmet = query.get("max_unmet", "")
        policy = query.get("policy", "high_tech")
        return cls(policy=policy if policy in POLICIES else "high_tech",
                   year=parse_year(query.get("year")) or dt.date.today().year,
                   park=query.get("park", "").strip(), industry=query.get("industry", "").strip().upper(),
                   max_unmet=int(unmet) if unmet.isdigit() else None, discovered=query.get("discovered") == "1")


def candidates(enterprises: QuerySet[Enterprise], flt: CandidateFilter) -> QuerySet[Evaluation]:
    """潜力企业: the enterprises that don't hold the title on the assessment date, closest first — fewest clauses
    still to meet, then decided before undecided (符合, 不符合, then 数据不足 "差 N 项，待补 M 项"), then the
    smallest normalised gap, then in registration order. Every key is a column of one index, so a page is read in
    order and stops early. "差 0 项" (max_unmet 0) is 已达标: qualified verdicts only."""
    on = dt.date(flt.year, 7, 1)
    holders = TitleHeld.objects.filter(held_on(on), title=flt.policy).values("enterprise_id")
    rows = of_enterprises(Evaluation.objects.filter(assessment_year=flt.year, policy=flt.policy), enterprises).exclude(
        enterprise_id__in=holders)
    if flt.park:
        rows = rows.filter(enterprise__park__name=flt.park)
    if flt.industry:
        rows = rows.filter(enterprise__industry_code__startswith=flt.industry)
    if flt.discovered:
        rows = rows.filter(enterprise__in=Discovery.objects.filter(status="new").values("enterprise_id"))
    if flt.max_unmet == 0:  # 已达标 means the rule is met, not "nothing known to be missing"
        rows = rows.filter(verdict="qualified")
    elif flt.max_unmet is not None:
        rows = rows.filter(unmet__lte=flt.max_unmet)
    return rows.select_related("enterprise", "enterprise__park").order_by("unmet", "verdict_rank", "gap",
                                                                         "enterprise_id")


def lacking_text(evaluation: Evaluation, who=None) -> list[str]:
    """What the enterprise still lacks, each item with its gap in words (for the list and its export), with the
    amounts `who` may not read withheld."""
    clauses = {c["id"]: c for c in masking.explanation(who, evaluation.result)["clauses"]}
    out = []
    for ref in evaluation.lacking:
        if ref == "score":
            low, high = evaluation.result.get("score_range") or (None, None)
            out.append(f"评分 {_fmt(low)}–{_fmt(high)}，合格线 {_fmt(evaluation.result.get('pass_mark'))}")
        else:
            clause = clauses[ref]
            out.append(f"{clause['label']}：{clause['gap']}" if clause["gap"] else clause["label"])
    return out


def _fmt(x) -> str:
    return "—" if x is None else f"{x:g}"


def with_officers(evaluations, policy: str) -> list[Evaluation]:
    """The page's rows, each with `.officer`: its current 服务专员 for this title (one query for the page)."""
    rows = list(evaluations)
    current = {a.enterprise_id: a.officer for a in ServiceAssignment.objects.filter(
        enterprise_id__in=[e.enterprise_id for e in rows], policy=policy, ended_at=None).select_related(
        "officer", "officer__profile")}
    for row in rows:
        row.officer = current.get(row.enterprise_id)
    return rows


def officers() -> list:
    """Zone staff who can be assigned as 服务专员."""
    users = get_user_model().objects.filter(is_active=True).select_related("profile").order_by("username")
    return [u for u in users if is_zone_staff(u)]


def open_discoveries(enterprise_ids: list[int]) -> dict[int, list[Discovery]]:
    """The 主动发现 still waiting for follow-up, per enterprise (one query for a page)."""
    out: dict[int, list[Discovery]] = {}
    for d in Discovery.objects.filter(enterprise_id__in=enterprise_ids, status="new").order_by("-found_on"):
        out.setdefault(d.enterprise_id, []).append(d)
    return out


@dataclass
class DiscoveryFilter:
    status: str = "new"
    kind: str = ""
    park: str = ""
    q: str = ""

    @classmethod
    def from_query(cls, query) -> DiscoveryFilter:
        status = query.get("status", "new")
        kind = query.get("kind", "")
        return cls(status=status if status in dict(DISCOVERY_STATUSES) or status == "all" else "new",
                   kind=kind if kind in dict(DISCOVERY_KINDS) else "", park=query.get("park", "").strip(),
                   q=query.get("q", "").strip())


def discoveries(enterprises: QuerySet[Enterprise], flt: DiscoveryFilter) -> QuerySet[Discovery]:
    """主动发现 among the enterprises the reader may see, newest first."""
    rows = of_enterprises(Discovery.objects.all(), enterprises).select_related("enterprise", "enterprise__park")
    if flt.status != "all":
        rows = rows.filter(status=flt.status)
    if flt.kind:
        rows = rows.filter(kind=flt.kind)
    if flt.park:
        rows = rows.filter(enterprise__park__name=flt.park)
    if flt.q:
        rows = rows.filter(enterprise__in=enterprises.search(flt.q))
    return rows.order_by("-found_on", "-id")
