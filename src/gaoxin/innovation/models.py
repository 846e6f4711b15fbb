"""科技成果评价: achievements, their evaluations by drawn experts (TRL with evidence, value dimensions), and the
register of evaluated achievements with their transfer status. Money in 万元 (Decimal)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models

from gaoxin.core.models import Tracked
from gaoxin.core.schemas import Shaped
from gaoxin.innovation.scales import kind_choices
from gaoxin.programs.models import Reviewer
from gaoxin.programs.schemas import DrawLine
from gaoxin.registry.models import Enterprise

OWNER_KINDS = (("enterprise", "企业"), ("university", "高校"), ("institute", "科研院所"), ("person", "个人"))
TRANSFER = (("none", "未转化"), ("self", "自行实施"), ("licensed", "许可"), ("transferred", "转让"),
            ("equity", "作价投资"))


class Achievement(Tracked):
    title = models.CharField("成果名称", max_length=200)
    kind = models.CharField("成果类型", max_length=20, choices=kind_choices())
    owner_kind = models.CharField("完成单位类型", max_length=20, choices=OWNER_KINDS)
    owner = models.CharField("完成单位", max_length=200)
    enterprise = models.ForeignKey(Enterprise, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="achievements", verbose_name="企业库中的完成单位")
    field = models.CharField("技术领域", max_length=100, blank=True)
    summary = models.TextField("成果简介", blank=True)
    transfer = models.CharField("转化状态", max_length=20, choices=TRANSFER, default="none")
    transfer_amount = models.DecimalField("转化金额（万元）", max_digits=14, decimal_places=2, null=True, blank=True)
    transfer_on = models.DateField("转化日期", null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = verbose_name_plural = "科技成果"

    def __str__(self) -> str:
        return f"{self.owner}《{self.title}》"


class AchievementEvaluation(models.Model):
    """One evaluation of an achievement: drawn experts, their reviews, and the conclusion once all are in."""

    achievement = models.ForeignKey(Achievement, on_delete=models.CASCADE, related_name="evaluations",
                                    verbose_name="成果")
    status = models.CharField("状态", max_length=20, default="requested")
    experts = models.PositiveSmallIntegerField("评价专家数", default=3)
    seed = models.BigIntegerField("随机种子", null=True, blank=True)
    draw_log = Shaped("抽取记录", schema=list[DrawLine], default=list, blank=True)
    trl = models.PositiveSmallIntegerField("技术就绪水平", null=True, blank=True)
    total = models.DecimalField("综合得分", max_digits=6, decimal_places=2, null=True, blank=True)
    level = models.CharField("评价结论等级", max_length=20, blank=True)
    dimension_means = Shaped("各维度平均分", schema=dict[str, Decimal], default=dict, blank=True)
    conclusion = models.TextField("评价意见", blank=True)
    scales_version = models.CharField("量表版本", max_length=20, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name="申请人")
    requested_at = models.DateTimeField("申请时间", auto_now_add=True)
    concluded_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = verbose_name_plural = "成果评价"

    def __str__(self) -> str:
        return f"{self.achievement} 评价"


class ExpertReview(models.Model):
    """One expert's TRL (with the evidence they checked) and scores on one evaluation; blind until submitted."""

    evaluation = models.ForeignKey(AchievementEvaluation, on_delete=models.CASCADE, related_name="reviews",
                                   verbose_name="评价")
    reviewer = models.ForeignKey(Reviewer, on_delete=models.PROTECT, related_name="achievement_reviews",
                                 verbose_name="评价专家")
    trl = models.PositiveSmallIntegerField("技术就绪水平", null=True, blank=True)
    evidence = Shaped("已核实证据", schema=list[str], default=list, blank=True)
    scores = Shaped("各维度得分", schema=dict[str, Decimal], default=dict, blank=True)
    total = models.DecimalField("加权得分", max_digits=6, decimal_places=2, null=True, blank=True)
    comment = models.TextField("评价意见", blank=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["evaluation", "reviewer"], name="one_review_per_evaluator")]
        ordering = ["evaluation", "pk"]
        verbose_name = verbose_name_plural = "专家评价意见"

    def __str__(self) -> str:
        return f"{self.reviewer.name} → {self.evaluation}"


PROSPECT_STAGES = (("contact", "初次接洽"), ("visit", "实地考察"), ("talks", "洽谈中"), ("signed", "已签约"),
                   ("landed", "已落地"), ("dropped", "已放弃"))


