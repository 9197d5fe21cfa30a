from django.urls import path

from submissions.views import grid, imports, overview, reporting, review

app_name = "submissions"

urlpatterns = [
    # Units: filing and sign-off (views/reporting.py)
    path("", reporting.my_reports, name="my-reports"),
    path(
        "start/<int:unit_id>/<int:year>/<int:quarter>/", reporting.report_start, name="report-start"
    ),
    path("reports/<int:pk>/", reporting.report_detail, name="report-detail"),
    path("reports/<int:pk>/items/new/", reporting.item_create, name="item-create"),
    path("reports/<int:pk>/items/grid/", grid.item_grid, name="item-grid"),
    path("items/<int:pk>/edit/", reporting.item_edit, name="item-edit"),
    path("items/<int:pk>/delete/", reporting.item_delete, name="item-delete"),
    path("reports/<int:pk>/nothing/", reporting.report_nothing, name="report-nothing"),
    path("reports/<int:pk>/hand-on/", reporting.report_hand_on, name="report-hand-on"),
    path("reports/<int:pk>/sign-off/", reporting.report_sign_off, name="report-sign-off"),
    path("reports/<int:pk>/send-back/", reporting.report_send_back, name="report-send-back"),
    # Reviewers (views/review.py)
    path("queue/", review.queue, name="queue"),
    path("reports/<int:pk>/review/", review.report_review, name="report-review"),
    path("items/<int:pk>/review/", review.item_review, name="item-review"),
    path("reports/<int:pk>/review/item/", review.report_item_review, name="report-item-review"),
    path("reports/<int:pk>/review/bulk/", review.items_bulk, name="items-bulk"),
    path("reports/<int:pk>/adopt/", review.report_adopt, name="report-adopt"),
    path("reports/<int:pk>/return/", review.report_return, name="report-return"),
    # Overview (views/overview.py)
    path("completeness/", overview.completeness, name="completeness"),
    path("remind/", overview.remind_units, name="remind"),
    path("assessment/", overview.assessment, name="assessment"),
    path("search/", overview.search, name="search"),
    # Excel import (views/imports.py)
    path("reports/<int:pk>/import/", imports.item_import, name="item-import"),
    path("import-template.xlsx", imports.import_template, name="import-template"),
]
