from django.contrib import admin

from gaoxin.tracking.models import Department, ProjectCategory


@admin.register(ProjectCategory)
class ProjectCategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "science", "order")
    list_editable = ("science", "order")


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("name", "active")
    filter_horizontal = ("members",)
