from django.contrib import admin

from gaoxin.programs.models import Program


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "year", "budget", "award_cap", "opens_on", "closes_on")
    list_filter = ("kind", "year")
    search_fields = ("name",)
