"""An upload is stored and imported by a background job: the request answers at once, the result page follows
the job's progress, and the outcome is the importer's all-or-nothing one."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gaoxin.conftest import code_for, xlsx_bytes
from gaoxin.jobs.models import Job
from gaoxin.jobs.services import drain
from gaoxin.registry.models import AnnualFigures, Enterprise, ImportBatch
from gaoxin.registry.tests.test_import_limits import one_cell_rows

HEADERS = ["统一社会信用代码", "企业名称", "所属园区/街道", "年度", "营业收入（万元）"]


def _post(client, data: bytes, name: str):
    return client.post(reverse("registry:import_upload"), {"file": SimpleUploadedFile(name, data)})


def test_an_upload_is_queued_then_imported_by_the_job(client, staff, parks):
    client.force_login(staff)
    data = xlsx_bytes(HEADERS, [[code_for(1), "青江星云软件有限公司", parks[0].name, 2025, 1800]])
    response = _post(client, data, "年度数据.xlsx")
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response.url == reverse("registry:import_result", args=[batch.pk])
    assert batch.status == "queued" and batch.upload and batch.job.kind == "registry_import"
    assert not Enterprise.objects.exists()  # nothing written by the request
    page = client.get(response.url).content.decode()
    assert 'data-status="queued"' in page and 'http-equiv="refresh"' in page
    assert drain() == 1
    batch.refresh_from_db()
    assert batch.status == "imported" and batch.rows == 1 and not batch.upload
    assert AnnualFigures.objects.get().revenue == 1800
    assert Job.objects.get().status == "done" and "新增企业 1 家" in Job.objects.get().message
    page = client.get(response.url).content.decode()
    assert 'data-status="imported"' in page and "refresh" not in page


def test_a_rejected_upload_writes_nothing_and_keeps_its_report(client, staff, parks):
    client.force_login(staff)
    data = xlsx_bytes(HEADERS, [[code_for(1), "甲公司", parks[0].name, 2025, 1800],
                                ["不是代码", "乙公司", parks[0].name, 2025, 10]])
    _post(client, data, "有错.xlsx")
    drain()
    batch = ImportBatch.objects.get()
    assert batch.status == "rejected" and not Enterprise.objects.exists() and batch.errors
    report = client.get(reverse("registry:import_report", args=[batch.pk]))
    assert report.status_code == 200


def test_the_hostile_workbook_leaves_the_site_answering(client, staff):
    """The request only stores the 800,000-row file; the job refuses it at the row cap and records one problem."""
    client.force_login(staff)
    response = _post(client, one_cell_rows(800_000), "攻击.xlsx")
    assert response.status_code == 302
    assert client.get(reverse("registry:enterprise_list")).status_code == 200  # answering while it waits
    drain()
    batch = ImportBatch.objects.get()
    assert batch.status == "rejected" and len(batch.errors) == 1 and "行的上限" in batch.errors[0]["reason"]


def test_only_staff_may_queue_an_import(client, make_user, parks):
    client.force_login(make_user("liaison", "park_liaison", park=parks[0]))
    response = _post(client, b"x", "x.csv")
    assert response.status_code == 403 and not ImportBatch.objects.exists()
