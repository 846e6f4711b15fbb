"""`gaoxin backup` / `gaoxin restore`: the zone's data and uploaded files in one .tar.gz, portable between SQLite
and PostgreSQL (Django's serializer with natural keys, not a database dump).

Stored verdicts and benefit matches are left out: they follow from the data and the policy and benefit files;
restore recomputes this year's verdicts (older years with `gaoxin evaluate --year Y`) and the benefit matches.
Jobs that were running when the backup was made have no worker here: restore queues them again. Notices and
objections about matches are kept. Content types, permissions and sessions are rebuilt by the schema and are left
out too. Restore refuses a database that already holds data, so it never mixes two zones. For very large zones,
PostgreSQL's own pg_dump remains the faster backup of the database.
"""

from __future__ import annotations

import io
import json
import shutil
import tarfile
import tempfile
from collections.abc import Callable
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

FORMAT = 1
EXCLUDE = ["contenttypes", "auth.permission", "sessions", "admin.logentry", "cultivation.evaluation",
           "benefits.benefitmatch", "accounts.loginfailure"]
DEFAULTS = ["tracking.ProjectCategory", "tracking.Department"]  # made by data migrations


class RestoreError(RuntimeError):
    """Why a backup cannot be restored here."""


def backup(out: Path) -> dict:
    """Write the backup; returns its manifest (format, time, rows per model, files)."""
    data = io.StringIO()
    call_command("dumpdata", exclude=EXCLUDE, natural_foreign=True, natural_primary=True, format="json",
                 stdout=data)
    text = data.getvalue()
    rows: dict[str, int] = {}
    for item in json.loads(text):
        rows[item["model"]] = rows.get(item["model"], 0) + 1
    media = Path(settings.MEDIA_ROOT)
    files = [p for p in media.rglob("*") if p.is_file()] if media.exists() else []
    manifest = {"format": FORMAT, "created": timezone.now().isoformat(), "rows": rows, "files": len(files)}
    with tarfile.open(out, "w:gz") as tar:
        _add(tar, "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1).encode())
        _add(tar, "data.json", text.encode())
        for path in files:
            tar.add(path, arcname=f"media/{path.relative_to(media).as_posix()}")
    return manifest


def _add(tar: tarfile.TarFile, name: str, payload: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(payload)
    tar.addfile(info, io.BytesIO(payload))


def restore(path: Path, recompute: Callable[[], int] | None = None, rematch: Callable[[], int] | None = None) -> dict:
    """Load a backup into this (migrated, empty) database and media folder; recompute the verdicts
    (`recompute`) and the benefit matches (`rematch`), each returning how many rows it stored."""
    _must_be_empty()
    with tempfile.TemporaryDirectory() as scratch, tarfile.open(path, "r:gz") as tar:
        tar.extractall(scratch, filter="data")
        root = Path(scratch)
        manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
        if manifest.get("format") != FORMAT:
            raise RestoreError(gettext("备份格式 {found} 与本版本（{FORMAT}）不一致")
                    .format(found=manifest.get('format'), FORMAT=FORMAT))
        with transaction.atomic():
            for label in DEFAULTS:  # rows a fresh schema starts with; the backup carries the zone's own
                apps.get_model(label).objects.all().delete()
            call_command("loaddata", str(root / "data.json"), verbosity=0)
            manifest["jobs_requeued"] = _requeue_interrupted_jobs()
        if (root / "media").exists():
            shutil.copytree(root / "media", settings.MEDIA_ROOT, dirs_exist_ok=True)
    manifest["verdicts"] = recompute() if recompute else 0
    manifest["matches"] = rematch() if rematch else 0
    return manifest


def _requeue_interrupted_jobs() -> int:
    """A job "running" in the backup was cut off by it: its worker is not on this machine, so queue it again."""
    job = apps.get_model("jobs", "Job")
    return job.objects.filter(status="running").update(
        status="queued", worker="", lease_until=None, run_after=None, progress=0,
        message="恢复备份后重新排队（备份时任务正在运行）")


def _must_be_empty() -> None:
    enterprise = apps.get_model("registry", "Enterprise")
    user = apps.get_model(settings.AUTH_USER_MODEL)
    if enterprise.objects.exists() or user.objects.exists():
        raise RestoreError(gettext("目标数据库已有数据：请在新建并迁移（gaoxin migrate）的空数据库上恢复"))
