from django.urls import path

from summaries import views

app_name = "summaries"

urlpatterns = [
    path("", views.document_list, name="document-list"),
    path("year-end/", views.year_end, name="year-end"),
    path("year-end/<int:region_id>/<int:year>/issue/", views.year_end_issue, name="year-end-issue"),
    path("quarterly/", views.quarterly, name="quarterly"),
    path(
        "quarterly/<int:region_id>/<int:year>/<int:quarter>/issue/",
        views.quarterly_issue,
        name="quarterly-issue",
    ),
    path(
        "unit-report/<int:unit_id>/<int:year>/<int:quarter>/",
        views.unit_report,
        name="unit-report",
    ),
    path(
        "unit-report/<int:unit_id>/<int:year>/<int:quarter>/print/",
        views.unit_report_print,
        name="unit-report-print",
    ),
    path("<int:pk>/", views.document_detail, name="document-detail"),
    path("<int:pk>/retry/", views.document_retry, name="document-retry"),
    path("<int:pk>/status/", views.document_status, name="document-status"),
    path("<int:pk>/download/", views.document_download, name="document-download"),
    path("<int:pk>/xlsx/", views.document_xlsx, name="document-xlsx"),
]
