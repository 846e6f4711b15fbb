"""股东及主要人员: importing them (all rows or none; each enterprise in the file gets exactly the people the file
lists, audited) and finding the ties between a person or organisation and an enterprise, for conflict-of-interest
checks in review and judging."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from openpyxl import Workbook

from gaoxin.contract.creditcode import normalise, problem
from gaoxin.contract.people import COLUMNS, REQUIRED, ROLE_LABELS, ROLE_WORDS, ROLES
from gaoxin.intake.reader import Sheet, UnreadableFile, read_table
from gaoxin.intake.validate import Problem
from gaoxin.intake.xlsx import workbook_bytes, write_sheet
from gaoxin.registry.models import AuditEntry, Enterprise, KeyPerson


@dataclass
class PeopleImport:
    saved: int = 0
    enterprises: int = 0
    problems: list[Problem] = field(default_factory=list)


def import_people(data: bytes, file_name: str, by) -> PeopleImport:
    try:
        sheet = read_table(data, file_name)
    except UnreadableFile as exc:
        return PeopleImport(problems=[Problem(None, "", file_name, str(exc))])
    rows, problems = _check(sheet)
    if problems:
        return PeopleImport(problems=problems)
    by_enterprise: dict[Enterprise, list[KeyPerson]] = {}
    for enterprise, person in rows:
        by_enterprise.setdefault(enterprise, []).append(person)
    with transaction.atomic():
        for enterprise, people in by_enterprise.items():
            before = sorted(str(p) for p in enterprise.people.all())
            enterprise.people.all().delete()
            KeyPerson.objects.bulk_create(people)
            AuditEntry.objects.create(user=by, enterprise=enterprise, subject="keyperson",
                                      object_label="股东及主要人员", action="update", via=f"导入 {file_name}"[:60],
                                      changes={"人员": [f"{len(before)} 条", f"{len(people)} 条"]})
    return PeopleImport(saved=len(rows), enterprises=len(by_enterprise))


def _check(sheet: Sheet) -> tuple[list[tuple[Enterprise, KeyPerson]], list[Problem]]:
    header_of = {code: next((h for h in sheet.headers if h and h.strip() in names), None)
                 for code, names in COLUMNS.items()}
    missing = [COLUMNS[c][0] for c in REQUIRED if header_of[c] is None]
    if missing:
        return [], [Problem(sheet.header_row, m, "", f"缺少必填列“{m}”") for m in missing]
    codes = {normalise(r.cells.get(header_of["credit_code"]) or "") for r in sheet.rows}
    known = {e.credit_code: e for e in Enterprise.objects.filter(credit_code__in=codes)}
    rows, problems, seen = [], [], set()
    for source in sheet.rows:
        raw = {code: source.cells.get(h) if h else None for code, h in header_of.items()}
        found = []
        values = {code: _value(code, raw[code], known, found) for code in COLUMNS}
        key = (values["credit_code"], values["name"], values["role"])
        problems += [Problem(source.number, header_of[code] or COLUMNS[code][0],
                             "" if raw[code] is None else str(raw[code]), reason) for code, reason in found]
        if not found and key not in seen:  # 董事长 and 董事 of one person are one 董事 row
            seen.add(key)
            enterprise = known[values["credit_code"]]
            rows.append((enterprise, KeyPerson(enterprise=enterprise, name=values["name"], role=values["role"],
                                               share=values["share"])))
    if not rows and not problems:
        problems.append(Problem(None, "", "", "表中没有数据行"))
    return rows, problems


def _value(code: str, raw, known: dict[str, Enterprise], found: list[tuple[str, str]]):
    text = "" if raw is None else str(raw).strip()
    if code in REQUIRED and not text:
        found.append((code, "必填"))
        return ""
    if code == "credit_code":
        text = normalise(text)
        why = problem(text)
        if why or text not in known:
            found.append((code, why or "企业库中没有该企业"))
        return text
    if code == "role":
        if text not in ROLE_WORDS:
            found.append((code, "身份应为：" + "、".join(ROLE_LABELS.values())))
        return ROLE_WORDS.get(text, "")
    if code == "share":
        return _share(text.rstrip("%"), found)
    if len(text) > 200:
        found.append((code, "不能超过 200 字"))
    return text[:200]


def _share(text: str, found: list[tuple[str, str]]) -> Decimal | None:
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        found.append(("share", "应为 0–100 之间的数字"))
        return None
    if not 0 <= value <= 100:
        found.append(("share", "应为 0–100 之间的数字"))
        return None
    return value.quantize(Decimal("0.01"))


def ties(enterprise: Enterprise, person: str, organisation: str) -> list[str]:
    """Why someone named `person`, working at `organisation`, is tied to `enterprise` through the people the
    registry lists: the person is one of its shareholders or officers; the organisation is its shareholder, or is
    an enterprise it holds shares in, or shares a shareholder or officer with it. Names are compared exactly."""
    people = list(enterprise.people.all())
    reasons = []
    held = {p.role for p in people if p.name == person.strip()}
    roles = [label for code, label in ROLE_LABELS.items() if code in held]
    if roles:
        reasons.append(f"本人是申报企业的{'、'.join(roles)}")
    organisation = organisation.strip()
    if not organisation:
        return reasons
    if any(p.name == organisation and p.role == "shareholder" for p in people):
        reasons.append("工作单位是申报企业的股东")
    employer = Enterprise.objects.filter(name=organisation).exclude(pk=enterprise.pk).first()
    if employer is None:
        return reasons
    theirs = list(employer.people.all())
    if any(p.name == enterprise.name and p.role == "shareholder" for p in theirs):
        reasons.append("申报企业是工作单位的股东")
    shared = sorted({p.name for p in people} & {p.name for p in theirs})
    if shared:
        reasons.append(f"工作单位与申报企业有共同股东或高管：{'、'.join(shared[:3])}")
    return reasons


def people_template_workbook() -> bytes:
    """The import template: the columns, one example row, and the accepted words for 身份."""
    book = Workbook()
    sheet = book.active
    sheet.title = "股东及主要人员"
    write_sheet(sheet, [names[0] for names in COLUMNS.values()], [["91330100MA2XXXXXXX", "张三", "股东", 60]])
    write_sheet(book.create_sheet("说明"), ["身份", "可写作"],
                [[label, "、".join(words)] for label, words in ROLES.values()]
                + [["每家企业", "以文件为准整体替换：文件中出现的企业，其原有人员记录被文件内容取代"]])
    return workbook_bytes(book)
