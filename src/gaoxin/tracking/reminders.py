"""Daily reminders as to-dos (run by `gaoxin remind`, e.g. from cron): each project's park liaisons get one item
while a report is past due; it closes when the report is filed."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from gaoxin.tracking.machines import liaisons
from gaoxin.tracking.models import MajorProject
from gaoxin.tracking.status import missing_periods
from gaoxin.workflow.machine import open_task
from gaoxin.workflow.models import Task


def remind_reports(today: dt.date) -> int:
    """Open a 报送 to-do for every liaison of a project with a period past due and no such to-do open."""
    kind = ContentType.objects.get_for_model(MajorProject)
    waiting = set(Task.objects.filter(content_type=kind, done_at=None, title__startswith="报送进度").values_list(
        "object_id", "user_id"))
    opened = 0
    for project in MajorProject.objects.exclude(stage="in_operation").select_related("park"):
        missing = missing_periods(project, today)
        if not missing:
            continue
        for user in liaisons(project):
            if (project.pk, user.pk) in waiting:
                continue
            open_task(project, user, f"报送进度：{project.name}（{missing[0]:%Y 年 %m 月}起 {len(missing)} 期）",
                      reverse("tracking:project", args=[project.pk]))
            opened += 1
    return opened
