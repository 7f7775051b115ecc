from django.contrib import admin
from django.urls import include, path

from smeaton.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("", include("smeaton.web.accounts.urls")),
    path("account/reminders/", include("smeaton.web.reminders.urls")),
    path("plan/", include("smeaton.web.plan.urls")),
    path("plan/service-plans/", include("smeaton.web.service_plans.urls")),
    path("partnership/", include("smeaton.web.partnership.urls")),
    path("boards/", include("smeaton.web.boards.urls")),
    path("risks/", include("smeaton.web.risks.urls")),
    path("voice/", include("smeaton.web.voice.urls")),
    path("performance/", include("smeaton.web.performance.urls")),
    path("returns/", include("smeaton.web.returns.urls")),
    path("reports/", include("smeaton.web.reports.urls")),
    path("performance/", include("smeaton.web.commentary.urls")),
    path("performance/", include("smeaton.web.children.urls")),
    path("admin/", admin.site.urls),
    path("favicon.ico", views.favicon, name="favicon"),
]

handler400 = "smeaton.web.views.bad_request"
handler403 = "smeaton.web.views.permission_denied"
handler404 = "smeaton.web.views.page_not_found"
handler500 = "smeaton.web.views.server_error"
