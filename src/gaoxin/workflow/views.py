"""我的待办 (the signed-in user's open to-do items and messages) and the one URL of every machine move."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from gaoxin.core.commands import problems
from gaoxin.workflow.machine import MACHINES, IllegalTransition
from gaoxin.workflow.moves import PLACES, command_for, offered, perform


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


@require_POST
@login_required
def move(request, machine: str, pk: int, action: str):
    """Move one object on its machine: 404 unless the scope may see it, 403 unless the machine's rule lets this
    user make the move, the move's typed input checked first; back to the object's page with what happened."""
    found, where = MACHINES.get(machine), PLACES.get(machine)
    if found is None or where is None or not offered(found, action):
        raise Http404
    obj = get_object_or_404(where.rows(request.scope), pk=pk)
    edge, command = found.edge(action), command_for(found, action, request.POST)
    if not command.is_valid():
        messages.error(request, gettext("未能{edge_label}：{problems}")
                .format(edge_label=edge.label, problems=problems(command)))
    else:
        try:
            done = perform(found, obj, action, request.user, command)
        except (ValueError, IllegalTransition) as exc:
            messages.error(request, str(exc))
        else:  # a service may say what it did in its own words
            messages.success(request, done if isinstance(done, str) else f"{edge.label}：已完成")
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, {request.get_host()}, require_https=request.is_secure()):
        return redirect(back)
    return redirect(where.back(obj))
