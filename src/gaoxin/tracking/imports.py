"""重大项目 in from a zone's own sheet: new projects created with the plan, stage and progress the sheet gives, known
ones (same name and year) brought to its plan, all or nothing, every change audited.

A known project's stage, progress and investment done move only by progress reports (`services.file_report`, on
the `PROJECT` machine): where the sheet says otherwise the result names the projects and changes nothing of them.
The project unit is found in the registry by credit code or a sure name match; one the registry does not have is
kept in the notes (招商 projects often have no company yet)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from gaoxin.accounts.scope import Scope
from gaoxin.intake.projects import ACTUAL, PLANNED, ProjectRecord, read_projects
from gaoxin.intake.validate import Problem
from gaoxin.registry import audit
from gaoxin.registry.models import AuditEntry, ImportBatch, Park
from gaoxin.registry.title_lists import matcher
from gaoxin.registry.uploads import begin, count, import_limits, read_or_reject, reject, run_import, store
from gaoxin.tracking.models import STAGES, MajorProject, ProjectCategory

VIA = "重大项目导入"
PLAN = ("category_id", "enterprise_id", "park_id", "investment", "year_plan", *PLANNED, "report_every", "notes")
PROGRESS = ("stage", "progress", "invested", "invested_year", *ACTUAL)
STAGE_LABEL = dict(STAGES)


def queue_projects(upload, user) -> ImportBatch:
    """Keep an uploaded project sheet and queue its import (`tracking_projects`); staff only."""
    return store(upload, user, kind="projects", job="tracking_projects", rule="tracking.manage")


def run_projects(batch_id: int) -> ImportBatch:
    return run_import(batch_id, import_projects)


def import_projects(data: bytes, file_name: str, user=None, batch: ImportBatch | None = None) -> ImportBatch:
    """Read, check against the zone's parks, categories and registry, and write; a rejected sheet changes
    nothing and keeps its problems on the batch."""
    batch = begin("projects", data, file_name, user, batch)
    read = read_or_reject(batch, lambda: read_projects(data, file_name, import_limits()))
    if read is None:
        return batch
    problems: list[Problem] = []
    places = _places(read.records, problems)
    if problems:
        return reject(batch, problems)
    with transaction.atomic():
        batch.status, batch.rows = "imported", len(read.records)
        batch.save()
        counts, held = _write(read.records, places, batch, user)
        count(batch, counts["created"], counts["updated"], counts["unchanged"])
        batch.summary = gettext("新增项目 {created} 个、更新 {updated} 个、未变化 {unchanged} 个").format(**counts)
        batch.warnings = [*batch.warnings, *held]
        batch.save()
    return batch


def _places(records: list[ProjectRecord], problems: list[Problem]) -> dict[int, dict]:
    """Each row's category, park and enterprise ids; an unknown category or park is a problem naming those
    the zone has, a credit code not in the registry too."""
    categories = {c.name: c.pk for c in ProjectCategory.objects.all()}
    parks = {p.name: p.pk for p in Park.objects.filter(active=True)}
    index = matcher() if any(r.credit_code or r.enterprise for r in records) else None
    out = {}
    for r in records:
        found = {"category_id": categories.get(r.category), "park_id": parks.get(r.park), "enterprise_id": None,
                 "unit": ""}
        if found["category_id"] is None:
            problems.append(Problem(r.row, "项目类别", r.category, gettext("没有这个项目类别，应为：{names}")
                                    .format(names="、".join(categories) or gettext("（尚未设置类别）"))))
        if found["park_id"] is None:
            problems.append(Problem(r.row, "所属园区/街道", r.park,
                                    gettext("园区/街道“{park}”不存在，请先登记或更正名称").format(park=r.park)))
        if index is not None and (r.credit_code or r.enterprise):
            match = index.match(r.enterprise, r.credit_code or None)
            if match.enterprise is not None:
                found["enterprise_id"] = match.enterprise.id
            elif r.credit_code:
                problems.append(Problem(r.row, "统一社会信用代码", r.credit_code,
                                        gettext("企业库中没有该统一社会信用代码的企业")))
            else:
                found["unit"] = r.enterprise
        out[r.row] = found
    return out


def _values(r: ProjectRecord, place: dict) -> dict:
    notes = r.notes
    if place["unit"] and place["unit"] not in notes:
        unit = gettext("项目单位：{unit}（企业库中尚无）").format(unit=place["unit"])
        notes = f"{unit}\n{notes}" if notes else unit
    values = {"category_id": place["category_id"], "park_id": place["park_id"],
              "enterprise_id": place["enterprise_id"], "investment": r.investment, "notes": notes,
              **{code: r.date(code) for code in PLANNED}}
    if r.year_plan is not None:
        values["year_plan"] = r.year_plan
    if r.report_every is not None:
        values["report_every"] = r.report_every
    return values


def _progress(r: ProjectRecord) -> dict:
    given = {"stage": r.stage, "progress": r.progress, "invested": r.invested, "invested_year": r.invested_year,
             **{code: r.date(code) for code in ACTUAL}}
    return {k: v for k, v in given.items() if v is not None}


def _write(records: list[ProjectRecord], places: dict[int, dict], batch: ImportBatch, user):
    existing = {(p.name, p.year): p for p in MajorProject.objects.filter(name__in=[r.name for r in records])}
    actor = Scope.of(user).actor if user is not None else None
    counts = dict.fromkeys(("created", "updated", "unchanged"), 0)
    new, changed, entries, held = [], [], [], []
    for r in records:
        values = _values(r, places[r.row])
        project = existing.get(r.key)
        if project is None:
            values |= _progress(r)
            project = MajorProject(name=r.name, year=r.year, tracked_from=_tracked_from(r), created_by=actor,
                                   **values)
            new.append(project)
            counts["created"] += 1
            continue
        changes = audit.apply_changes(project, {k: v for k, v in values.items() if k in PLAN and v not in (None, "")})
        differs = audit.changes_between(audit.values_of(project, tuple(_progress(r))), _progress(r))
        if differs:
            held.append(gettext("第 {row} 行“{name}”：表中的{fields}与系统记录不同，未修改（阶段、进度和完成投资"
                                "以进度报送为准）").format(row=r.row, name=r.name,
                                                   fields="、".join(_label(f) for f in differs)))
        if not changes:
            counts["unchanged"] += 1
            continue
        changed.append(project)
        counts["updated"] += 1
        entries.append(audit.entry(user=user, enterprise=project.enterprise, subject="majorproject",
                                   label=str(project), action="update", changes=changes, via=VIA,
                                   object_id=project.pk))
    MajorProject.objects.bulk_create(new, batch_size=1000)
    MajorProject.objects.bulk_update(changed, list(PLAN), batch_size=1000)
    made = {(p.name, p.year) for p in new}
    for project in MajorProject.objects.filter(name__in=[p.name for p in new]).select_related("enterprise"):
        if (project.name, project.year) in made:
            entries.append(audit.entry(user=user, enterprise=project.enterprise, subject="majorproject",
                                       label=str(project), action="create", object_id=project.pk, via=VIA,
                                       changes=audit.changes_between({}, _shown_values(project))))
    AuditEntry.objects.bulk_create(entries, batch_size=1000)
    return counts, held[:50]


def _tracked_from(r: ProjectRecord) -> dt.date:
    """Reports are due from this month for a project of this year or before (its earlier months were never
    asked of anyone), from January for a project of a later year."""
    this_month = timezone.localdate().replace(day=1)
    return max(this_month, dt.date(r.year, 1, 1))


def _label(code: str) -> str:
    return str(MajorProject._meta.get_field(code).verbose_name)


def _shown_values(project: MajorProject) -> dict:
    values = audit.values_of(project, ("investment", "year_plan", *PLANNED, *PROGRESS))
    values["stage"] = STAGE_LABEL[project.stage]
    return values
