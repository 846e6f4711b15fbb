"""股东及主要人员: importing them (all rows or none; each enterprise in the file gets exactly the people the file
lists, audited) and finding the ties between a person or organisation and an enterprise, for conflict-of-interest
checks in review and judging."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Count
from openpyxl import Workbook

from gaoxin.accounts.scope import Scope
from gaoxin.contract.creditcode import normalise, problem
from gaoxin.contract.people import COLUMNS, REQUIRED, ROLE_LABELS, ROLE_WORDS, ROLES
from gaoxin.intake.reader import BadHeader, Sheet, UnreadableFile, read_table
from gaoxin.intake.validate import Problem
from gaoxin.intake.xlsx import workbook_bytes, write_sheet
from gaoxin.registry import audit
from gaoxin.registry.models import AuditEntry, Enterprise, ImportBatch, KeyPerson
from gaoxin.registry.uploads import import_limits, record_outcome, run_stored, store


@dataclass
class PeopleImport:
    saved: int = 0
    enterprises: int = 0
    problems: list[Problem] = field(default_factory=list)


def queue_people(upload, user, return_to: str = "") -> ImportBatch:
    """Keep an uploaded 股东及主要人员 file and queue its import (`registry_people`); staff only."""
    return store(upload, user, kind="people", job="registry_people", rule="registry.manage", return_to=return_to)


def run_people(batch_id: int) -> ImportBatch:
    """The job's work: import a queued batch's stored file and record the outcome on the batch."""
    def work(data: bytes, batch: ImportBatch) -> None:
        result = import_people(data, batch.file_name, batch.uploaded_by)
        record_outcome(batch, result.problems, result.saved,
                       f"已导入 {result.saved} 条，涉及 {result.enterprises} 家企业")

    return run_stored(batch_id, work)


def import_people(data: bytes, file_name: str, by) -> PeopleImport:
    """All rows or none; the header is checked before any row is read, within the settings' import limits."""
    Scope.of(by).require("registry.manage")
    try:
        sheet = read_table(data, file_name, import_limits(), header_check=_header_problems)
    except BadHeader as exc:
        return PeopleImport(problems=exc.problems)
    except UnreadableFile as exc:
        return PeopleImport(problems=[Problem(None, "", file_name, str(exc))])
    rows, problems = _check(sheet)
    if problems:
        return PeopleImport(problems=problems)
    _replace(rows, file_name, by)
    return PeopleImport(saved=len(rows), enterprises=len({e.pk for e, _ in rows}))


def _replace(rows: list[tuple[Enterprise, KeyPerson]], file_name: str, by) -> None:
    """Each enterprise of the file gets exactly its rows, in a few statements whatever the file's size; one audit
    entry per enterprise says how many people it had and has."""
    after = Counter(e.pk for e, _ in rows)
    enterprises = {e.pk: e for e, _ in rows}
    with transaction.atomic():
        held = KeyPerson.objects.filter(enterprise_id__in=after)
        before = Counter(dict(held.values("enterprise_id").annotate(n=Count("pk")).values_list("enterprise_id", "n")))
        held.delete()
        KeyPerson.objects.bulk_create([person for _, person in rows], batch_size=2000)
        AuditEntry.objects.bulk_create([
            audit.entry(user=by, enterprise=enterprises[pk], subject="keyperson", label="股东及主要人员",
                        action="update", via=f"导入 {file_name}", changes={"人员": [f"{before[pk]} 条", f"{n} 条"]})
            for pk, n in after.items()], batch_size=2000)


def _header_of(headers: list[str]) -> dict[str, str | None]:
    return {code: next((h for h in headers if h and h.strip() in names), None) for code, names in COLUMNS.items()}


def _header_problems(headers: list[str], row: int) -> list[Problem]:
    header_of = _header_of(headers)
    return [Problem(row, COLUMNS[c][0], "", f"缺少必填列“{COLUMNS[c][0]}”") for c in REQUIRED if header_of[c] is None]


def _check(sheet: Sheet) -> tuple[list[tuple[Enterprise, KeyPerson]], list[Problem]]:
    header_of = _header_of(sheet.headers)
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
