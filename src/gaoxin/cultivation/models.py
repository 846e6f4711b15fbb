"""Stored verdicts: one row per enterprise × assessment year × policy, as the engine explained it.

Lists, counts and candidate searches read these rows instead of re-evaluating. The full explanation is stored
compressed (it is read one enterprise or one page at a time, never queried inside). A change to an enterprise's data
marks its rows stale and queues a recomputation; a change to the policy packs changes the fingerprint, so
every row from older packs is recomputed too.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gaoxin.core.models import StoredVerdict, Tracked
from gaoxin.core.schemas import Shaped
from gaoxin.cultivation.schemas import Asked, Changes, Flip, Parameters
from gaoxin.registry.models import Enterprise, FiguresFiling


class Evaluation(StoredVerdict):
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="evaluations",
                                   verbose_name="企业")
    assessment_year = models.PositiveSmallIntegerField("评价年度")
    policy = models.CharField("政策", max_length=30)
    policy_version = models.CharField("政策版本", max_length=60)
    score_min = models.FloatField("得分下限", null=True, blank=True)
    score_max = models.FloatField("得分上限", null=True, blank=True)
    unknown = models.PositiveSmallIntegerField("未知条款数", default=0)
    pack_fingerprint = models.CharField("政策包指纹", max_length=16)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["enterprise", "assessment_year", "policy"],
                                               name="one_evaluation_per_policy_year")]
        indexes = [models.Index(fields=["assessment_year", "policy", "verdict", "enterprise"], name="verdict_lookup"),
                   models.Index(fields=["assessment_year", "policy", "unmet", "verdict_rank", "gap", "enterprise"],
                                name="candidate_order")]
        verbose_name = verbose_name_plural = "资质评价结果"

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.assessment_year} {self.policy}: {self.verdict}"


class ServiceAssignment(models.Model):
    """A zone staff member (服务专员) assigned to help an enterprise towards one title. Reassigning ends the
    previous assignment rather than overwriting it, so who served whom, when, stays on record."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="service_assignments",
                                   verbose_name="企业")
    policy = models.CharField("目标称号", max_length=30)
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="served",
                                verbose_name="服务专员")
    note = models.CharField("说明", max_length=200, blank=True)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name="指派人")
    assigned_at = models.DateTimeField("指派时间", auto_now_add=True)
    ended_at = models.DateTimeField("结束时间", null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["enterprise", "policy"], condition=models.Q(ended_at=None),
                                               name="one_active_officer_per_enterprise_title")]
        ordering = ["-assigned_at"]
        verbose_name = verbose_name_plural = "服务专员指派"

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.policy} → {self.officer_id}"


class CultivationTarget(models.Model):
    """三年培育计划: the zone's target of new recognitions of one title in one year (e.g. 2025 新增高企 30 家)."""

    title = models.CharField("称号", max_length=30)
    year = models.PositiveSmallIntegerField("年度")
    target_new = models.PositiveIntegerField("新增目标（家）")
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["title", "year"], name="one_target_per_title_year")]
        ordering = ["year", "title"]
        verbose_name = verbose_name_plural = "培育目标"

    def __str__(self) -> str:
        return f"{self.year} {self.title} {self.target_new}"


DISCOVERY_KINDS = (("first_invention", "首件发明专利授权"), ("financing", "获得股权融资"),
                   ("band", "跨过政策门槛"), ("new_title", "新获称号"))
DISCOVERY_STATUSES = (("new", "待跟进"), ("followed", "已跟进"), ("dismissed", "已忽略"))


