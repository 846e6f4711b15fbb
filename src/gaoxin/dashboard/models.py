"""Peer zones' published counts (e.g. 各区专精特新入选数量), imported from a table, to rank the zone against them."""

from __future__ import annotations

from django.db import models

MEASURES = (("new", "当年新增"), ("total", "有效总数"))


class PeerZoneCount(models.Model):
    zone = models.CharField("园区/区县", max_length=100)
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("称号", max_length=30)
    measure = models.CharField("口径", max_length=10, choices=MEASURES, default="new")
    count = models.PositiveIntegerField("数量（家）")
    source = models.CharField("来源", max_length=200, blank=True)
    imported_at = models.DateTimeField("导入时间", auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["zone", "year", "title", "measure"],
                                               name="one_peer_count_per_zone_year_title_measure")]
        ordering = ["year", "title", "-count"]
        verbose_name = verbose_name_plural = "兄弟园区数据"

    def __str__(self) -> str:
        return f"{self.zone} {self.year} {self.title} {self.get_measure_display()} {self.count}"
