from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "gaoxin.registry"
    verbose_name = "企业库"

    def ready(self) -> None:
        from gaoxin.registry import jobs, signals  # noqa: F401  (the import job; model saves → enterprises_changed)
