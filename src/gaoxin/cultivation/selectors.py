"""Reading stored verdicts: the ladder of one enterprise, and filtered lists for the zone."""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet

from gaoxin.cultivation.models import Evaluation
from gaoxin.cultivation.services import evaluate_enterprises
from gaoxin.engine.library import fingerprint, parse_variants
from gaoxin.engine.schema import POLICIES
from gaoxin.registry.models import Enterprise


def ladder(enterprise: Enterprise, year: int) -> list[dict]:
    """Every policy's explained verdict for the enterprise, in ladder order; computed now (and stored) if the
    stored ones are missing, stale or from other packs."""
    stamp = fingerprint(parse_variants(settings.GAOXIN_POLICY_VARIANTS))
    rows = list(Evaluation.objects.filter(enterprise=enterprise, assessment_year=year))
    if not rows or any(r.stale or r.pack_fingerprint != stamp for r in rows):
        evaluate_enterprises(year, [enterprise.pk])
        rows = list(Evaluation.objects.filter(enterprise=enterprise, assessment_year=year))
    return [r.result for r in sorted(rows, key=lambda r: POLICIES.index(r.policy))]


def evaluations(enterprises: QuerySet[Enterprise], year: int, policy: str = "",
                verdict: str = "") -> QuerySet[Evaluation]:
    rows = Evaluation.objects.filter(enterprise__in=enterprises, assessment_year=year).select_related("enterprise")
    if policy:
        rows = rows.filter(policy=policy)
    if verdict:
        rows = rows.filter(verdict=verdict)
    return rows.order_by("enterprise__credit_code", "policy")
