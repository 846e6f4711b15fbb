"""Jobs outlive their worker: a running job holds a lease its worker renews; once a lease has expired the next
poll queues the job again (or fails it with the reason after its attempts), and a worker that lost its lease
cannot finish the job over its retry. The SIGKILL test runs real worker processes on a scratch SQLite file."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest
from django.utils import timezone

from gaoxin.jobs.models import Job
from gaoxin.jobs.services import HANDLERS, handler, recover_abandoned, run_next


@pytest.fixture
def quick():
    @handler("test_quick")
    def run(params, progress):
        return "完成"

    yield
    HANDLERS.pop("test_quick", None)


def _abandoned(attempts: int = 0, max_attempts: int = 3, ago: int = 5) -> Job:
    return Job.objects.create(kind="test_quick", status="running", worker="host:4242:1", attempts=attempts,
                              max_attempts=max_attempts, started_at=timezone.now() - dt.timedelta(minutes=5),
                              lease_until=timezone.now() - dt.timedelta(seconds=ago))


def test_a_job_whose_lease_expired_is_queued_again_and_then_runs(db, quick):
    job = _abandoned()
    done = run_next()
    job.refresh_from_db()
    assert done.pk == job.pk and (job.status, job.attempts, job.message) == ("done", 1, "完成")
    assert "host:4242:1 已中断" in job.error and job.lease_until is None


def test_after_its_last_attempt_an_abandoned_job_fails_with_the_reason(db, quick):
    job = _abandoned(attempts=2, max_attempts=3)
    assert recover_abandoned() == 1
    job.refresh_from_db()
    assert job.status == "failed" and job.finished_at is not None
    assert job.message.startswith("已尝试 3 次仍失败：执行进程 host:4242:1 已中断")


def test_a_job_whose_lease_is_current_is_left_running(db, quick):
    job = _abandoned(ago=-30)  # lease still 30 s ahead: its worker is alive
    assert recover_abandoned() == 0 and run_next() is None
    job.refresh_from_db()
    assert job.status == "running"


def test_a_worker_that_lost_its_lease_cannot_finish_the_job(db):
    @handler("test_slow_loser")
    def run(params, progress):  # while it runs, its lease expires and another worker takes the job
        Job.objects.filter(kind="test_slow_loser").update(worker="other:1:1", attempts=1)
        return "迟到的结果"

    try:
        job = Job.objects.create(kind="test_slow_loser")
        run_next()
        job.refresh_from_db()
        assert job.status == "running" and job.worker == "other:1:1" and job.message != "迟到的结果"
    finally:
        HANDLERS.pop("test_slow_loser", None)


def test_the_lease_is_renewed_while_a_long_handler_runs(transactional_db, settings):
    settings.GAOXIN_JOB_LEASE_SECONDS = 0.6
    seen = []

    @handler("test_long")
    def run(params, progress):  # no progress calls for longer than the lease: renewal keeps it alive
        first = Job.objects.get(kind="test_long").lease_until
        time.sleep(1.5)
        seen.append(Job.objects.get(kind="test_long").lease_until > first)
        return "完成"

    try:
        Job.objects.create(kind="test_long")
        job = run_next()
        assert job.status == "done" and seen == [True] and job.attempts == 0
    finally:
        HANDLERS.pop("test_long", None)


WORKER = textwrap.dedent("""
    import os, sys, time
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gaoxin.web.settings")
    import django
    django.setup()
    from django.core.management import call_command
    call_command("migrate", verbosity=0)
    from gaoxin.jobs.models import Job
    from gaoxin.jobs.services import enqueue, handler, work_forever

    @handler("test_sleepy")
    def sleepy(params, progress):
        progress(10, "运行中")
        print("RUNNING", flush=True)
        time.sleep(float(os.environ["SLEEP"]))
        return "完成"

    if sys.argv[1] == "enqueue":
        enqueue("test_sleepy", {"n": 1})
    work_forever(0.2)
""")


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_worker_killed_mid_job_is_replaced_within_a_lease(tmp_path):
    script = tmp_path / "worker.py"
    script.write_text(WORKER, encoding="utf-8")
    env = os.environ | {"GAOXIN_DATA_DIR": str(tmp_path), "DATABASE_URL": "", "GAOXIN_JOB_LEASE_SECONDS": "2"}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    first = subprocess.Popen([sys.executable, str(script), "enqueue"], env=env | {"SLEEP": "600"},
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for line in first.stdout:
        if line.startswith("RUNNING"):
            first.send_signal(signal.SIGKILL)
            break
    first.wait(timeout=60)
    assert first.returncode == -signal.SIGKILL, first.stderr.read()[-2000:]
    db = tmp_path / "gaoxin.sqlite3"

    def job() -> tuple:
        with sqlite3.connect(db) as conn:
            return conn.execute("SELECT status, attempts, message, error FROM jobs_job").fetchone()

    assert job()[0] == "running"  # the dead worker could not say anything
    killed_at = time.monotonic()
    second = subprocess.Popen([sys.executable, str(script), "work"], env=env | {"SLEEP": "0"},
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        while job()[0] != "done" and time.monotonic() - killed_at < 60:
            time.sleep(0.3)
    finally:
        second.kill()
        second.wait(timeout=30)
    status, attempts, message, error = job()
    assert (status, attempts, message) == ("done", 1, "完成"), second.stderr.read()[-2000:]
    assert "已中断" in error
