"""Where a figure came from: the kinds of source, and which one the registry believes when two disagree.

Every stored figure keeps, per source kind, the latest value that source gave (its report): the batch or filing,
the as-of date and the value. The figure itself is the value of the highest-ranked kind that reported one; a
newer report of the same kind with another value replaces the older (a second 年度数据导入 supersedes the first,
as re-importing always has); one with the same value leaves the earlier report as the source. A blank cell or
an unfilled item says nothing and is not a report, except a staff member's, who may clear a figure on purpose.
推算 is never stored: the engine derives it when it reads the figures.

The order is the zone's, and the reason of each rank is shown beside it in the data dictionary:
工作人员修改 corrects anything; 工商登记 is the authority for registered facts; a list of patents right by right
beats a count typed into a sheet; the zone's returns (税务/社保/火炬统计) beat what an enterprise declares itself;
a title list gives only the name.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SourceKind:
    code: str
    label: str
    rank: int  # higher wins
    why: str


SOURCE_KINDS: tuple[SourceKind, ...] = (
    SourceKind("staff", "工作人员修改", 60, "工作人员核实后的录入或更正，优先于其他任何来源"),
    SourceKind("business", "工商", 50,
               "国家企业信用信息公示系统等工商登记导出：名称、成立日期、行业、经营异常等登记事项以此为准"),
    SourceKind("patents", "专利", 40, "逐项列出的专利/软著清单，按申请日、授权日和法律状态推算的各年度知识产权数量"),
    SourceKind("import", "年度数据导入", 30, "税务、社保、火炬统计等报表按模板导入的年度数据"),
    SourceKind("filing", "企业填报", 20,
               "企业在线填报并经工作人员审核通过：补齐报表没有的数据，不覆盖报表已有的数"),
    SourceKind("list", "名单", 10, "称号公示/认定名单：只提供企业名称（及信用代码、证书编号）"),
    SourceKind("demo", "演示数据", 5, "演示园区生成的数据"),
    SourceKind("unrecorded", "来源未逐项记录", 0, "开始逐项记录来源之前写入的数据；任何新来源的报告都优先于它"),
)
BY_KIND: dict[str, SourceKind] = {k.code: k for k in SOURCE_KINDS}
SOURCE_CHOICES = tuple((k.code, k.label) for k in SOURCE_KINDS)
DERIVED_LABEL = "推算"  # a figure the engine derived from others: shown with its formula, never stored


def rank(kind: str) -> int:
    return BY_KIND[kind].rank


def label(kind: str) -> str:
    return BY_KIND[kind].label if kind in BY_KIND else DERIVED_LABEL
