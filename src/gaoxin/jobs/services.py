"""Queueing and running background jobs. Handlers register by kind; the worker claims one job at a time.

A job is claimed by a conditional UPDATE (queued → running), so two workers never run the same job, on SQLite
or PostgreSQL. A handler reports progress through the callback it is given; an exception queues the job again
after a wait, up to its `max_attempts`, then marks it failed with the reason. Nothing half-done is left behind
because handlers write in transactions, and a retry is safe because they replace what they wrote.

A running job holds a lease (`lease_until`) that its worker renews from a separate thread every third of
GAOXIN_JOB_LEASE_SECONDS. A worker killed outright (SIGKILL, a crash, a lost machine) stops renewing; the next
poll of any worker, once the lease has expired, queues the job again or fails it with the reason after its
attempts. Only the worker holding the lease may finish the job, so one that comes back late cannot overwrite a
retry's result.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
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


def lease_seconds() -> float:
    return float(getattr(settings, "GAOXIN_JOB_LEASE_SECONDS", 60))


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"[:80]


def run_next() -> Job | None:
    """Claim and run the oldest queued job that is due; None when none is. Jobs whose worker died are
    recovered first."""
    recover_abandoned()
    due = Job.objects.filter(status="queued").filter(Q(run_after=None) | Q(run_after__lte=timezone.now()))
    me = worker_name()
    for job in due.order_by("created_at", "pk")[:5]:
        now = timezone.now()
        claimed = Job.objects.filter(pk=job.pk, status="queued").update(
            status="running", started_at=now, worker=me, lease_until=now + dt.timedelta(seconds=lease_seconds()))
        if claimed:
            job.refresh_from_db()
            return run(job)
    return None


def recover_abandoned() -> int:
    """Jobs still "running" whose lease has expired: their worker is gone. Each is queued again at once (it
    counts as an attempt) or, after its last attempt, failed with the reason; how many were found."""
    now = timezone.now()
    found = 0
    for job in Job.objects.filter(status="running", lease_until__lt=now).only("pk", "attempts", "max_attempts",
                                                                              "worker", "lease_until"):
        expired = timezone.localtime(job.lease_until)
        reason = f"执行进程 {job.worker or '未知'} 已中断（租约 {expired:%H:%M:%S} 到期未续）"
        found += _give_up_or_retry(job, reason, wait=0, only_if={"status": "running", "worker": job.worker,
                                                                 "lease_until__lt": now})
    return found


def run(job: Job) -> Job:
    mine = Job.objects.filter(pk=job.pk, status="running", worker=job.worker)

    def progress(percent: int, message: str = "") -> None:
        mine.update(progress=max(0, min(100, percent)), message=message[:200])

    renewing = _renew_lease(job)
    try:
        fn = HANDLERS[job.kind]
        message = fn(job.params, progress)
        if isinstance(message, Output):
            message = _keep(job, message)
        mine.update(status="done", progress=100, message=(message or "")[:200], finished_at=timezone.now(),
                    lease_until=None)
    except Exception as exc:  # a failed job must not stop the worker; the reason is kept on the job
        log.exception("job %s failed", job.pk)
        _failed(job, exc)
    finally:
        renewing.set()
    job.refresh_from_db()
    return job


def _renew_lease(job: Job) -> threading.Event:
    """Renew the job's lease from a thread of its own while the handler runs (a handler busy in one long
    computation reports no progress for minutes, but its process is alive); set the returned event to stop."""
    stop = threading.Event()
    every = lease_seconds() / 3

    def renew() -> None:
        try:
            while not stop.wait(every):
                Job.objects.filter(pk=job.pk, status="running", worker=job.worker).update(
                    lease_until=timezone.now() + dt.timedelta(seconds=lease_seconds()))
        except Exception:  # the database briefly away: the lease runs out and the job is retried, nothing lost
            log.exception("renewing the lease of job %s", job.pk)
        finally:
            close_old_connections()

    threading.Thread(target=renew, name=f"gaoxin-lease-{job.pk}", daemon=True).start()
    return stop


def _failed(job: Job, exc: Exception) -> None:
    """Queue the job again after a growing wait (30 s, 60 s, …) until it has been tried `max_attempts` times;
    handlers write in transactions and replace what they wrote, so a retry never doubles anything."""
    error = "".join(traceback.format_exception(exc))[-4000:]
    wait = RETRY_SECONDS * 2 ** job.attempts
    _give_up_or_retry(job, str(exc), wait, {"status": "running", "worker": job.worker}, error)


def _give_up_or_retry(job: Job, reason: str, wait: float, only_if: dict, error: str = "") -> int:
    attempts = job.attempts + 1
    which = Job.objects.filter(pk=job.pk, **only_if)
    common = {"attempts": attempts, "error": error or reason, "lease_until": None}
    if attempts < job.max_attempts:
        then = f"{int(wait)} 秒后重试" if wait else "将重新运行"
        return which.update(status="queued", progress=0, run_after=timezone.now() + dt.timedelta(seconds=wait),
                            message=f"第 {attempts} 次运行失败，{then}：{reason}"[:200], **common)
    return which.update(status="failed", message=f"已尝试 {attempts} 次仍失败：{reason}"[:200],
                        finished_at=timezone.now(), **common)


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
