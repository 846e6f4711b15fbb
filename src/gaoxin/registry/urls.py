from django.urls import path, register_converter

from gaoxin.registry import views


class GrantKind:
    regex = "title|ip"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(GrantKind, "grant")
app_name = "registry"

urlpatterns = [
    path("", views.enterprise_list, name="enterprise_list"),
    path("import/", views.import_upload, name="import_upload"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("import/<int:pk>/", views.import_result, name="import_result"),
    path("import/<int:pk>/errors.xlsx", views.import_report, name="import_report"),
    path("lists/", views.list_import, name="list_import"),
    path("lists/template.xlsx", views.list_template, name="list_template"),
    path("lists/<int:pk>/", views.list_review, name="list_review"),
    path("business/import/", views.business_import, name="business_import"),
    path("business/template.xlsx", views.business_template, name="business_template"),
    path("patents/import/", views.patents_import, name="patents_import"),
    path("patents/template.xlsx", views.patents_template, name="patents_template"),
    path("people/import/", views.people_import, name="people_import"),
    path("people/template.xlsx", views.people_template, name="people_template"),
    path("filings/", views.filing_queue, name="filing_queue"),
    path("filings/<int:pk>/", views.filing_review, name="filing_review"),
    path("<str:credit_code>/filing/<int:year>/", views.filing_edit, name="filing_edit"),
    path("<str:credit_code>/figures/<int:year>/", views.figures_edit, name="figures_edit"),
    path("<str:credit_code>/add/<grant:kind>/", views.grant_add, name="grant_add"),
]
