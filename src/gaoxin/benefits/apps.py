from django.apps import AppConfig


class BenefitsConfig(AppConfig):
    name = "gaoxin.benefits"
    verbose_name = "政策匹配"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from gaoxin.benefits import jobs, signals  # noqa: F401  (register the job handler and the listeners)
