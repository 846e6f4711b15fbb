from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "gaoxin.accounts"
    verbose_name = "用户与角色"

    def ready(self) -> None:
        from gaoxin.accounts.roles import ensure_role_groups
        from gaoxin.accounts.scope import load_rules

        load_rules()

        post_migrate.connect(lambda **kw: ensure_role_groups(), sender=self, weak=False)
