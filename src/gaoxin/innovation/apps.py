from django.apps import AppConfig


class InnovationConfig(AppConfig):
    name = "gaoxin.innovation"
    verbose_name = "创新服务"
    default_auto_field = "django.db.models.BigAutoField"