class Discovery(models.Model):
    """主动发现: an enterprise new data flag as worth a call — a first invention patent, a financing round, revenue or
    staff crossing a policy's threshold, a new title — with the reason in words and the source of the data. Found
    once per (kind, key); followed up or dismissed on `machines.DISCOVERY`."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="discoveries",
                                   verbose_name="企业")
    kind = models.CharField("发现类型", max_length=20, choices=DISCOVERY_KINDS, db_index=True)
    key = models.CharField("识别键", max_length=120, help_text="同一企业同一类型只发现一次：专利号、年度、门槛等")
    reason = models.CharField("发现理由", max_length=300)
    source = models.CharField("数据来源", max_length=200, blank=True)
    target = models.CharField("建议培育方向（称号）", max_length=30, blank=True)
    found_on = models.DateField("发现日期", db_index=True)
    status = models.CharField("状态", max_length=10, choices=DISCOVERY_STATUSES, default="new", db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["enterprise", "kind", "key"], name="one_discovery_per_key")]
        ordering = ["-found_on", "-id"]
        verbose_name = verbose_name_plural = "主动发现"

    def __str__(self) -> str:
        return f"{self.enterprise.name}：{self.get_kind_display()}"


class Campaign(Tracked):
    """调查排摸: staff ask a group of enterprises for exactly the figures a title's verdict still waits for (its
    待补 inputs on the cheapest path), by a deadline; each enterprise's answer is a filing, reviewed as any."""

    STATUSES = (("open", "进行中"), ("closed", "已结束"))
    name = models.CharField("名称", max_length=100)
    policy = models.CharField("称号", max_length=30)
    year = models.PositiveSmallIntegerField("评价年度")
    deadline = models.DateField("截止日期")
    message = models.CharField("说明", max_length=500, blank=True, help_text="企业在答复页上看到的说明")
    group = models.CharField("对象", max_length=200, help_text="如何选出的企业，如“潜力企业：高新技术企业，差 ≤ 2 项”")
    status = models.CharField("状态", max_length=10, choices=STATUSES, default="open")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = verbose_name_plural = "调查排摸"

    def __str__(self) -> str:
        return self.name


class CampaignRequest(models.Model):
    """One enterprise's part of a 调查排摸: what it is asked, and the filings its answer became."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="requests", verbose_name="调查")
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="campaign_requests",
                                   verbose_name="企业")
    asked = Shaped("所需数据", schema=list[Asked], default=list)
    filings = models.ManyToManyField(FiguresFiling, blank=True, related_name="campaign_requests",
                                     verbose_name="答复的填报")
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)
    reminded_on = models.DateField("最近提醒", null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "enterprise"], name="one_request_per_enterprise")]
        ordering = ["campaign", "enterprise__name"]
        verbose_name = verbose_name_plural = "调查排摸对象"

    def __str__(self) -> str:
        return f"{self.campaign}：{self.enterprise.name}"


class PoolEntry(models.Model):
    """培育库: an enterprise the zone cultivates towards a title, from entry to exit, each with its reason."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="pool_entries",
                                   verbose_name="企业")
    title = models.CharField("培育方向（称号）", max_length=30)
    entered_on = models.DateField("入库日期")
    reason = models.CharField("入库理由", max_length=200)
    exited_on = models.DateField("出库日期", null=True, blank=True)
    exit_reason = models.CharField("出库理由", max_length=200, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                 verbose_name="操作人")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["enterprise", "title"], condition=models.Q(exited_on=None),
                                               name="one_open_pool_entry_per_title")]
        ordering = ["-entered_on"]
        verbose_name = verbose_name_plural = "培育库"

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.title} {self.entered_on}"


class Scenario(Tracked):
    """政策模拟: a sandbox copy of the policy pack in force, with changed numbers and the zone's reward amounts,
    run over the zone's enterprises beside the official baseline. Stored verdicts are never touched."""

    BASES = (("new", "已符合条件且未持有（新认定奖励）"), ("all", "全部符合条件的企业"))
    STATUSES = (("draft", "未运行"), ("queued", "运行中"), ("done", "已完成"), ("failed", "失败"))

    name = models.CharField("名称", max_length=100)
    policy = models.CharField("政策", max_length=30)
    year = models.PositiveSmallIntegerField("评价年度")
    pack_id = models.CharField("基准政策包", max_length=60, blank=True)
    changes = Shaped("调整的数值", schema=Changes, default=dict, help_text="键为政策包中的位置，值按页面显示的单位")
    parameters = Shaped("调整的参数", schema=Parameters, default=dict)
    reward_baseline = models.DecimalField("基准奖励（万元/家）", max_digits=12, decimal_places=2, default=0)
    reward_sandbox = models.DecimalField("模拟奖励（万元/家）", max_digits=12, decimal_places=2, default=0)
    reward_basis = models.CharField("奖励对象", max_length=10, choices=BASES, default="new")
    status = models.CharField("状态", max_length=10, choices=STATUSES, default="draft")
    summary = models.JSONField("结果汇总", default=dict)
    flips = Shaped("结论变化的企业", schema=list[Flip], default=list,
                             help_text="[{enterprise, baseline, sandbox, clauses: [[id, 基准状态, 模拟状态]]}]")
    error = models.TextField("错误", blank=True)
    run_at = models.DateTimeField("运行时间", null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = verbose_name_plural = "政策模拟"

    def __str__(self) -> str:
        return f"{self.name}（{self.policy} {self.year}）"
