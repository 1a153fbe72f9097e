from django.contrib import admin
from django.urls import include, path

from seat.accountability import report_urls
from seat.accounts import views as accounts_views
from seat.accounts.forms import LoginForm
from seat.api.api import api
from seat.core import metrics
from seat.core import views as core_views
from seat.insights.urls import expert_patterns as insights_expert_patterns
from seat.portal import views as portal_views

urlpatterns = [
    path("", portal_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    path("metrics", metrics.metrics, name="metrics"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path(".well-known/security.txt", core_views.security_txt, name="security-txt"),
    path("exit/", core_views.quick_exit, name="quick-exit"),
    path("language/", core_views.language, name="language"),
    path("i18n/setlang/", accounts_views.language_set, name="set_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path(
        "accounts/login/",
        accounts_views.LoginView.as_view(authentication_form=LoginForm),
        name="login",
    ),
    path("accounts/", include("seat.accounts.urls")),
    path("me/", include("seat.notifications.urls")),
    path("organisation/", include("seat.accounts.organisation_urls")),
    path("me/reports/", include(report_urls.reader_patterns)),
    path("me/organisations/", include(insights_expert_patterns)),
    path("me/my-data/", include("seat.rights.urls")),
    path("me/", include("seat.portal.urls")),
    path("me/", include("seat.api.urls")),
    path("", include("seat.people.urls")),
    path("projects/", include("seat.consultations.urls")),
    path("input/reports/", include(report_urls.staff_patterns)),
    path("input/", include("seat.accountability.urls")),
    path("you-said-we-did/", include(report_urls.public_patterns)),
    path("payments/rates/", include("seat.compensation.rate_urls")),
    path("payments/", include("seat.compensation.urls")),
    path("partners/", include("seat.partners.urls")),
    path("", include("seat.sms.urls")),
    path("trainings/", include("seat.trainings.urls")),
    path("opportunities/", include("seat.opportunities.urls")),
    path("councils/", include("seat.councils.urls")),
    path("assessment/", include("seat.assessment.urls")),
    path("insights/", include("seat.insights.urls")),
    path("insights/<uuid:organisation_id>/export/", include("seat.insights.export_urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

handler400 = "seat.core.errors.bad_request"
handler403 = "seat.core.errors.forbidden"
handler404 = "seat.core.errors.not_found"
handler500 = "seat.core.errors.server_error"
