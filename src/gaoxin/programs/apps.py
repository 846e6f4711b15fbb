from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "gaoxin.programs"
    verbose_name = "资金与项目"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from gaoxin.programs import jobs  # noqa: F401  (register the entry-list import job)
