"""免申即享 runs: generate a dated list from the data held, freeze what it read, reproduce it, and on approval
turn it into a program whose awards are paid like any other.

Reproducible means: the run keeps the exact enterprise-year and titles tables it evaluated (Parquet, in one zip,
with its SHA-256) and the id of the benefit version; `reproduce` evaluates those again with that version on the
same date and must give the same enterprises and amounts, whatever the registry holds by then.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

import polars as pl
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from gaoxin.accounts.scope import Scope
from gaoxin.benefits.machines import RUN
from gaoxin.benefits.models import AwardLine, AwardRun
from gaoxin.core.models import pack
from gaoxin.cultivation.inputs import zone_inputs
from gaoxin.engine.benefit import (
    Benefit,
    benefit_by_id,
    benefits_fingerprint,
    benefits_in_force,
    evaluate_benefits,
    explained,
    wan,
)
from gaoxin.engine.evaluate import verdicts
from gaoxin.engine.frame import KEY
from gaoxin.engine.run import TITLE_SCHEMA, Inputs
from gaoxin.programs.eligibility import clause_items
from gaoxin.programs.machines import APPLICATION
from gaoxin.programs.models import Application, Award, Program
from gaoxin.programs.money import CENT, public_notice_end
from gaoxin.registry.models import Enterprise
from gaoxin.workflow.machine import advance

BATCH = 5000


class RunError(ValueError):
    """A run that cannot be generated (not a 免申即享 benefit, not in force, nobody qualifies)."""


def generate(code: str, by, on: dt.date | None = None, progress: Callable[[int, str], None] | None = None
             ) -> AwardRun:
    """Evaluate the benefit in force on `on` (today) over every enterprise and keep the qualifying ones with
    their amounts; the inputs read are frozen with the run."""
    scope = Scope.of(by)
    scope.require("benefits.run")
    by = scope.actor
    on = on or timezone.localdate()
    benefit = next((b for b in benefits_in_force(on) if b.code == code), None)
    if benefit is None or not benefit.automatic:
        raise RunError(gettext("该政策当日不在有效期内，或不是免申即享政策"))
    inputs = all_inputs(progress)
    rows = list(_qualifying(benefit, inputs, on))
    if not rows:
        raise RunError(gettext("没有符合条件的企业"))
    frozen = _freeze(inputs)
    ids = dict(Enterprise.objects.filter(credit_code__in=[r[KEY] for r in rows]).values_list("credit_code", "pk"))
    lines = [r for r in rows if r["amount_yuan"]]
    with transaction.atomic():
        run = AwardRun(benefit=benefit.code, benefit_version=benefit.id, as_of=on, fingerprint=benefits_fingerprint(),
                       inputs_sha256=hashlib.sha256(frozen).hexdigest(), enterprises=inputs.table[KEY].n_unique(),
                       created_by=by, undetermined=[{"credit_code": r[KEY], "name": r.get("name")}
                                                    for r in rows if r["amount_yuan"] is None])
        run.inputs.save(f"run-{benefit.code}-{on.isoformat()}.zip", ContentFile(frozen), save=False)
        run.total = sum((wan(r["amount_yuan"]) for r in lines), Decimal(0))
        run.save()
        AwardLine.objects.bulk_create([
            AwardLine(run=run, enterprise_id=ids[r[KEY]], amount=wan(r["amount_yuan"]),
                      packed=pack(explained(benefit, r, on.year) | {"as_of": on.isoformat()})) for r in lines])
    return run


def all_inputs(progress=None) -> Inputs:
    """The contract tables of every active enterprise, read in batches."""
    ids = list(Enterprise.objects.filter(archived_at=None).order_by("pk").values_list("pk", flat=True))
    tables, titles = [], []
    for start in range(0, len(ids), BATCH):
        inputs, _ = zone_inputs(ids[start:start + BATCH])
        tables.append(inputs.table)
        titles.append(inputs.titles)
        if progress:
            done = min(len(ids), start + BATCH)
            progress(int(done * 90 / max(1, len(ids))), f"读取企业数据 {done} / {len(ids)}")
    table = pl.concat(tables, how="diagonal_relaxed") if tables else pl.DataFrame({KEY: []})
    return Inputs(table, pl.concat(titles) if titles else pl.DataFrame(schema=TITLE_SCHEMA))


def _qualifying(benefit: Benefit, inputs: Inputs, on: dt.date):
    (_, frame), = evaluate_benefits([benefit], inputs.table, on.year, on, inputs.titles)
    frame = frame.with_columns(verdict=verdicts(frame)).filter(pl.col("verdict") == "qualified").sort(KEY)
    return frame.iter_rows(named=True)


def _freeze(inputs: Inputs) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, frame in (("table.parquet", inputs.table), ("titles.parquet", inputs.titles)):
            data = io.BytesIO()
            frame.write_parquet(data)
            archive.writestr(name, data.getvalue())
    return buffer.getvalue()


def frozen_inputs(run: AwardRun) -> Inputs:
    """The tables the run evaluated, after checking they are the ones it recorded."""
    with run.inputs.open("rb") as f:
        data = f.read()
    if hashlib.sha256(data).hexdigest() != run.inputs_sha256:
        raise RunError(gettext("冻结的输入数据与记录的摘要不符，文件已被改动"))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return Inputs(pl.read_parquet(archive.read("table.parquet")), pl.read_parquet(archive.read("titles.parquet")))


def reproduce(run: AwardRun) -> list[str]:
    """Compute the run again from its frozen inputs with its pinned benefit version; the differences from the
    stored list, in words (none: reproduced exactly)."""
    benefit = benefit_by_id(run.benefit_version)
    again = {r[KEY]: wan(r["amount_yuan"]) for r in _qualifying(benefit, frozen_inputs(run), run.as_of)
             if r["amount_yuan"]}
    stored = {line.enterprise.credit_code: line.amount for line in run.lines.select_related("enterprise")}
    return [f"{code}：原 {stored.get(code)} 万元，重算 {again.get(code)} 万元"
            for code in sorted(set(again) | set(stored)) if again.get(code) != stored.get(code)]


def approve(run: AwardRun, by) -> AwardRun:
    """Approve the run (someone other than who generated it): one program, and for every line an application
    awarded without application and an award in 公示, then confirmed, signed and paid as any award is."""
    scope = Scope.of(by)
    return advance(RUN, run, "approve", scope, change=lambda locked: _feed_programs(locked, scope.actor))


def _screening(line: AwardLine, on: dt.date) -> dict:
    """The line's engine result as the application's 资格初筛 (met on the run's date: it was approved)."""
    return {"verdict": "pass", "items": clause_items(line.result), "on": on.isoformat()}


def _feed_programs(run: AwardRun, by) -> None:
    benefit = benefit_by_id(run.benefit_version)
    today = timezone.localdate()
    lines = list(run.lines.select_related("enterprise"))
    basis = "；".join(d.number for d in benefit.documents)
    program = Program.objects.create(
        name=f"{benefit.name}（免申即享 {run.as_of:%Y-%m-%d}）", kind="auto_award", year=run.as_of.year,
        department=benefit.issuer[:100], guide=f"{benefit.summary}\n依据：{basis}\n核定：免申即享 #{run.pk}",
        budget=sum((_to_program(line.amount) for line in lines), Decimal(0)), opens_on=run.as_of,
        closes_on=run.as_of, public_notice_days=5, reviewers_per_application=0,
        tranche_plan=[{"share": 1, "milestone": "签订协议", "on_signing": True}])
    for rank, line in enumerate(lines, start=1):
        amount = _to_program(line.amount)
        application = Application.objects.create(program=program, enterprise=line.enterprise,
                                                 project_title=benefit.name, requested=amount,
                                                 screening=_screening(line, run.as_of), created_by=by)
        advance(APPLICATION, application, "auto_award", by, f"免申即享核定 #{run.pk}，{line.amount.normalize():f} 万元")
        Award.objects.create(application=application, amount=amount, rank=rank, decided_by=by,
                             public_notice_until=public_notice_end(program, today))
    run.program = program


def _to_program(amount: Decimal) -> Decimal:
    """Program money is kept to the 百元 (0.01 万元); a run's amount (to the 元) is rounded half up to it."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)
