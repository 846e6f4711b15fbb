"""政策匹配: for each enterprise and each benefit in force, whether it qualifies, how close it is, how much it
would get and why (the explanation stored compressed, as verdicts are); the notices sent to enterprises about
their matches, and their objections.

A match is computed as of a date (titles are held on a date, windows open and close) and for the benefit file
version in force then; the benefits' fingerprint is stored so a changed file makes every row out of date.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gaoxin.benefits.schemas import Undetermined
from gaoxin.core.models import Explained, StoredVerdict, Tracked
from gaoxin.core.schemas import Shaped
from gaoxin.registry.models import Enterprise


class BenefitMatch(StoredVerdict):
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="benefit_matches",
                                   verbose_name="企业")
    benefit = models.CharField("政策", max_length=60)
    benefit_version = models.CharField("政策版本", max_length=80)
    amount = models.DecimalField("预计金额（万元）", max_digits=18, decimal_places=4, null=True, blank=True,
                                 help_text="符合条件时可得的金额；空表示计算所需的数据未知")
    as_of = models.DateField("匹配日期")
    fingerprint = models.CharField("政策文件指纹", max_length=16)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["enterprise", "benefit"], name="one_match_per_benefit")]
        indexes = [models.Index(fields=["benefit", "verdict_rank", "unmet", "gap", "enterprise"],
                                name="benefit_match_order")]
        verbose_name = verbose_name_plural = "政策匹配结果"

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.benefit}: {self.verdict}"


class Notice(Explained):
    """政策找企业: an enterprise told it matches a benefit, with the explanation as it stood when told."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="benefit_notices",
                                   verbose_name="企业")
    benefit = models.CharField("政策", max_length=60)
    benefit_version = models.CharField("政策版本", max_length=80)
    amount = models.DecimalField("预计金额（万元）", max_digits=18, decimal_places=4, null=True, blank=True)
    as_of = models.DateField("数据截至")
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                verbose_name="推送人")
    sent_at = models.DateTimeField("推送时间", auto_now_add=True)
    read_at = models.DateTimeField("查看时间", null=True, blank=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "benefit_version"],
                                               name="one_notice_per_benefit_version")]
        verbose_name = verbose_name_plural = "政策推送"

    def __str__(self) -> str:
        return f"{self.enterprise_id} ← {self.benefit_version}"


class AwardRun(Tracked):
    """免申即享: a dated, reproducible list of every enterprise a benefit awards and how much, computed from data
    already held. The inputs it read are frozen in a file with their digest, and the benefit version is pinned,
    so the same list can be computed again later whatever has changed since. Staff approve it (not the person
    who generated it); approval turns it into a program with one award per enterprise, paid through the
    programs' agreement, tranches and payments. Moves through `machines.RUN`."""

    benefit = models.CharField("政策", max_length=60)
    benefit_version = models.CharField("政策版本", max_length=80)
    as_of = models.DateField("核定日期")
    status = models.CharField("状态", max_length=20, default="draft", db_index=True)
    fingerprint = models.CharField("政策文件指纹", max_length=16)
    inputs = models.FileField("冻结的输入数据", upload_to="benefit_runs/")
    inputs_sha256 = models.CharField("输入数据摘要", max_length=64)
    enterprises = models.PositiveIntegerField("参与核定的企业数", default=0)
    total = models.DecimalField("合计金额（万元）", max_digits=18, decimal_places=4, default=0)
    undetermined = Shaped("金额无法核定的企业", schema=list[Undetermined], default=list, blank=True,
                                    help_text="符合条件但计算金额所需的数据缺失：[{credit_code, name}]")
    program = models.OneToOneField("programs.Program", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="award_run", verbose_name="转入的扶持项目")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = verbose_name_plural = "免申即享核定"

    def __str__(self) -> str:
        return f"免申即享 #{self.pk} {self.benefit_version} @ {self.as_of}"


class AwardLine(Explained):
    run = models.ForeignKey(AwardRun, on_delete=models.CASCADE, related_name="lines", verbose_name="核定")
    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="+", verbose_name="企业")
    amount = models.DecimalField("金额（万元）", max_digits=18, decimal_places=4)

    class Meta:
        ordering = ["-amount", "enterprise__name"]
        constraints = [models.UniqueConstraint(fields=["run", "enterprise"], name="one_line_per_enterprise")]
        verbose_name = verbose_name_plural = "免申即享名单"

    def __str__(self) -> str:
        return f"{self.enterprise_id}: {self.amount} 万元"
