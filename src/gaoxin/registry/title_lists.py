"""名单导入: an official list of one title's enterprises, matched to the registry by name, then recorded as titles.

`preview` reads the list and matches every name (nothing is written); staff then confirm or correct the uncertain
matches and decide the unknown names (create the enterprise, link it to one, skip it) and `record` writes every
title at once or none: level, batch, certificate number and the validity the policy gives, audited, with the list
kept as the titles' source (an ImportBatch of kind title_list). The CLI records only the sure matches.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext

from gaoxin.accounts.scope import Scope
from gaoxin.contract.creditcode import normalise, problem
from gaoxin.contract.titles import TITLE_BY_CODE, validity_end
from gaoxin.intake.names import Known, Matcher
from gaoxin.intake.reader import UnreadableFile
from gaoxin.intake.title_list import ReadList, read_list_file, read_list_text
from gaoxin.registry import audit, lineage
from gaoxin.registry.events import bulk_written
from gaoxin.registry.importer import name_initials
from gaoxin.registry.lineage import Source
from gaoxin.registry.models import AuditEntry, Enterprise, ImportBatch, TitleHeld
from gaoxin.registry.schemas import ListEntry, ListPreview
from gaoxin.registry.signals import enterprises_changed
from gaoxin.registry.uploads import begin, count

VIA = "名单导入"
SKIP, CREATE = "skip", "create"


class ListError(ValueError):
    """The list cannot be recorded as decided; nothing was written."""


@dataclass(frozen=True)
class ListOptions:
    """What the list is of: one title at one level, recognised on one day, in a named batch."""

    title: str
    level: str
    recognized_on: dt.date
    valid_until: dt.date | None = None  # None: the validity the policy gives (`validity_end`)
    batch: str = ""

    @property
    def ends(self) -> dt.date | None:
        return self.valid_until or validity_end(self.title, self.recognized_on)


def matcher() -> Matcher:
    """The registry's names (archived enterprises included: a list may name one that left), indexed once."""
    rows = Enterprise.objects.values_list("credit_code", "name", "former_names", "pk")
    return Matcher(Known(code, name, tuple(former or ()), pk)
                   for code, name, former, pk in rows.iterator(chunk_size=5000))


def preview(read: ReadList, options: ListOptions) -> ListPreview:
    """Every listed name matched: matched, uncertain (candidates to choose from) or unknown."""
    index = matcher()
    entries = []
    for listed in read.entries:
        found = index.match(listed.name, listed.credit_code)
        best = found.enterprise or (found.candidates[0][0] if found.candidates else None)
        entries.append(ListEntry(
            row=listed.row, name=listed.name, credit_code_given=listed.credit_code,
            certificate_no=listed.certificate_no, status=found.status, how=found.how, score=found.score,
            enterprise=None if best is None else {"credit_code": best.credit_code, "name": best.name},
            candidates=[{"credit_code": k.credit_code, "name": k.name, "score": s} for k, s in found.candidates],
            reason=found.reason))
    return ListPreview(title=options.title, level=options.level, recognized_on=options.recognized_on,
                       valid_until=options.ends, batch=options.batch, entries=entries,
                       ignored_columns=read.ignored_columns, notes=read.notes)


def report(result: ListPreview) -> dict:
    """The JSON report of `gaoxin import-list`: rows, then each group's entries."""
    groups = {"matched": [], "uncertain": [], "unknown": []}
    for entry in result.entries:
        groups[entry.status].append(entry.as_report())
    return {"rows": len(result.entries), **groups, "ignored_columns": result.ignored_columns,
            "notes": result.notes}


def keep(result: ListPreview, file_name: str, data: bytes, user) -> ImportBatch:
    """Keep a previewed list for staff to decide on (its batch waits in status 待确认)."""
    return _batch(result, file_name, data, user, status="pending")


def record(batch: ImportBatch, decisions: dict[int, str], user) -> ImportBatch:
    """Record a kept list's titles as decided, all or nothing. `decisions` maps a row to a credit code (link to
    that enterprise), `create:<code>` (a new enterprise of the listed name) or `skip`; a matched row without a
    decision is recorded as matched, an uncertain or unknown one without a decision stops the whole list."""
    Scope.of(user).require("registry.manage")
    if batch.kind != "title_list" or batch.status != "pending":
        raise ListError(gettext("该名单已处理，不能再次记录"))
    result = ListPreview.model_validate(batch.title_list)
    chosen, problems = _decided(result, decisions)
    if problems:
        raise ListError("；".join(problems))
    with transaction.atomic():
        created = _create_enterprises(result, chosen, user, batch)
        counts = write_titles(result, chosen, batch, user)
        _recorded(batch, counts, created, skipped=sum(1 for c in chosen.values() if c == SKIP))
    return batch


