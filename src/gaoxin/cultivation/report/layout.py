"""The report as a sequence of plain blocks (headings, paragraphs, tables, lists, images) that the .docx and
.pdf writers each render; the wording and order live here once."""

from __future__ import annotations

from dataclasses import dataclass

from gaoxin.cultivation.report.charts import growth_chart, ladder_chart
from gaoxin.cultivation.report.content import PlanReport, Target

NOTE = ("本方案依据平台中已审核的企业年度数据和现行政策包自动生成，每项条件均注明政策依据；申报窗口为往年惯例，"
        "各项结论与时间以主管部门当年通知和认定结果为准。")


@dataclass
class Heading:
    text: str
    level: int = 1


@dataclass
class Para:
    text: str
    small: bool = False


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    widths: list[float]  # relative column widths


@dataclass
class Bullets:
    items: list[str]


@dataclass
class Image:
    png: bytes
    caption: str


Block = Heading | Para | Table | Bullets | Image


def blocks(report: PlanReport) -> list[Block]:
    out: list[Block] = [
        Heading(report.title, 0),
        Para(f"统一社会信用代码 {report.credit_code} · 评价年度 {report.year} · 生成日期 {report.generated_on}",
             small=True),
    ]
    out += _profile(report) + _figures(report) + _position(report) + _gaps(report) + _windows(report)
    out += _path(report)
    out.append(Para(NOTE, small=True))
    return out


def _profile(report: PlanReport) -> list[Block]:
    return [Heading("一、企业概况"), Table(["项目", "内容"], [[k, v] for k, v in report.profile], [1, 2.5])]


def _figures(report: PlanReport) -> list[Block]:
    out: list[Block] = [Heading("二、主要经营与创新指标")]
    if not report.figure_years:
        return out + [Para("尚无已审核的年度数据。请企业在线填报或由园区导入上一年度数据。")]
    header = ["指标", "单位"] + [f"{y} 年" for y in report.figure_years]
    rows = [[label, unit] + [_cell(v) for v in values] for label, unit, values in report.figures]
    out.append(Table(header, rows, [2.2, 0.8] + [1] * len(report.figure_years)))
    chart = growth_chart(report)
    if chart:
        out.append(Image(chart, "图 1 营业收入、研发费用与研发投入强度"))
    if report.sources:
        out.append(Para("评价所用数据的来源：" + "；".join(f"{text} {n} 项" for text, n in report.sources) + "。",
                        small=True))
    return out


def _cell(value: float | str | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):  # a figure withheld from the reader (不公开)
        return value
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def _position(report: PlanReport) -> list[Block]:
    out: list[Block] = [Heading("三、梯度位置")]
    if report.held:
        rows = [[h.name, h.level, str(h.recognized_on), str(h.valid_until or "长期"),
                 "—" if h.days_left is None else f"{h.days_left} 天"] for h in report.held]
        out.append(Table(["已持有称号", "级别", "认定日期", "有效期至", "剩余"], rows, [2.4, 0.8, 1.1, 1.1, 0.8]))
    else:
        out.append(Para("目前未持有有效的资质称号。"))
    if report.apply_now:
        out.append(Para("已符合条件、可于今年申报：" + "；".join(t.name for t in report.apply_now) + "。"))
    return out


def _gaps(report: PlanReport) -> list[Block]:
    out: list[Block] = [Heading("四、下一台阶：差距与举措")]
    if not report.targets:
        return out + [Para("已符合或持有全部适用称号，重点做好复核与有效期管理。")]
    chart = ladder_chart(report)
    if chart:
        out.append(Image(chart, "图 2 各目标称号尚差条款数"))
    for number, target in enumerate(report.targets, 1):
        out += _target(number, target)
    return out


def _target(number: int, target: Target) -> list[Block]:
    state = f"{target.distance}（数据齐全后方可判断）" if target.verdict == "insufficient_data" else (
        f"尚差 {target.unmet} 项")
    out: list[Block] = [Heading(f"（{number}）{target.name}：{state}", 2)]
    if target.notice:
        out.append(Para(f"说明：{target.notice}"))
    rows = [[s.label, s.threshold, s.gap, s.article] for s in target.steps]
    out.append(Table(["条件", "要求", "现状与差距", "政策依据"], rows, [2, 1.2, 2.2, 1.4]))
    actions = [a for s in target.steps for a in s.actions]
    out.append(Bullets(list(dict.fromkeys(actions))))
    return out


def _windows(report: PlanReport) -> list[Block]:
    rows = []
    for t in report.apply_now + report.targets:
        months = t.window.get("months") or []
        span = f"{months[0]}–{months[-1]} 月" if len(months) > 1 else (f"{months[0]} 月" if months else "按通知")
        state = "已符合条件" if t.verdict == "qualified" else t.distance
        rows.append([t.name, state, span, t.window.get("department", "—"), t.window.get("note", "")])
    if not rows:
        return [Heading("五、可申报项目与时间窗口"), Para("暂无待申报的称号。")]
    return [Heading("五、可申报项目与时间窗口"),
            Table(["称号/项目", "状态", "通常受理", "受理部门", "说明"], rows, [2, 0.9, 0.9, 1.6, 2.4])]


def _path(report: PlanReport) -> list[Block]:
    out: list[Block] = [Heading("六、三年培育路径")]
    for step in report.path:
        out += [Heading(f"{step.year} 年", 2), Bullets(step.items)]
    return out
