from django.apps import AppConfig


class TrackingConfig(AppConfig):
    name = "gaoxin.tracking"
    verbose_name = "服务与跟踪"
    default_auto_field = "django.db.models.BigAutoField"
