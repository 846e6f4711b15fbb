"""Staff actions on stored verdicts: recompute a year for the whole zone, as a background job."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from gaoxin.accounts.roles import staff_required
from gaoxin.jobs.services import enqueue


@require_POST
@staff_required
def recompute(request):
    raw = request.POST.get("year", "")
    year = int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else dt.date.today().year
    job = enqueue("evaluate", {"year": year}, request.user)
    messages.info(request, f"已提交 {year} 年度全区评价任务")
    return redirect("jobs:detail", pk=job.pk)
