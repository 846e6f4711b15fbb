from django.contrib import admin

from gaoxin.tracking.models import ProjectCategory


@admin.register(ProjectCategory)
class ProjectCategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "science", "order")
    list_editable = ("science", "order")
