"""Computing and storing verdicts for registry enterprises, in batches of whole enterprises."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from gaoxin.accounts.roles import is_zone_staff, user_label
from gaoxin.accounts.scope import Scope
from gaoxin.contract.titles import TITLE_BY_CODE
from gaoxin.core.models import VERDICT_RANK
from gaoxin.cultivation.inputs import zone_inputs
from gaoxin.cultivation.models import CultivationTarget, Evaluation, PoolEntry, ServiceAssignment
from gaoxin.engine.closeness import closeness
from gaoxin.engine.library import all_packs, fingerprint, parse_variants
from gaoxin.engine.run import evaluate_inputs
from gaoxin.registry import audit
from gaoxin.registry.events import bulk_written
from gaoxin.registry.models import Enterprise

BATCH = 2000


def evaluate_enterprises(year: int, enterprise_ids: list[int] | None = None,
                         progress: Callable[[int, str], None] | None = None) -> int:
    """(Re)compute and store every policy's verdict for these enterprises (default: all) for `year`.

    Each batch replaces its enterprises' rows for the year in one transaction, so a reader sees either the old
    verdicts or the new ones, never half. Returns how many verdicts were stored.
    """
    variants = zone_variants()
    stamp = fingerprint(variants)
    packs = {p.id: p for p in all_packs()}

    def rows_for(chunk: list[int]) -> list[Evaluation]:
        inputs, id_of = zone_inputs(chunk)
        return [_row(result, id_of[result["credit_code"]], stamp, packs[result["policy_version"]])
                for result in evaluate_inputs(inputs, year, variants=variants)]

    return replace_in_batches(Evaluation, enterprise_ids, rows_for, {"assessment_year": year}, progress, "已评价")


def replace_in_batches(model, enterprise_ids: list[int] | None, rows_for: Callable[[list[int]], list],
                       scope: dict, progress: Callable[[int, str], None] | None, verb: str) -> int:
    """Replace `model`'s rows (within `scope`) of these enterprises (default: all) by `rows_for(chunk)`, BATCH
    whole enterprises per transaction, reporting progress; then tell the listeners of bulk writes."""
    ids = enterprise_ids if enterprise_ids is not None else list(
        Enterprise.objects.order_by("pk").values_list("pk", flat=True))
    stored = 0
    for start in range(0, len(ids), BATCH):
        chunk = ids[start:start + BATCH]
        rows = rows_for(chunk)
        with transaction.atomic():
            model.objects.filter(enterprise_id__in=chunk, **scope).delete()
            model.objects.bulk_create(rows, batch_size=1000)
        stored += len(rows)
        if progress:
            done = min(len(ids), start + BATCH)
            progress(int(done * 100 / max(1, len(ids))), f"{verb} {done} / {len(ids)} 家企业")
    bulk_written.send(model)
    return stored


def _row(result: dict, enterprise_id: int, stamp: str, pack) -> Evaluation:
    low, high = result["score_range"] or (None, None)
    close = closeness(pack, result)
    return Evaluation(enterprise_id=enterprise_id, assessment_year=result["assessment_year"], policy=result["policy"],
                      policy_version=result["policy_version"], verdict=result["verdict"],
                      verdict_rank=VERDICT_RANK[result["verdict"]], score_min=low,
                      score_max=high, unmet=close.unmet, pending=close.pending, gap=close.gap,
                      lacking=list(close.lacking),
                      unknown=sum(c["status"] == "unknown" for c in result["clauses"]),
                      result=result, pack_fingerprint=stamp)


def zone_variants() -> dict[str, str]:
    return parse_variants(settings.GAOXIN_POLICY_VARIANTS)


def current_stamp() -> str:
    """The fingerprint of the packs and variants in use: stored rows with another one are out of date."""
    return fingerprint(zone_variants())


def mark_stale(enterprise_ids: list[int]) -> None:
    Evaluation.objects.filter(enterprise_id__in=enterprise_ids, stale=False).update(stale=True)


def stale_ids(year: int) -> list[int]:
    """The enterprises whose verdicts for `year` are stale, missing or from other packs."""
    fresh = Evaluation.objects.filter(assessment_year=year, stale=False, pack_fingerprint=current_stamp())
    return list(Enterprise.objects.exclude(pk__in=fresh.values("enterprise_id")).order_by("pk").values_list(
        "pk", flat=True))


def refresh_stale(year: int, progress: Callable[[int, str], None] | None = None,
                  ids: list[int] | None = None) -> int:
    """Recompute the enterprises whose verdicts for `year` are stale, missing or from other packs (`ids` when the
    caller has asked `stale_ids` already)."""
    ids = stale_ids(year) if ids is None else ids
    return evaluate_enterprises(year, ids, progress) if ids else 0


def assign_officer(enterprise, policy: str, officer, by, note: str = "") -> ServiceAssignment:
    """Make `officer` the enterprise's 服务专员 for `policy`, ending any current assignment; audited."""
    if not is_zone_staff(officer):
        raise ValueError(gettext("服务专员须为区工作人员"))
    with transaction.atomic():
        current = ServiceAssignment.objects.select_for_update().filter(enterprise=enterprise, policy=policy,
                                                                       ended_at=None).first()
        if current and current.officer_id == officer.pk:
            return current
        if current:
            current.ended_at = timezone.now()
            current.save(update_fields=["ended_at"])
        made = ServiceAssignment.objects.create(enterprise=enterprise, policy=policy, officer=officer,
                                                assigned_by=by, note=note[:200])
        before = user_label(current.officer) if current else "（空）"
        audit.entry(user=by, enterprise=enterprise, subject="serviceassignment", label=f"服务专员（{policy}）",
                    action="update" if current else "create", changes={"officer": [before, user_label(officer)]},
                    via="潜力企业").save()
    return made


