"""服务与跟踪: major projects (重大项目) and the progress reports parks and streets file on them, with the 督办
items staff raise when a project falls behind.

Money is 万元 (Decimal). A project's stage moves through `machines.PROJECT`; its colour (红黄绿) is not stored:
`status.py` computes it from the rules file whenever it is shown, so a rule change shows at once.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models

from gaoxin.registry.models import Enterprise, Park

MONEY = {"max_digits": 14, "decimal_places": 2}
STAGES = (("negotiating", "洽谈"), ("signed", "签约"), ("started", "开工"), ("operating", "投产/落地"))


class ProjectCategory(models.Model):
    """类别 of a major project (科技类, 产业类, …), set by the zone; `science` marks the ones counted as 科技类."""

    name = models.CharField("名称", max_length=30, unique=True)
    science = models.BooleanField("计入科技类", default=False)
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = verbose_name_plural = "项目类别"

    def __str__(self) -> str:
        return self.name


class MajorProject(models.Model):
    name = models.CharField("项目名称", max_length=200)
    year = models.PositiveSmallIntegerField("纳入年度")
    category = models.ForeignKey(ProjectCategory, on_delete=models.PROTECT, related_name="projects",
                                 verbose_name="类别")
    enterprise = models.ForeignKey(Enterprise, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="major_projects", verbose_name="项目单位")
    park = models.ForeignKey(Park, on_delete=models.PROTECT, related_name="major_projects",
                             verbose_name="责任街道/园区")
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+", verbose_name="责任人")
    investment = models.DecimalField("总投资（万元）", **MONEY)
    year_plan = models.DecimalField("本年计划投资（万元）", default=Decimal(0), **MONEY)
    stage = models.CharField("阶段", max_length=20, choices=STAGES, default="negotiating", db_index=True)
    signed_by = models.DateField("计划签约", null=True, blank=True)
    started_by = models.DateField("计划开工", null=True, blank=True)
    operating_by = models.DateField("计划投产/落地", null=True, blank=True)
    signed_on = models.DateField("实际签约", null=True, blank=True)
    started_on = models.DateField("实际开工", null=True, blank=True)
    operating_on = models.DateField("实际投产/落地", null=True, blank=True)
    report_every = models.PositiveSmallIntegerField("报送周期（月）", default=1)
    tracked_from = models.DateField("开始跟踪（月）", help_text="第一个报送期的月份（取该月 1 日）")
    # the latest report's figures, kept on the project so lists and statistics need no join
    progress = models.PositiveSmallIntegerField("形象进度（%）", default=0)
    invested = models.DecimalField("累计完成投资（万元）", default=Decimal(0), **MONEY)
    invested_year = models.DecimalField("本年完成投资（万元）", default=Decimal(0), **MONEY)
    last_period = models.DateField("最近报送期", null=True, blank=True)
    notes = models.TextField("备注", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        ordering = ["-year", "-investment", "pk"]
        indexes = [models.Index(fields=["year", "park"])]
        verbose_name = verbose_name_plural = "重大项目"

    def __str__(self) -> str:
        return self.name


class ProgressReport(models.Model):
    """One period's progress as the park or street reported it."""

    project = models.ForeignKey(MajorProject, on_delete=models.CASCADE, related_name="reports", verbose_name="项目")
    period = models.DateField("报送期", help_text="该期第一个月的 1 日")
    stage = models.CharField("所处阶段", max_length=20, choices=STAGES)
    progress = models.PositiveSmallIntegerField("形象进度（%）")
    invested = models.DecimalField("累计完成投资（万元）", **MONEY)
    invested_year = models.DecimalField("本年完成投资（万元）", **MONEY)
    problems = models.TextField("存在问题", blank=True)
    help_needed = models.TextField("需协调事项", blank=True)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                 verbose_name="报送人")
    filed_at = models.DateTimeField("报送时间", auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["project", "period"], name="one_report_per_period")]
        ordering = ["project", "-period"]
        verbose_name = verbose_name_plural = "进度报告"

    def __str__(self) -> str:
        return f"{self.project} {self.period:%Y-%m}"


class Escalation(models.Model):
    """督办: staff ask the responsible park or street to act on a project that is behind; they answer; staff
    close it. Moves through `machines.ESCALATION`."""

    project = models.ForeignKey(MajorProject, on_delete=models.CASCADE, related_name="escalations",
                                verbose_name="项目")
    reason = models.TextField("督办事项")
    due_on = models.DateField("办结时限")
    status = models.CharField("状态", max_length=20, default="open", db_index=True)
    response = models.TextField("办理情况", blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                  verbose_name="督办人")
    opened_at = models.DateTimeField("督办时间", auto_now_add=True)

    class Meta:
        ordering = ["status", "due_on", "pk"]
        verbose_name = verbose_name_plural = "督办"

    def __str__(self) -> str:
        return f"督办：{self.project}"
