"""/api/: the versioned API (v1), its schema and documentation, and the person's tokens."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView

from api import awards, campaigns, clippings, docs, donations, overview, pages, views

app_name = "api"

urlpatterns = [
    path("tokens/", pages.token_list, name="tokens"),
    path("tokens/<int:pk>/revoke/", pages.token_revoke, name="token-revoke"),
    path("v1/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("v1/docs/", docs.api_docs, name="docs"),
    path("v1/regions/", views.RegionList.as_view(), name="region-list"),
    path("v1/regions/<int:pk>/", views.RegionDetail.as_view(), name="region-detail"),
    path("v1/units/", views.UnitList.as_view(), name="unit-list"),
    path("v1/units/<int:pk>/", views.UnitDetail.as_view(), name="unit-detail"),
    path("v1/reports/", views.ReportList.as_view(), name="report-list"),
    path("v1/reports/<int:pk>/", views.ReportDetail.as_view(), name="report-detail"),
    path("v1/reports/<int:pk>/items/", views.ReportItems.as_view(), name="report-items"),
    path("v1/reports/<int:pk>/hand-on/", views.ReportHandOn.as_view(), name="report-hand-on"),
    path("v1/items/<int:pk>/", views.ItemDetail.as_view(), name="item-detail"),
    path("v1/items/<int:pk>/clippings/", clippings.ItemClippings.as_view(), name="item-clippings"),
    path("v1/completeness/", overview.CompletenessView.as_view(), name="completeness"),
    path("v1/assessment/", overview.AssessmentView.as_view(), name="assessment"),
    path(
        "v1/assessment/people/", overview.AssessmentPeopleView.as_view(), name="assessment-people"
    ),
    path("v1/campaigns/", campaigns.CampaignList.as_view(), name="campaign-list"),
    path("v1/campaigns/<int:pk>/", campaigns.CampaignDetail.as_view(), name="campaign-detail"),
    path(
        "v1/assignments/<int:pk>/",
        campaigns.AssignmentDetail.as_view(),
        name="assignment-detail",
    ),
    path("v1/awards/", awards.ProgrammeList.as_view(), name="award-list"),
    path("v1/awards/<int:pk>/", awards.ProgrammeDetail.as_view(), name="award-detail"),
    path("v1/donations/projects/", donations.ProjectList.as_view(), name="donation-project-list"),
    path(
        "v1/donations/projects/<int:pk>/",
        donations.ProjectDetail.as_view(),
        name="donation-project-detail",
    ),
    path("v1/donations/drives/", donations.DriveList.as_view(), name="donation-drive-list"),
    path(
        "v1/donations/drives/<int:pk>/",
        donations.DriveDetail.as_view(),
        name="donation-drive-detail",
    ),
    re_path(r"^v1/", views.NotFound.as_view()),
]
