from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "gaoxin.registry"
    verbose_name = "企业库"
