"""Django admin for zone administrators. Every save and delete of enterprise data is audited like any other."""

from __future__ import annotations

from django.contrib import admin
from django.utils import timezone

from gaoxin.registry import audit
from gaoxin.registry.models import (
    AnnualFigures,
    AuditEntry,
    Enterprise,
    FiguresFiling,
    ImportBatch,
    IntellectualProperty,
    Park,
    TitleHeld,
)


class AuditedAdmin(admin.ModelAdmin):
    """Writes an AuditEntry for each add, change and delete made in the admin."""

    def save_model(self, request, obj, form, change):
        fields = form.changed_data if change else list(form.cleaned_data)
        before = {f: form.initial.get(f) for f in fields} if change else {}
        after = {f: form.cleaned_data.get(f) for f in fields}
        if isinstance(obj, AnnualFigures) and change and fields:
            obj.version += 1
        super().save_model(request, obj, form, change)
        changes = audit.changes_between(before, {k: _shown(v) for k, v in after.items()})
        if changes:
            self._record(request, obj, "update" if change else "create", changes)

    def delete_model(self, request, obj):
        self._record(request, obj, "delete", {})
        super().delete_model(request, obj)

    def _record(self, request, obj, action, changes):
        enterprise = obj if isinstance(obj, Enterprise) else obj.enterprise
        audit.entry(user=request.user, enterprise=enterprise, subject=obj._meta.model_name, label=str(obj),
                    action=action, changes=changes, via="系统管理").save()


def _shown(value):
    return str(value) if hasattr(value, "_meta") else value


@admin.register(Park)
class ParkAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "active")


@admin.register(Enterprise)
class EnterpriseAdmin(AuditedAdmin):
    """Enterprises are archived with a reason, never deleted: their figures and history must survive."""

    list_display = ("name", "credit_code", "park", "industry_code", "archived_at")
    list_filter = ("park", ("archived_at", admin.EmptyFieldListFilter))
    search_fields = ("name", "credit_code", "name_initials")
    readonly_fields = ("archived_at",)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if "archive_reason" in form.changed_data:
            obj.archived_at = timezone.now() if obj.archive_reason else None
        super().save_model(request, obj, form, change)


@admin.register(AnnualFigures)
class AnnualFiguresAdmin(AuditedAdmin):
    list_display = ("enterprise", "year", "revenue", "rd_expense", "employees", "source", "version")
    list_filter = ("year", "source")
    search_fields = ("enterprise__name", "enterprise__credit_code")
    raw_id_fields = ("enterprise",)
    readonly_fields = ("version",)


@admin.register(TitleHeld)
class TitleHeldAdmin(AuditedAdmin):
    list_display = ("enterprise", "title", "level", "recognized_on", "valid_until", "certificate_no")
    list_filter = ("title", "level")
    search_fields = ("enterprise__name", "certificate_no")
    raw_id_fields = ("enterprise",)


@admin.register(IntellectualProperty)
class IntellectualPropertyAdmin(AuditedAdmin):
    list_display = ("enterprise", "kind", "number", "granted_on", "acquisition")
    list_filter = ("kind", "acquisition")
    search_fields = ("enterprise__name", "number")
    raw_id_fields = ("enterprise",)


@admin.register(FiguresFiling)
class FiguresFilingAdmin(admin.ModelAdmin):
    list_display = ("enterprise", "year", "status", "submitted_at")
    list_filter = ("status", "year")
    readonly_fields = [f.name for f in FiguresFiling._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the history is evidence and is never edited."""

    list_display = ("at", "user", "object_label", "action", "via")
    list_filter = ("action", "subject")
    search_fields = ("object_label",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ("at", "file_name", "uploaded_by", "status", "rows")
    readonly_fields = [f.name for f in ImportBatch._meta.fields]
