"""Portal's own pages: signing in, files, health, status and the working-day calendar.
The root URLconf (front/urls.py) includes these with every app's."""

from django.contrib.auth import views as auth_views
from django.urls import path

from portal.views import account, files, health, passwords, policy, sessions, status, workcalendar
from portal.views import audit as audit_views
from portal.views import metrics as metrics_views
from portal.views import two_factor as two_factor_views

urlpatterns = [
    path("files/<uuid:pk>/", files.attachment_download, name="attachment-download"),
    path("calendar/", workcalendar.work_calendar, name="work-calendar"),
    path("calendar/<int:year>/", workcalendar.work_calendar_year, name="work-calendar-year"),
    path("i18n/setlang/", account.set_language, name="set_language"),
    path("accounts/login/", account.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/change/",
        passwords.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("accounts/password/reset/", account.PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("accounts/session/", sessions.session_status, name="session-status"),
    path("accounts/session/ping/", sessions.session_ping, name="session-ping"),
    path("security/policy/", policy.security_policy, name="security-policy"),
    path("accounts/two-factor/", two_factor_views.two_factor_overview, name="two-factor"),
    path("accounts/two-factor/setup/", two_factor_views.two_factor_setup, name="two-factor-setup"),
    path(
        "accounts/two-factor/verify/", two_factor_views.two_factor_verify, name="two-factor-verify"
    ),
    path(
        "accounts/two-factor/recovery-codes/",
        two_factor_views.two_factor_recovery_codes,
        name="two-factor-recovery-codes",
    ),
    path(
        "accounts/two-factor/remove/", two_factor_views.two_factor_remove, name="two-factor-remove"
    ),
    path("health/", health.health, name="health"),
    # Prometheus, with METRICS_TOKEN only (portal.views.metrics); no slash, as scrapers ask.
    path("metrics", metrics_views.metrics, name="metrics"),
    path("status/", status.status_page, name="status"),
]

# The audit administrator's pages: the security journal, its Excel copy, the chain's check.
urlpatterns += [
    path("audit/journal/", audit_views.audit_journal, name="audit-journal"),
    path("audit/journal.xlsx", audit_views.audit_export, name="audit-export"),
    path("audit/verify/", audit_views.audit_verify, name="audit-verify"),
]
