from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "gaoxin.portal"
    verbose_name = "综合页面"
