"""Backup and restore round-trip on the suite's database (SQLite, and PostgreSQL in the second run): every
record, the uploaded files byte for byte, generic links between records, and the verdicts recomputed."""

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from gaoxin.backup import RestoreError, backup, restore
from gaoxin.benefits.models import BenefitMatch
from gaoxin.benefits.services import match_enterprises
from gaoxin.cultivation.models import Evaluation
from gaoxin.cultivation.services import evaluate_enterprises
from gaoxin.jobs.models import Job
from gaoxin.programs import services as applications
from gaoxin.programs.models import Application, Attachment, Program
from gaoxin.registry.models import AnnualFigures, Enterprise, TitleHeld
from gaoxin.workflow.machine import open_task
from gaoxin.workflow.models import Task

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def zone(transactional_db, make_enterprise, make_user):
    today = dt.date.today()
    a = make_enterprise("甲科技有限公司", founded_on=dt.date(2020, 1, 1))
    AnnualFigures.objects.create(enterprise=a, year=today.year - 1, revenue=Decimal("1234.56"), employees=40)
    TitleHeld.objects.create(enterprise=a, title="tech_sme", recognized_on=dt.date(today.year, 3, 1),
                             valid_until=dt.date(today.year, 12, 31))
    user = make_user("user_a", "enterprise_user", enterprise=a)
    program = Program.objects.create(name="种子资金", kind="seed_fund", year=today.year, budget=61, opens_on=today,
                                     closes_on=today, attachments=[{"code": "plan", "label": "计划书",
                                                                    "types": ["pdf"], "max_mb": 1}])
    application = applications.start(program, a, user, "中试项目", today)
    applications.attach(application, "plan", SimpleUploadedFile("计划书.pdf", PDF), user)
    open_task(application, user, "补充材料")
    evaluate_enterprises(today.year)
    match_enterprises()
    return {"a": a, "user": user, "application": application}


def test_a_backup_restores_whole_into_an_empty_database(zone, tmp_path):
    out = tmp_path / "backup.tar.gz"
    matches = BenefitMatch.objects.count()
    cut_off = Job.objects.create(kind="evaluate", params={"year": 2026}, status="running", worker="old-host:1")
    manifest = backup(out)
    assert manifest["rows"]["registry.enterprise"] == 1 and manifest["files"] == 1
    assert "cultivation.evaluation" not in manifest["rows"]  # recomputed on restore, not stored
    with pytest.raises(RestoreError, match="目标数据库已有数据"):
        restore(out)
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(settings.MEDIA_ROOT)
    assert not Enterprise.objects.exists() and not Path(settings.MEDIA_ROOT).exists()

    restored = restore(out, lambda: evaluate_enterprises(dt.date.today().year), match_enterprises)
    a = Enterprise.objects.get(name="甲科技有限公司")
    assert a.annual_figures.get().revenue == Decimal("1234.56") and a.titles.get().title == "tech_sme"
    stored = Attachment.objects.get()
    assert stored.file.open("rb").read() == PDF and stored.original_name == "计划书.pdf"
    assert Task.objects.get().subject == Application.objects.get()  # generic links survive by natural key
    assert a.user_profiles.get().user.groups.get().name == "enterprise_user"
    assert restored["verdicts"] == Evaluation.objects.count() > 0
    assert restored["matches"] == BenefitMatch.objects.count() == matches > 0  # rebuilt, not left empty
    job = Job.objects.get(params={"year": 2026}, kind=cut_off.kind)
    assert (job.status, job.worker, restored["jobs_requeued"]) == ("queued", "", 1)
