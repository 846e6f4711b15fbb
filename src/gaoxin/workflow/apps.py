from django.apps import AppConfig


class WorkflowConfig(AppConfig):
    name = "gaoxin.workflow"
    verbose_name = "流程与待办"
    default_auto_field = "django.db.models.BigAutoField"
