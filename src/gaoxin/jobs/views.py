"""A job's progress page (refreshes itself while running) and its JSON for scripts."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, render

from gaoxin.accounts.scope import Scope
from gaoxin.jobs.models import Job


def _visible_job(request, pk: int) -> Job:
    job = get_object_or_404(Job, pk=pk)
    if not Scope.of(request.user).may("jobs.read", job):
        raise Http404
    return job


@login_required
def job_detail(request, pk: int):
    return render(request, "jobs/job_detail.html", {"job": _visible_job(request, pk)})


@login_required
def job_status(request, pk: int):
    job = _visible_job(request, pk)
    return JsonResponse({"id": job.pk, "kind": job.kind, "status": job.status, "progress": job.progress,
                         "message": job.message, "finished": job.finished, "has_file": bool(job.result)})


@login_required
def job_download(request, pk: int):
    """The file a finished job produced (e.g. the zip of 一企一策 reports), for whoever may see the job."""
    job = _visible_job(request, pk)
    if job.status != "done" or not job.result:
        raise Http404
    return FileResponse(job.result.open("rb"), as_attachment=True, filename=job.result_name or job.result.name)