def record_matched(result: ListPreview, file_name: str, data: bytes, user) -> tuple[ImportBatch, dict[str, int]]:
    """The CLI's `--apply`: the sure matches recorded at once, the rest left for the web page."""
    chosen = {e.row: e.enterprise["credit_code"] for e in result.entries if e.status == "matched"}
    with transaction.atomic():
        batch = _batch(result, file_name, data, user, status="running")
        counts = write_titles(result, chosen, batch, user)
        _recorded(batch, counts, 0, skipped=len(result.entries) - len(chosen))
    return batch, counts


def _batch(result: ListPreview, file_name: str, data: bytes, user, status: str) -> ImportBatch:
    """The list kept as an import batch (staff only when a user acts): the titles' source."""
    batch = begin("title_list", data, file_name, user, None)
    batch.status, batch.rows, batch.title_list = status, len(result.entries), result.model_dump(mode="json")
    batch.save()
    return batch


def _recorded(batch: ImportBatch, counts: dict[str, int], created: int, skipped: int) -> None:
    """The batch imported, with its counts (titles recorded in figures_created …) and the sentence saying them."""
    batch.status, batch.enterprises_created = "imported", created
    count(batch, counts["recorded"], counts["updated"], counts["unchanged"])
    batch.summary = summary(counts, created, skipped)[:200]
    batch.save()


def summary(counts: dict[str, int], created: int, skipped: int) -> str:
    text = gettext("记录称号 {recorded} 家、更新 {updated} 家、未变化 {unchanged} 家").format(**counts)
    if created:
        text += gettext("；新建企业 {created} 家").format(created=created)
    if skipped:
        text += gettext("；未记录 {skipped} 家").format(skipped=skipped)
    return text


def _decided(result: ListPreview, decisions: dict[int, str]) -> tuple[dict[int, str], list[str]]:
    """Each row's enterprise code, `create:<code>` or `skip`; and what is wrong with the decisions."""
    chosen, problems = {}, []
    for entry in result.entries:
        decision = (decisions.get(entry.row) or "").strip()
        if not decision and entry.status == "matched":
            decision = entry.enterprise["credit_code"]
        if not decision:
            problems.append(gettext("第 {row} 行“{name}”尚未确认").format(row=entry.row, name=entry.name))
            continue
        if decision == SKIP:
            chosen[entry.row] = SKIP
            continue
        code = normalise(decision.removeprefix(CREATE + ":"))
        why = problem(code)
        if why:
            problems.append(gettext("第 {row} 行：{why}").format(row=entry.row, why=why))
        chosen[entry.row] = (CREATE + ":" + code) if decision.startswith(CREATE + ":") else code
    codes = {c for c in chosen.values() if c != SKIP}
    existing = set(Enterprise.objects.filter(credit_code__in={c.removeprefix(CREATE + ":") for c in codes})
                   .values_list("credit_code", flat=True))
    for row, code in chosen.items():
        plain = code.removeprefix(CREATE + ":")
        if code.startswith(CREATE + ":") and plain in existing:
            problems.append(gettext("第 {row} 行：企业库已有 {code}，请选择“关联”").format(row=row, code=plain))
        elif code != SKIP and not code.startswith(CREATE + ":") and code not in existing:
            problems.append(gettext("第 {row} 行：企业库中没有 {code}").format(row=row, code=code))
    return chosen, problems


def _create_enterprises(result: ListPreview, chosen: dict[int, str], user, batch: ImportBatch) -> int:
    """The enterprises staff chose to create, named as the list names them (the name's source is the list); one
    audit entry each."""
    names = {e.row: e.name for e in result.entries}
    wanted = {code.removeprefix(CREATE + ":"): names[row] for row, code in chosen.items()
              if code.startswith(CREATE + ":")}
    if not wanted:
        return 0
    actor = Scope.of(user).actor if user else None
    source = Source.of_batch("list", batch)
    Enterprise.objects.bulk_create([_named(code, name, actor, source) for code, name in wanted.items()])
    made = Enterprise.objects.filter(credit_code__in=wanted)
    AuditEntry.objects.bulk_create([
        audit.entry(user=user, enterprise=e, subject="enterprise", label=e.name, action="create",
                    changes=audit.changes_between({}, {"credit_code": e.credit_code, "name": e.name}), via=VIA)
        for e in made])
    return len(wanted)


def _named(code: str, name: str, actor, source: Source) -> Enterprise:
    enterprise = Enterprise(credit_code=code, created_by=actor)
    audit.apply_changes(enterprise, lineage.merge(enterprise, {"name": name}, source))
    enterprise.name_initials = name_initials(name)
    return enterprise


