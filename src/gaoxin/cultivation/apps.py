from django.apps import AppConfig


class CultivationConfig(AppConfig):
    name = "gaoxin.cultivation"
    verbose_name = "梯度培育"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from gaoxin.cultivation import jobs, signals  # noqa: F401  (register the job handler and the listeners)
