from django.contrib import admin

from gaoxin.accounts.models import Profile


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "display_name", "enterprise", "park")
    raw_id_fields = ("enterprise",)
