from django.apps import AppConfig


class InnovationConfig(AppConfig):
    name = "gaoxin.innovation"
    verbose_name = "创新服务"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from gaoxin.innovation import jobs  # noqa: F401  (the carriers' history import job)
