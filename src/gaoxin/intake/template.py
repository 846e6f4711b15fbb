"""The Excel import template, generated from the data dictionary so it can never drift from the importer."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation

from gaoxin.contract.fields import ALL_FIELDS, Field, describe_rule
from gaoxin.intake.xlsx import workbook_bytes, write_sheet


def header_of(f: Field) -> str:
    """The column header users see: the Chinese label, with the unit for amounts and counts."""
    return f"{f.label}（{f.unit}）" if f.unit in ("万元", "亿美元", "%") else f.label


def template_workbook() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "年度数据"
    write_sheet(sheet, [header_of(f) for f in ALL_FIELDS], [])
    for i, f in enumerate(ALL_FIELDS, start=1):
        options = None
        if f.kind == "bool":
            options = "是,否"
        elif f.kind == "enum":
            options = ",".join(label for _, label in f.choices)
        if options:
            column = sheet.cell(1, i).column_letter
            rule = DataValidation(type="list", formula1=f'"{options}"', allow_blank=True)
            rule.add(f"{column}2:{column}5000")
            sheet.add_data_validation(rule)
    guide = book.create_sheet("填写说明")
    write_sheet(guide, ["列名", "代码名", "单位", "层级", "必填", "含义", "取值与校验"],
                [(header_of(f), f.code, f.unit, "企业" if f.level == "enterprise" else "年度",
                  "是" if f.required else "", f.meaning, describe_rule(f)) for f in ALL_FIELDS])
    guide.column_dimensions["F"].width = 50
    guide.column_dimensions["G"].width = 50
    return workbook_bytes(book)
