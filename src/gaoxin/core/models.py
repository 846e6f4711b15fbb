"""Abstract bases the apps' stored results share: an engine explanation kept compressed, and a stored verdict
(资质评价结果 in cultivation, 免申即享 matches in benefits) with how close it came and whether it is stale."""

from __future__ import annotations

import json
import zlib

from django.conf import settings
from django.db import models

from gaoxin.core.schemas import Shaped
from gaoxin.engine.closeness import distance_label

VERDICTS = (("qualified", "符合条件"), ("not_qualified", "不符合条件"), ("insufficient_data", "数据不足"))
# 潜力企业 order within the same 差几项: decided first (符合, then 不符合), undecided (数据不足) after them
VERDICT_RANK = {"qualified": 0, "not_qualified": 1, "insufficient_data": 2}


class Explained(models.Model):
    """A stored explanation (the engine's result JSON), zlib-compressed: read one row or one page at a time,
    never queried inside."""

    packed = models.BinaryField("评价明细（压缩）", default=b"", editable=False,
                                help_text="结果 JSON 经 zlib 压缩；约为原大小的七分之一，写入与存储都更省")

    class Meta:
        abstract = True

    @property
    def result(self) -> dict:
        """The engine's explained result (the data contract's JSON shape)."""
        cached = self.__dict__.get("_result")
        if cached is None:
            cached = self.__dict__["_result"] = unpack(self.packed)
        return cached

    @result.setter
    def result(self, value: dict) -> None:
        self.__dict__["_result"] = value
        self.packed = pack(value)


class StoredVerdict(Explained):
    """What verdicts and benefit matches both keep: the verdict, how close (差几项) and why, and whether a data
    change has made it stale."""

    verdict = models.CharField("结论", max_length=20, choices=VERDICTS)
    verdict_rank = models.PositiveSmallIntegerField(
        "结论排序", default=1, help_text="0 符合、1 不符合、2 数据不足：差几项相同时已定论的排在前面")
    unmet = models.PositiveSmallIntegerField("差几项", default=0,
                                             help_text="最省事的达标路径上仍不满足的条款数（评分算一项）")
    pending = models.PositiveSmallIntegerField("待补几项", default=0,
                                               help_text="该路径上因数据不足尚无法判断的条款数（评分算一项）")
    gap = models.FloatField("差距", default=0.0, help_text="这些条款的相对差距之和（每项 0–1）")
    lacking = Shaped("差什么", schema=list[str], default=list, help_text="这些条款的 id（score 表示评分）")
    stale = models.BooleanField("待重算", default=False, db_index=True)
    computed_at = models.DateTimeField("计算时间", auto_now=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        self.verdict_rank = VERDICT_RANK[self.verdict]
        super().save(*args, **kwargs)

    @property
    def distance(self) -> str:
        """已达标 / 差 N 项 / 差 N 项，待补 M 项: 已达标 only when the rule is met."""
        return distance_label(self.verdict, self.unmet, self.pending)


def pack(result: dict) -> bytes:
    return zlib.compress(json.dumps(result, ensure_ascii=False, separators=(",", ":")).encode(), 6)


def unpack(data: bytes | memoryview) -> dict:
    return json.loads(zlib.decompress(bytes(data)))


class Tracked(models.Model):
    """Who created a record and when, and when it last changed: declared once for every domain record (the
    history of what changed lives in the audit entries and transitions)."""

    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name="创建人")

    class Meta:
        abstract = True