def set_target(title: str, year: int, target: int, by) -> CultivationTarget:
    """Set (or change) one title's target of new recognitions in `year`; staff only."""
    Scope.of(by).require("cultivation.manage")
    with transaction.atomic():
        before = CultivationTarget.objects.filter(title=title, year=year).values_list("target_new", flat=True).first()
        made, created = CultivationTarget.objects.update_or_create(title=title, year=year,
                                                                   defaults={"target_new": target})
        audit.record(by, made, "create" if created else "update",
                     audit.changes_between({"target_new": before}, {"target_new": target}))
    return made


def enter_pool(enterprise, title: str, reason: str, by, on=None) -> PoolEntry:
    """Put an enterprise in the 培育库 for a title (once: an open entry is returned as is); audited."""
    if title not in TITLE_BY_CODE:
        raise ValueError(gettext("未知称号“{title}”").format(title=title))
    if not reason.strip():
        raise ValueError(gettext("请填写入库理由"))
    with transaction.atomic():
        current = PoolEntry.objects.select_for_update().filter(enterprise=enterprise, title=title,
                                                               exited_on=None).first()
        if current:
            return current
        entry = PoolEntry.objects.create(enterprise=enterprise, title=title, reason=reason.strip()[:200],
                                         entered_on=on or timezone.localdate(), added_by=by)
        _pool_audit(entry, by, "create", {"entered_on": str(entry.entered_on), "reason": entry.reason})
    return entry


def leave_pool(entry: PoolEntry, reason: str, by, on=None) -> PoolEntry:
    """Take an enterprise out of the 培育库 with a reason (e.g. 已认定, 迁出, 不再符合); audited."""
    if not reason.strip():
        raise ValueError(gettext("请填写出库理由"))
    if entry.exited_on:
        raise ValueError(gettext("该企业已出库"))
    entry.exited_on, entry.exit_reason = on or timezone.localdate(), reason.strip()[:200]
    entry.save(update_fields=["exited_on", "exit_reason"])
    _pool_audit(entry, by, "update", {"exited_on": str(entry.exited_on), "exit_reason": entry.exit_reason})
    return entry


def _pool_audit(entry: PoolEntry, by, action: str, new: dict[str, str]) -> None:
    audit.entry(user=by, enterprise=entry.enterprise, subject="poolentry",
                label=f"培育库（{TITLE_BY_CODE[entry.title].label}）", action=action,
                changes={field: ["（空）", value] for field, value in new.items()}, via="培育库").save()