class Prospect(Tracked):
    """An enterprise the zone wants to attract (科技招商), not yet in the registry, with the indicators its
    scorecard reads (as reported by the enterprise or found by staff; empty means unknown)."""

    name = models.CharField("企业名称", max_length=200)
    field = models.CharField("技术领域", max_length=100, blank=True)
    origin = models.CharField("所在地", max_length=100, blank=True)
    contact = models.CharField("联系人", max_length=100, blank=True)
    stage = models.CharField("招商阶段", max_length=20, choices=PROSPECT_STAGES, default="contact")
    indicators = Shaped("评估指标", schema=dict[str, Decimal | None], default=dict, blank=True)
    notes = models.TextField("备注", blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = verbose_name_plural = "招商对象"

    def __str__(self) -> str:
        return self.name


CARRIER_KINDS = (("incubator", "孵化器"), ("makerspace", "众创空间"), ("accelerator", "加速器"))
CARRIER_LEVELS = (("national", "国家级"), ("provincial", "省级"), ("city", "市级"), ("district", "区级"),
                  ("none", "未认定"))


class Carrier(models.Model):
    """An incubator, maker space or accelerator of the zone (孵化载体)."""

    name = models.CharField("名称", max_length=200, unique=True)
    kind = models.CharField("类型", max_length=20, choices=CARRIER_KINDS, default="incubator")
    level = models.CharField("级别", max_length=20, choices=CARRIER_LEVELS, default="none")
    operator = models.CharField("运营机构", max_length=200, blank=True)
    area = models.DecimalField("孵化场地面积（m²）", max_digits=12, decimal_places=1, default=0)
    opened_on = models.DateField("运营开始", null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = verbose_name_plural = "孵化载体"

    def __str__(self) -> str:
        return self.name


class CarrierYear(models.Model):
    """A carrier's yearly 火炬统计 (孵化器/众创空间统计调查) figures as reported, kept for years before the platform
    too, so 累计孵化 and past years are the carrier's own numbers, not only what the platform's tenancies show.
    Empty means not reported."""

    COUNTS = ("incubating", "entered", "graduated", "graduated_total", "incubated_total", "tech_sme", "high_tech",
              "innovative", "jobs")
    carrier = models.ForeignKey(Carrier, on_delete=models.CASCADE, related_name="years", verbose_name="载体")
    year = models.PositiveSmallIntegerField("年度")
    area = models.DecimalField("场地面积（m²）", max_digits=12, decimal_places=1, null=True, blank=True)
    incubating = models.PositiveIntegerField("在孵企业数", null=True, blank=True)
    entered = models.PositiveIntegerField("当年新增在孵企业", null=True, blank=True)
    graduated = models.PositiveIntegerField("当年毕业企业", null=True, blank=True)
    graduated_total = models.PositiveIntegerField("累计毕业企业", null=True, blank=True)
    incubated_total = models.PositiveIntegerField("累计孵化企业", null=True, blank=True)
    tech_sme = models.PositiveIntegerField("在孵科技型中小企业", null=True, blank=True)
    high_tech = models.PositiveIntegerField("在孵高新技术企业", null=True, blank=True)
    innovative = models.PositiveIntegerField("在孵创新型中小企业", null=True, blank=True)
    jobs = models.PositiveIntegerField("在孵企业从业人员", null=True, blank=True)
    revenue = models.DecimalField("在孵企业总收入（万元）", max_digits=16, decimal_places=2, null=True, blank=True)
    source = models.ForeignKey("registry.ImportBatch", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+", verbose_name="来源", help_text="记录这一年数字的导入")

    class Meta:
        ordering = ["carrier", "-year"]
        constraints = [models.UniqueConstraint(fields=["carrier", "year"], name="one_survey_per_carrier_year")]
        verbose_name = verbose_name_plural = "孵化载体历年统计"

    def __str__(self) -> str:
        return f"{self.carrier} {self.year} 年度统计"


TENANT_STATUSES = (("incubating", "在孵"), ("graduated", "已毕业"), ("exited", "已退出"))


class Tenancy(models.Model):
    """An enterprise's stay in a carrier, from entry to graduation or exit."""

    carrier = models.ForeignKey(Carrier, on_delete=models.PROTECT, related_name="tenancies", verbose_name="载体")
    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="tenancies",
                                   verbose_name="在孵企业")
    entered_on = models.DateField("入孵日期")
    special_field = models.BooleanField("特殊领域（生物医药、集成电路设计、现代农业等）", default=False)
    status = models.CharField("状态", max_length=20, choices=TENANT_STATUSES, default="incubating")
    left_on = models.DateField("毕业/退出日期", null=True, blank=True)
    reason = models.CharField("毕业依据/退出原因", max_length=300, blank=True)

    class Meta:
        ordering = ["carrier", "-entered_on"]
        verbose_name = verbose_name_plural = "在孵企业"

    def __str__(self) -> str:
        return f"{self.carrier} · {self.enterprise.name}"
