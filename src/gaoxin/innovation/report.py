"""科技成果评价报告 as blocks, written out as .docx and .pdf by the same writers as the 一企一策."""

from __future__ import annotations

from gaoxin.cultivation.report.layout import Block, Bullets, Heading, Para, Table
from gaoxin.cultivation.report.to_docx import docx_from_blocks
from gaoxin.cultivation.report.to_pdf import pdf_from_blocks
from gaoxin.innovation.models import AchievementEvaluation
from gaoxin.innovation.scales import dimension_label, scales, trl_level, weights

CHINESE_NUMBERS = "一二三四五六七八九"


def title(evaluation: AchievementEvaluation) -> str:
    return f"科技成果评价报告：{evaluation.achievement.title}"


def blocks(evaluation: AchievementEvaluation) -> list[Block]:
    a = evaluation.achievement
    out: list[Block] = [
        Heading(title(evaluation), 0),
        Para(f"评价完成日期 {evaluation.concluded_at:%Y-%m-%d} · 量表版本 {evaluation.scales_version}", small=True),
        Heading("一、成果基本情况"),
        Table(["项目", "内容"], [["成果名称", a.title], ["成果类型", a.get_kind_display()],
                               ["完成单位", f"{a.owner}（{a.get_owner_kind_display()}）"],
                               ["技术领域", a.field or "—"], ["成果简介", a.summary or "—"]], [1, 4]),
        Heading("二、评价结论"),
        Para(evaluation.conclusion),
    ]
    if evaluation.trl is not None:
        level = trl_level(evaluation.trl)
        out += [Heading("三、技术就绪水平"),
                Para(f"TRL {evaluation.trl}：{level['label']}。{level['definition']}。"),
                Para("本级须核实的证据：" + "、".join(level["evidence"]))]
    w = weights(a.kind)
    out += [Heading("四、各维度评分" if evaluation.trl is not None else "三、各维度评分"),
            Table(["评价维度", "权重", "专家平均分"],
                  [[dimension_label(d), str(w[d]), evaluation.dimension_means.get(d, "—")] for d in w]
                  + [["综合得分", "", str(evaluation.total)]], [3, 1, 2]),
            Heading("专家意见"),
            Bullets([f"专家{CHINESE_NUMBERS[i]}：{r.comment}" for i, r in enumerate(evaluation.reviews.exclude(
                submitted_at=None).order_by("pk"))]),
            Para(f"依据：{scales()['source']}。专家经随机抽取（随机种子 {evaluation.seed}），与完成单位存在利害关系的"
                 "专家已回避。", small=True)]
    return out


def docx_bytes(evaluation: AchievementEvaluation) -> bytes:
    return docx_from_blocks(blocks(evaluation))


def pdf_bytes(evaluation: AchievementEvaluation) -> bytes:
    return pdf_from_blocks(blocks(evaluation), title(evaluation))
