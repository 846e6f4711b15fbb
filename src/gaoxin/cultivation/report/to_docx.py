"""The report as a Word document (.docx), East Asian text set in a Chinese font so Word and WPS show it."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from gaoxin.cultivation.report.content import PlanReport
from gaoxin.cultivation.report.fonts import DOCX_FONT
from gaoxin.cultivation.report.layout import Block, Bullets, Heading, Image, Para, Table, blocks

TEXT_WIDTH_CM = 16.0


def docx_bytes(report: PlanReport) -> bytes:
    return docx_from_blocks(blocks(report))


def docx_from_blocks(content: list[Block]) -> bytes:
    """Any report laid out as blocks as a Word document."""
    document = Document()
    _chinese_fonts(document)
    for block in content:
        _add(document, block)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _chinese_fonts(document) -> None:
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "List Bullet", "Caption"):
        style = document.styles[name]
        style.font.name = DOCX_FONT
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), DOCX_FONT)
    document.styles["Normal"].font.size = Pt(10.5)


def _add(document, block) -> None:
    if isinstance(block, Heading):
        document.add_heading(block.text, level=block.level)
    elif isinstance(block, Para):
        paragraph = document.add_paragraph(block.text)
        if block.small:
            for run in paragraph.runs:
                run.font.size = Pt(9)
    elif isinstance(block, Table):
        _table(document, block)
    elif isinstance(block, Bullets):
        for item in block.items:
            document.add_paragraph(item, style="List Bullet")
    elif isinstance(block, Image):
        document.add_picture(io.BytesIO(block.png), width=Cm(TEXT_WIDTH_CM))
        document.add_paragraph(block.caption, style="Caption").alignment = WD_ALIGN_PARAGRAPH.CENTER


def _table(document, block: Table) -> None:
    table = document.add_table(rows=1, cols=len(block.header))
    table.style = "Table Grid"
    total = sum(block.widths)
    for cell, text in zip(table.rows[0].cells, block.header, strict=True):
        cell.text = text
        cell.paragraphs[0].runs[0].font.bold = True
    for row in block.rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text
    for column, width in zip(table.columns, block.widths, strict=True):
        for cell in column.cells:
            cell.width = Cm(TEXT_WIDTH_CM * width / total)
