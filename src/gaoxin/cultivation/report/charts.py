"""Charts of the 一企一策 report as PNG bytes, the same image in the .docx and the .pdf.

matplotlib runs with its Agg backend (no display); it is imported on first use because it takes half a second.
"""

from __future__ import annotations

import io
from functools import cache

from gaoxin.cultivation.report.content import PlanReport
from gaoxin.cultivation.report.fonts import truetype_cjk

BLUE, ORANGE, GREY = "#2f6fb0", "#e07b39", "#8a8f98"


@cache
def _pyplot():
    import logging

    import matplotlib

    matplotlib.use("Agg")
    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)  # weight fallbacks of CJK fonts
    from matplotlib import font_manager, pyplot

    path = truetype_cjk()
    if path is not None:
        font_manager.fontManager.addfont(str(path))
        pyplot.rcParams["font.family"] = font_manager.FontProperties(fname=str(path)).get_name()
    else:
        pyplot.rcParams["font.sans-serif"] = ["Noto Sans CJK SC", "WenQuanYi Zen Hei", "SimHei", "DejaVu Sans"]
    pyplot.rcParams["axes.unicode_minus"] = False
    return pyplot


def _plotted(values: list) -> bool:
    return not any(isinstance(v, str) for v in values)


def growth_chart(report: PlanReport) -> bytes | None:
    """营业收入 and 研发费用 (bars, 万元) with 研发投入强度 (line, %) over the filed years; None with no figures."""
    if not report.figure_years:
        return None
    rows = {label: values for label, _, values in report.figures}
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6.4, 3.0), dpi=110)
    years = [str(y) for y in report.figure_years]
    x = range(len(years))
    if _plotted(rows["营业收入"]):  # a reader who may not see amounts gets the intensity line only
        ax.bar([i - 0.2 for i in x], [v or 0 for v in rows["营业收入"]], width=0.4, color=BLUE,
               label="营业收入（万元）")
    if _plotted(rows["研发费用总额"]):
        ax.bar([i + 0.2 for i in x], [v or 0 for v in rows["研发费用总额"]], width=0.4, color=ORANGE,
               label="研发费用（万元）")
    ax.set_xticks(list(x), years)
    ax.set_title("营业收入与研发投入")
    twin = ax.twinx()
    twin.plot(list(x), [v if v is not None else float("nan") for v in rows["研发投入强度"]], color=GREY,
              marker="o", label="研发投入强度（%）")
    twin.set_ylim(bottom=0)
    handles = ax.get_legend_handles_labels()[0] + twin.get_legend_handles_labels()[0]
    ax.legend(handles, [h.get_label() for h in handles], loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=3,
              fontsize=8, frameon=False)
    return _png(fig)


def ladder_chart(report: PlanReport) -> bytes | None:
    """How many items each next title still lacks (fewer is closer); None when there is no target."""
    targets = report.targets
    if not targets:
        return None
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6.4, 0.5 + 0.5 * len(targets)), dpi=110)
    names = [t.name.split("（")[0] for t in targets][::-1]
    ax.barh(names, [t.unmet for t in targets][::-1], color=BLUE)
    ax.set_xlabel("尚差条款数（项）")
    ax.set_title("下一台阶差距")
    ax.xaxis.get_major_locator().set_params(integer=True)
    return _png(fig)


def _png(fig) -> bytes:
    buffer = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buffer, format="png")
    _pyplot().close(fig)
    return buffer.getvalue()
