from django.contrib import admin
from django.urls import include, path

from gaoxin.api.main import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("gaoxin.accounts.urls")),
    path("enterprises/", include("gaoxin.registry.urls")),
    path("cultivation/", include("gaoxin.cultivation.urls")),
    path("jobs/", include("gaoxin.jobs.urls")),
    path("dashboard/", include("gaoxin.dashboard.urls")),
    path("programs/", include("gaoxin.programs.urls")),
    path("work/", include("gaoxin.workflow.urls")),
    path("tracking/", include("gaoxin.tracking.urls")),
    path("financing/", include("gaoxin.financing.urls")),
    path("innovation/", include("gaoxin.innovation.urls")),
    path("benefits/", include("gaoxin.benefits.urls")),
    path("api/v1/", api.urls),
    path("", include("gaoxin.portal.urls")),  # last: its pages sit inside the enterprises/ and programs/ paths
]

handler400 = "gaoxin.web.errors.bad_request"
handler403 = "gaoxin.web.errors.permission_denied"
handler404 = "gaoxin.web.errors.page_not_found"
handler500 = "gaoxin.web.errors.server_error"
