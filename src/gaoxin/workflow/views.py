"""我的待办: the signed-in user's open to-do items and messages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST


@login_required
def inbox(request):
    return render(request, "workflow/inbox.html", {
        "tasks": request.user.tasks.filter(done_at=None)[:200],
        "done": request.user.tasks.exclude(done_at=None)[:20],
        "notifications": request.user.notifications.all()[:100]})


@require_POST
@login_required
def read_all(request):
    request.user.notifications.filter(read_at=None).update(read_at=timezone.now())
    return redirect("workflow:inbox")
