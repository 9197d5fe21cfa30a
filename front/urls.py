"""The root URLconf: portal's own pages, every app's pages, and the pages that combine them."""

from django.contrib import admin
from django.urls import include, path

from front.views import dashboard, home, units

urlpatterns = [
    path("", home.home, name="home"),
    path("dashboard/<int:region_id>.xlsx", dashboard.dashboard_xlsx, name="dashboard-xlsx"),
    path("units/", units.unit_list, name="unit-list"),
    path("units/<int:pk>/", units.unit_detail, name="unit-detail"),
    path("", include("portal.urls")),
    path("reports/", include("submissions.urls")),
    path("campaigns/", include("campaigns.urls")),
    path("documents/", include("summaries.urls")),
    path("awards/", include("awards.urls")),
    path("donations/", include("donations.urls")),
    path("notifications/", include("notifications.urls")),
    path("api/", include("api.urls")),
    path("admin/", admin.site.urls),
]
