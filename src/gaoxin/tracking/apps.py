from django.apps import AppConfig


class TrackingConfig(AppConfig):
    name = "gaoxin.tracking"
    verbose_name = "服务与跟踪"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from gaoxin.tracking import jobs  # noqa: F401  (the project sheet's import job)
