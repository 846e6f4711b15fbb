"""Background jobs: long work (zone-wide evaluation, batch reports) runs outside the request, with progress.

The queue is a database table, so it works the same on embedded SQLite (a laptop) and PostgreSQL (production)
with no broker to install.
"""

from __future__ import annotations

from django.db import models

from gaoxin.core.models import Tracked


class Job(Tracked):
    STATUSES = (("queued", "排队中"), ("running", "运行中"), ("done", "已完成"), ("failed", "失败"))

    kind = models.CharField("任务类型", max_length=40, db_index=True)
    params = models.JSONField("参数", default=dict)
    status = models.CharField("状态", max_length=10, choices=STATUSES, default="queued", db_index=True)
    progress = models.PositiveSmallIntegerField("进度 %", default=0)
    message = models.CharField("说明", max_length=200, blank=True)
    error = models.TextField("错误", blank=True)
    result = models.FileField("结果文件", upload_to="jobs/", blank=True)
    result_name = models.CharField("结果文件名", max_length=200, blank=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    attempts = models.PositiveSmallIntegerField("已尝试次数", default=0)
    max_attempts = models.PositiveSmallIntegerField("最多尝试次数", default=3)
    run_after = models.DateTimeField("最早运行时间", null=True, blank=True,
                                     help_text="失败后等待重试：到这个时间之前不再运行")
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    worker = models.CharField("执行进程", max_length=80, blank=True, help_text="主机:进程号:线程，运行中的任务由它续租")
    lease_until = models.DateTimeField("租约到期", null=True, blank=True, db_index=True,
                                       help_text="执行进程定期续租；过期未续说明进程已中断，任务将重试或标记失败")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = verbose_name_plural = "后台任务"

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} {self.get_status_display()}"

    @property
    def finished(self) -> bool:
        return self.status in ("done", "failed")
