from django.apps import AppConfig


class WorkflowConfig(AppConfig):
    name = "gaoxin.workflow"
    verbose_name = "流程与待办"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("moves")  # each app's moves.py: where its machines' objects live, typed inputs
