"""Many 一企一策 reports in one zip (a .docx and a .pdf per enterprise), written by a background job."""

from __future__ import annotations

import os
import tempfile
import zipfile
from pathlib import Path

from django.db.models import QuerySet

from gaoxin.cultivation.report.content import plan_report
from gaoxin.cultivation.report.to_docx import docx_bytes
from gaoxin.cultivation.report.to_pdf import pdf_bytes
from gaoxin.jobs.services import Progress
from gaoxin.registry.models import Enterprise

BATCH_LIMIT = 1000  # about 10 minutes of work on one core; a larger list should be narrowed by its filters


def plan_zip(enterprises: QuerySet[Enterprise], year: int, progress: Progress, who=None) -> tuple[Path, int]:
    """Write the reports of `enterprises` (in their order, at most BATCH_LIMIT) to a temporary zip file, as `who`
    may read them."""
    chosen = list(enterprises.select_related("park")[:BATCH_LIMIT])
    descriptor, name = tempfile.mkstemp(prefix="一企一策_", suffix=".zip")
    with os.fdopen(descriptor, "wb") as handle, zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as archive:
        for done, enterprise in enumerate(chosen, 1):
            report = plan_report(enterprise, year, who=who)
            archive.writestr(f"{report.file_stem}_{_safe(enterprise.name)}.docx", docx_bytes(report))
            archive.writestr(f"{report.file_stem}_{_safe(enterprise.name)}.pdf", pdf_bytes(report))
            progress(int(done * 99 / len(chosen)), f"已生成 {done}/{len(chosen)} 家：{enterprise.name}")
    return Path(name), len(chosen)


def _safe(name: str) -> str:
    """An enterprise name as a file name inside the zip: no path separators or characters Windows refuses."""
    return "".join("_" if c in '\\/:*?"<>|' else c for c in name).strip()[:60] or "企业"