def write_titles(result: ListPreview, chosen: dict[int, str], batch: ImportBatch, user) -> dict[str, int]:
    """One title per chosen row, in bulk: new grants created, a grant of the same day updated where its level,
    validity, certificate or batch differ, and unchanged otherwise; each change audited."""
    by_row = {e.row: e for e in result.entries}
    codes = {row: code.removeprefix(CREATE + ":") for row, code in chosen.items() if code != SKIP}
    enterprises = Enterprise.objects.in_bulk(set(codes.values()), field_name="credit_code")
    existing = {t.enterprise_id: t for t in TitleHeld.objects.filter(
        enterprise__in=enterprises.values(), title=result.title, recognized_on=result.recognized_on)}
    new, changed, entries, counts = [], [], [], {"recorded": 0, "updated": 0, "unchanged": 0}
    seen: set[int] = set()
    for row, code in codes.items():
        enterprise = enterprises[code]
        if enterprise.pk in seen:
            continue
        seen.add(enterprise.pk)
        values = {"level": result.level, "valid_until": result.valid_until, "batch": result.batch,
                  "certificate_no": by_row[row].certificate_no or ""}
        grant = existing.get(enterprise.pk)
        if grant is None:
            new.append(TitleHeld(enterprise=enterprise, title=result.title, recognized_on=result.recognized_on,
                                 source=batch, **values))
            counts["recorded"] += 1
            entries.append(_audit(user, enterprise, result, "create",
                                  audit.changes_between({}, {"recognized_on": result.recognized_on} | values)))
            continue
        if not values["certificate_no"]:
            values.pop("certificate_no")  # a list without numbers does not erase a number already kept
        changes = audit.apply_changes(grant, values)
        if not changes:
            counts["unchanged"] += 1
            continue
        grant.source = batch
        changed.append(grant)
        counts["updated"] += 1
        entries.append(_audit(user, enterprise, result, "update", changes))
    TitleHeld.objects.bulk_create(new, batch_size=2000)
    TitleHeld.objects.bulk_update(changed, ["level", "valid_until", "batch", "certificate_no", "source"],
                                  batch_size=2000)
    AuditEntry.objects.bulk_create(entries, batch_size=2000)
    ids = [e.pk for e in enterprises.values()]
    transaction.on_commit(lambda: enterprises_changed.send(sender=ImportBatch, enterprise_ids=ids))
    transaction.on_commit(lambda: bulk_written.send(TitleHeld))  # the cockpit's kept numbers are out of date
    return counts


def _audit(user, enterprise: Enterprise, result: ListPreview, action: str, changes: dict) -> AuditEntry:
    label = f"{TITLE_BY_CODE[result.title].label}（{result.recognized_on}）"
    return audit.entry(user=user, enterprise=enterprise, subject="titleheld", label=label, action=action,
                       changes=changes, via=VIA)



def preview_upload(data: dict, user) -> ImportBatch:
    """The web page's list (a file, or pasted text) read, matched and kept for review."""
    Scope.of(user).require("registry.manage")
    upload = data.get("file")
    if upload is not None:
        raw, file_name = upload.read(), upload.name
        read = read_list_file(raw, file_name)
    else:
        raw, file_name = data["text"].encode("utf-8"), gettext("粘贴的名单.txt")
        read = read_list_text(data["text"])
    if not read.entries:
        raise UnreadableFile(gettext("名单中没有找到企业名称"))
    options = ListOptions(data["title"], data["level"], data["recognized_on"], data.get("valid_until"),
                          data.get("batch") or "")
    return keep(preview(read, options), file_name, raw, user)


def decisions_from(posted, result: ListPreview) -> dict[int, str]:
    """The review page's choices: per row `row-<n>` (a candidate's code, link, create or skip) and `code-<n>`
    (the code typed for link or create)."""
    decisions = {}
    for entry in result.entries:
        choice = (posted.get(f"row-{entry.row}") or "").strip()
        typed = (posted.get(f"code-{entry.row}") or "").strip()
        if choice == "link":
            decisions[entry.row] = typed
        elif choice == CREATE:
            decisions[entry.row] = f"{CREATE}:{typed}" if typed else ""
        elif choice:
            decisions[entry.row] = choice
    return decisions


def template_workbook() -> bytes:
    """The list template: the columns the reader knows, one example row, and what each column means."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "名单"
    sheet.append(["序号", "企业名称", "统一社会信用代码", "证书编号", "备注"])
    sheet.append([1, "示例科技有限公司", "", "GR202651000001", "信用代码、证书编号可留空"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["B"].width = 36
    sheet.column_dimensions["C"].width = 22
    notes = book.create_sheet("填写说明")
    for line in ("企业名称：必填，按公示名单原样填写即可；全角/半角括号、空格、换行、“有限责任公司/有限公司”、"
                 "前缀的省市名、曾用名都能识别。",
                 "统一社会信用代码：选填；填写时优先按代码匹配。", "证书编号：选填，随称号一并记录。",
                 "其他列（序号、所在地区、备注等）不读取，也不会导致文件被拒绝。",
                 "称号、级别、认定日期、批次、有效期在导入页面选择，一个文件为一份名单。"):
        notes.append([line])
    notes.column_dimensions["A"].width = 100
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
