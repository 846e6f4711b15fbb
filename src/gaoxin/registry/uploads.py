"""Uploaded files imported by a background job, whatever they hold (yearly figures, 股东及主要人员, a competition's
entry list): the request only checks who may import and stores the file on a queued `ImportBatch`; the job reads
it within the settings' limits and records the all-or-nothing outcome on the batch, whose page follows the job.
A large or hostile file therefore never holds the web process (decision 0012)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext

from gaoxin.accounts.scope import Scope
from gaoxin.intake.reader import Limits, UnreadableFile
from gaoxin.intake.validate import Checked, Problem
from gaoxin.registry.models import ImportBatch


class UploadRefused(ValueError):
    """The upload cannot be kept (too large); the message says why, in Chinese."""


Work = Callable[[bytes, ImportBatch], Any]  # reads the stored file's bytes and records the outcome on the batch


def import_limits() -> Limits:
    """The caps of an upload, from the settings (GAOXIN_IMPORT_MAX_ROWS, _MAX_UNPACKED_MB, _MAX_PROBLEMS)."""
    return Limits(max_rows=settings.GAOXIN_IMPORT_MAX_ROWS,
                  max_unpacked_bytes=settings.GAOXIN_IMPORT_MAX_UNPACKED_MB * 1024 * 1024,
                  max_problems=settings.GAOXIN_IMPORT_MAX_PROBLEMS)


def store(upload, user, *, kind: str, job: str, rule: str, obj: Any = None, params: dict | None = None,
          return_to: str = "") -> ImportBatch:
    """Keep the upload on a queued batch and queue the `job` that imports it; refused unless the user's scope may
    `rule` (on `obj`), and refused (UploadRefused) past the upload size cap. `params` go to the job with the
    batch's id."""
    from gaoxin.jobs.services import enqueue

    scope = Scope.of(user)
    scope.require(rule, obj)
    if upload.size > settings.GAOXIN_IMPORT_MAX_BYTES:
        limit = settings.GAOXIN_IMPORT_MAX_BYTES // (1024 * 1024)
        raise UploadRefused(gettext("文件过大（上限 {limit} MB），请拆分后导入").format(limit=limit))
    batch = ImportBatch.objects.create(kind=kind, file_name=upload.name[:255], sha256="", status="queued",
                                       uploaded_by=scope.actor, return_to=return_to[:200])
    batch.upload.save(f"{batch.pk}{Path(upload.name).suffix.lower()[:10]}", upload, save=False)
    batch.job = enqueue(job, {**(params or {}), "batch": batch.pk}, user)
    batch.save(update_fields=["upload", "job"])
    return batch


def run_stored(batch_id: int, work: Work) -> ImportBatch:
    """The job's part: hand the stored file to `work`, then drop the file. A retry after the import finished
    changes nothing; a retry after a crash runs the import again (nothing was written: each is one transaction)."""
    batch = ImportBatch.objects.get(pk=batch_id)
    if not batch.pending:
        return batch
    ImportBatch.objects.filter(pk=batch.pk).update(status="running")
    with batch.upload.open("rb") as handle:
        data = handle.read()
    work(data, batch)
    batch.upload.delete(save=False)
    ImportBatch.objects.filter(pk=batch.pk).update(upload="")
    batch.refresh_from_db()
    return batch


def run_import(batch_id: int, importer: Callable[..., Any]) -> ImportBatch:
    """`run_stored` for an importer called as `importer(data, file_name, user, batch=batch)`, as every list's is."""
    return run_stored(batch_id, lambda data, batch: importer(data, batch.file_name, batch.uploaded_by, batch=batch))


def count(batch: ImportBatch, created: int, updated: int, unchanged: int) -> None:
    """What an import wrote, in the batch's counters (records of the import's own kind: rights, projects …)."""
    batch.figures_created, batch.figures_updated, batch.unchanged = created, updated, unchanged


def record_outcome(batch: ImportBatch, problems: list[Problem], saved: int, summary: str) -> None:
    """Record an import that is not the yearly figures: rejected with its problems (the first ones, and how many
    more), or imported with what it wrote."""
    if problems:
        checked = Checked(problems=list(problems))
        checked.cap(import_limits().max_problems)
        batch.status, batch.errors = "rejected", [p.as_dict() for p in checked.summarised()]
    else:
        batch.status, batch.rows, batch.summary = "imported", saved, summary[:200]
    batch.save()


def outcome_message(batch: ImportBatch) -> str:
    """The job's closing line for an import that is not the yearly figures."""
    if batch.status == "imported":
        return f"{batch.file_name}：{batch.summary}"
    return rejected_message(batch)


def rejected_message(batch: ImportBatch) -> str:
    return f"{batch.file_name} 未导入：发现 {len(batch.errors)} 个问题，见导入结果页"


def begin(kind: str, data: bytes, file_name: str, user, batch: ImportBatch | None) -> ImportBatch:
    """The batch an import of `kind` records on: the queued one of an upload, or a new one (the CLI); staff
    only when a user acts."""
    if user is not None:
        Scope.of(user).require("registry.manage")
    if batch is None:
        batch = ImportBatch(kind=kind, file_name=file_name[:255],
                            uploaded_by=Scope.of(user).actor if user is not None else None)
    batch.sha256 = hashlib.sha256(data).hexdigest()
    return batch


def read_or_reject(batch: ImportBatch, read: Callable[[], Any]) -> Any:
    """The list `read()` gives, or None once the batch is recorded as rejected with its problems (an unreadable
    file is one problem for the whole file)."""
    try:
        table = read()
    except UnreadableFile as exc:
        reject(batch, [Problem(None, "", batch.file_name, str(exc))])
        return None
    if table.problems:
        reject(batch, table.problems)
        return None
    if table.ignored_columns:
        batch.warnings = [gettext("未读取的列：{columns}").format(columns="、".join(table.ignored_columns))]
    return table


def reject(batch: ImportBatch, problems: list[Problem]) -> ImportBatch:
    """Nothing written: the batch keeps the first problems (and how many more)."""
    checked = Checked(problems=list(problems))
    checked.cap(import_limits().max_problems)
    batch.status, batch.errors = "rejected", [p.as_dict() for p in checked.summarised()]
    batch.save()
    return batch
