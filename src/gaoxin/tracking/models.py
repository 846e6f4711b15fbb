"""服务与跟踪: major projects (重大项目) and the progress reports parks and streets file on them, with the 督办
items staff raise when a project falls behind.

Money is 万元 (Decimal). A project's stage moves through `machines.PROJECT`; its colour (红黄绿) is not stored:
`status.py` computes it from the rules file whenever it is shown, so a rule change shows at once.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models

from gaoxin.core.models import Tracked
from gaoxin.registry.models import Enterprise, Park

MONEY = {"max_digits": 14, "decimal_places": 2}
STAGES = (("negotiating", "洽谈"), ("signed", "签约"), ("started", "开工"), ("in_operation", "投产/落地"))


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


class MajorProject(Tracked):
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
    in_operation_by = models.DateField("计划投产/落地", null=True, blank=True)
    signed_on = models.DateField("实际签约", null=True, blank=True)
    started_on = models.DateField("实际开工", null=True, blank=True)
    in_operation_on = models.DateField("实际投产/落地", null=True, blank=True)
    report_every = models.PositiveSmallIntegerField("报送周期（月）", default=1)
    tracked_from = models.DateField("开始跟踪（月）", help_text="第一个报送期的月份（取该月 1 日）")
    # the latest report's figures, kept on the project so lists and statistics need no join
    progress = models.PositiveSmallIntegerField("形象进度（%）", default=0)
    invested = models.DecimalField("累计完成投资（万元）", default=Decimal(0), **MONEY)
    invested_year = models.DecimalField("本年完成投资（万元）", default=Decimal(0), **MONEY)
    last_period = models.DateField("最近报送期", null=True, blank=True)
    notes = models.TextField("备注", blank=True)

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


class Department(models.Model):
    """A department that answers enterprises' needs (经发局, 科技局, 人社局, …); its members get the to-dos."""

    name = models.CharField("名称", max_length=50, unique=True)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="departments",
                                     verbose_name="成员")
    active = models.BooleanField("启用", default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = verbose_name_plural = "部门"

    def __str__(self) -> str:
        return self.name


VISIT_KINDS = (("visit", "上门走访"), ("survey", "调查排摸"), ("meeting", "座谈会"), ("call", "电话联系"))


class Visit(Tracked):
    """A visit to an enterprise, planned or done: who went, what was discussed, which policies were explained."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="visits", verbose_name="企业")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="visits",
                                   verbose_name="走访部门")
    kind = models.CharField("方式", max_length=10, choices=VISIT_KINDS, default="visit")
    planned_on = models.DateField("计划日期")
    visited_on = models.DateField("走访日期", null=True, blank=True, help_text="空表示尚未走访")
    visitors = models.CharField("走访人员", max_length=200)
    topics = models.TextField("走访内容", blank=True)
    policies = models.TextField("宣讲政策", blank=True)

    class Meta:
        ordering = ["-planned_on", "-pk"]
        indexes = [models.Index(fields=["enterprise", "planned_on"])]
        verbose_name = verbose_name_plural = "走访记录"

    def __str__(self) -> str:
        return f"{self.department} {self.get_kind_display()} {self.enterprise.name}（{self.planned_on}）"

    @property
    def done(self) -> bool:
        return self.visited_on is not None


NEED_CATEGORIES = (("financing", "融资"), ("land", "用地/厂房"), ("talent", "人才/用工"), ("policy", "政策咨询"),
                   ("approval", "审批手续"), ("market", "市场拓展"), ("innovation", "科技创新"), ("other", "其他"))


class Need(models.Model):
    """诉求: what an enterprise asked for, the department that must answer and by when, the answer, and the
    enterprise's rating. Moves through `machines.NEED`."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="needs", verbose_name="企业")
    visit = models.ForeignKey(Visit, null=True, blank=True, on_delete=models.SET_NULL, related_name="needs",
                              verbose_name="来自走访")
    category = models.CharField("类别", max_length=20, choices=NEED_CATEGORIES)
    description = models.TextField("诉求内容")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="needs",
                                   verbose_name="责任部门")
    due_on = models.DateField("办理时限")
    status = models.CharField("状态", max_length=20, default="open", db_index=True)
    reply = models.TextField("答复", blank=True)
    replied_at = models.DateTimeField("答复时间", null=True, blank=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    satisfaction = models.PositiveSmallIntegerField("满意度（1–5）", null=True, blank=True)
    feedback = models.CharField("企业评价", max_length=300, blank=True)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                  verbose_name="登记人")
    raised_at = models.DateTimeField("提出时间", auto_now_add=True)

    class Meta:
        ordering = ["status", "due_on", "pk"]
        verbose_name = verbose_name_plural = "企业诉求"

    UNANSWERED = ("open", "handling")

    def __str__(self) -> str:
        return f"{self.enterprise.name}：{self.get_category_display()}"

    def is_late(self, today) -> bool:
        """超期: past its deadline and not yet answered."""
        return self.status in self.UNANSWERED and self.due_on < today
