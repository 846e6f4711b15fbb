"""Background jobs: a failure is retried after a growing wait, up to the job's limit, then marked failed with its
reason; a job waiting to retry is not run early; a retried handler that replaces its output leaves it once."""

import datetime as dt

import pytest
from django.utils import timezone

from gaoxin.jobs.models import Job
from gaoxin.jobs.services import HANDLERS, drain, enqueue, handler, run_next

CALLS: list[int] = []


@pytest.fixture(autouse=True)
def flaky():
    @handler("test_flaky")
    def run(params, progress):
        CALLS.append(1)
        if len(CALLS) <= params["failures"]:
            raise RuntimeError("服务暂不可用")
        return "完成"

    CALLS.clear()
    yield
    HANDLERS.pop("test_flaky", None)


def test_a_failure_waits_then_succeeds_on_retry(db):
    job = enqueue("test_flaky", {"failures": 1})
    drain()
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("queued", 1)
    assert job.message == "第 1 次运行失败，30 秒后重试：服务暂不可用"
    assert job.run_after > timezone.now() + dt.timedelta(seconds=25)
    assert run_next() is None  # not due yet
    Job.objects.filter(pk=job.pk).update(run_after=timezone.now() - dt.timedelta(seconds=1))
    drain()
    job.refresh_from_db()
    assert (job.status, job.message, len(CALLS)) == ("done", "完成", 2)


def test_the_wait_doubles_and_the_job_gives_up_at_its_limit(db):
    job = enqueue("test_flaky", {"failures": 99})
    waits = []
    for _ in range(job.max_attempts):
        before = timezone.now()
        Job.objects.filter(pk=job.pk).update(run_after=None)
        drain()
        job.refresh_from_db()
        if job.status == "queued":
            waits.append(round((job.run_after - before).total_seconds() / 30))
    assert waits == [1, 2] and job.status == "failed" and job.attempts == 3
    assert job.message == "已尝试 3 次仍失败：服务暂不可用" and "RuntimeError" in job.error
