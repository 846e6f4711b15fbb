"""Queueing and running background jobs. Handlers register by kind; the worker claims one job at a time.

A job is claimed by a conditional UPDATE (queued → running), so two workers never run the same job, on SQLite
or PostgreSQL. A handler reports progress through the callback it is given; an exception queues the job again
after a wait, up to its `max_attempts`, then marks it failed with the reason. Nothing half-done is left behind
because handlers write in transactions, and a retry is safe because they replace what they wrote.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.core.files import File
from django.db import close_old_connections
from django.db.models import Q
from django.utils import timezone

from gaoxin.jobs.models import Job

log = logging.getLogger(__name__)
Progress = Callable[[int, str], None]
RETRY_SECONDS = 30


@dataclass
class Output:
    """What a handler that produces a file returns: its message, the file it wrote and the name to download it
    as. The file is moved into the job's storage, so the handler may write it anywhere temporary."""

    message: str
    path: Path
    download_name: str


HANDLERS: dict[str, Callable[[dict, Progress], str | Output]] = {}


def handler(kind: str):
    """Register `fn(params, progress) -> message | Output` as the handler for jobs of `kind`."""
    def register(fn):
        HANDLERS[kind] = fn
        return fn
    return register


def enqueue(kind: str, params: dict | None = None, user=None) -> Job:
    """Queue a job, or return the same job already waiting (saving the same data twice queues one job)."""
    params = params or {}
    waiting = Job.objects.filter(kind=kind, status="queued", params=params).first()
    if waiting:
        return waiting
    return Job.objects.create(kind=kind, params=params,
                              created_by=user if user is not None and user.is_authenticated else None)


def run_next() -> Job | None:
    """Claim and run the oldest queued job that is due; None when none is."""
    due = Job.objects.filter(status="queued").filter(Q(run_after=None) | Q(run_after__lte=timezone.now()))
    for job in due.order_by("created_at", "pk")[:5]:
        claimed = Job.objects.filter(pk=job.pk, status="queued").update(status="running", started_at=timezone.now())
        if claimed:
            job.refresh_from_db()
            return run(job)
    return None


def run(job: Job) -> Job:
    def progress(percent: int, message: str = "") -> None:
        Job.objects.filter(pk=job.pk).update(progress=max(0, min(100, percent)), message=message[:200])

    try:
        fn = HANDLERS[job.kind]
        message = fn(job.params, progress)
        if isinstance(message, Output):
            message = _keep(job, message)
        Job.objects.filter(pk=job.pk).update(status="done", progress=100, message=(message or "")[:200],
                                             finished_at=timezone.now())
    except Exception as exc:  # a failed job must not stop the worker; the reason is kept on the job
        log.exception("job %s failed", job.pk)
        _failed(job, exc)
    job.refresh_from_db()
    return job


def _failed(job: Job, exc: Exception) -> None:
    """Queue the job again after a growing wait (30 s, 60 s, …) until it has been tried `max_attempts` times;
    handlers write in transactions and replace what they wrote, so a retry never doubles anything."""
    attempts = job.attempts + 1
    error = "".join(traceback.format_exception(exc))[-4000:]
    if attempts < job.max_attempts:
        wait = RETRY_SECONDS * 2 ** (attempts - 1)
        Job.objects.filter(pk=job.pk).update(
            status="queued", attempts=attempts, error=error, progress=0,
            run_after=timezone.now() + dt.timedelta(seconds=wait),
            message=f"第 {attempts} 次运行失败，{wait} 秒后重试：{exc}"[:200])
    else:
        Job.objects.filter(pk=job.pk).update(status="failed", attempts=attempts, error=error,
                                             message=f"已尝试 {attempts} 次仍失败：{exc}"[:200],
                                             finished_at=timezone.now())


def _keep(job: Job, output: Output) -> str:
    with output.path.open("rb") as handle:
        job.result.save(f"{job.pk}-{output.path.name}", File(handle), save=False)
    job.result_name = output.download_name[:200]
    Job.objects.filter(pk=job.pk).update(result=job.result.name, result_name=job.result_name)
    output.path.unlink(missing_ok=True)
    return output.message


def drain() -> int:
    """Run queued jobs until none are left (the CLI and tests); how many ran."""
    count = 0
    while run_next() is not None:
        count += 1
    return count


def work_forever(poll_seconds: float = 1.0, stop: threading.Event | None = None) -> None:
    while not (stop and stop.is_set()):
        close_old_connections()
        try:
            ran = run_next()
        except Exception:  # the database may be briefly unavailable; keep the worker alive
            log.exception("worker loop")
            ran = None
        if ran is None:
            time.sleep(poll_seconds)


def start_inprocess_worker() -> threading.Thread:
    """A worker thread inside the web process: enough for one zone on one machine, no extra service to run."""
    thread = threading.Thread(target=work_forever, name="gaoxin-worker", daemon=True)
    thread.start()
    return thread
