from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "gaoxin.dashboard"
    verbose_name = "领导驾驶舱"
    default_auto_field = "django.db.models.BigAutoField"
