from django.apps import AppConfig


class FinancingConfig(AppConfig):
    name = "gaoxin.financing"
    verbose_name = "政银企对接"
    default_auto_field = "django.db.models.BigAutoField"
