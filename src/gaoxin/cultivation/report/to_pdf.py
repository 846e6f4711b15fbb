"""The report as a PDF with an embedded Chinese font (see `fonts`), laid out by ReportLab's platypus."""

from __future__ import annotations

import io
from functools import cache
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import Image as PdfImage
from reportlab.platypus import ListFlowable, ListItem, Paragraph, SimpleDocTemplate, Spacer, TableStyle
from reportlab.platypus import Table as PdfTable

from gaoxin.cultivation.report.content import PlanReport
from gaoxin.cultivation.report.fonts import pdf_font
from gaoxin.cultivation.report.layout import Block, Bullets, Heading, Image, Para, Table, blocks

TEXT_WIDTH = A4[0] - 4 * cm


@cache
def _styles() -> dict[str, ParagraphStyle]:
    font = pdf_font()
    base = ParagraphStyle("body", fontName=font, fontSize=10, leading=15, wordWrap="CJK")
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=12, textColor=colors.grey),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=12),
        "caption": ParagraphStyle("caption", parent=base, fontSize=8.5, alignment=1, textColor=colors.grey),
        "h0": ParagraphStyle("h0", parent=base, fontSize=17, leading=24, spaceAfter=6),
        "h1": ParagraphStyle("h1", parent=base, fontSize=13, leading=19, spaceBefore=10, spaceAfter=4,
                             textColor=colors.HexColor("#1f4e79")),
        "h2": ParagraphStyle("h2", parent=base, fontSize=11, leading=16, spaceBefore=6, spaceAfter=3),
    }


def pdf_bytes(report: PlanReport) -> bytes:
    return pdf_from_blocks(blocks(report), report.title)


def pdf_from_blocks(content: list[Block], title: str) -> bytes:
    """Any report laid out as blocks (the 一企一策, an achievement evaluation) as a PDF with its Chinese font."""
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=2 * cm, rightMargin=2 * cm, topMargin=1.8 * cm,
                                 bottomMargin=1.8 * cm, title=title, author="Gaoxin 高新区企业梯度培育平台")
    flowables = []
    for block in content:
        flowables += _flow(block)
    document.build(flowables)
    return buffer.getvalue()


def _p(text: str, style: str) -> Paragraph:
    return Paragraph(escape(text), _styles()[style])


def _flow(block) -> list:
    if isinstance(block, Heading):
        return [_p(block.text, f"h{min(block.level, 2)}")]
    if isinstance(block, Para):
        return [_p(block.text, "small" if block.small else "body"), Spacer(0, 4)]
    if isinstance(block, Table):
        return [_table(block), Spacer(0, 6)]
    if isinstance(block, Bullets):
        items = [ListItem(_p(item, "body"), leftIndent=12) for item in block.items]
        return [ListFlowable(items, bulletType="bullet", start="•", leftIndent=12)]
    if isinstance(block, Image):
        picture = PdfImage(io.BytesIO(block.png))
        scale = TEXT_WIDTH / picture.drawWidth
        picture.drawWidth, picture.drawHeight = TEXT_WIDTH, picture.drawHeight * scale
        return [picture, _p(block.caption, "caption"), Spacer(0, 6)]
    raise TypeError(f"unknown block {block!r}")


def _table(block: Table) -> PdfTable:
    total = sum(block.widths)
    rows = [[_p(text, "cell") for text in block.header]] + [[_p(text, "cell") for text in row] for row in block.rows]
    table = PdfTable(rows, colWidths=[TEXT_WIDTH * w / total for w in block.widths], repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#b8c2cc")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    return table
