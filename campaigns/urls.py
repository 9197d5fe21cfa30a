from django.urls import path

from campaigns import views

app_name = "campaigns"

urlpatterns = [
    path("", views.campaign_list, name="campaign-list"),
    path("new/", views.campaign_create, name="campaign-create"),
    path("<int:pk>/", views.campaign_detail, name="campaign-detail"),
    path("<int:pk>/edit/", views.campaign_edit, name="campaign-edit"),
    path("<int:pk>/copy/", views.campaign_copy, name="campaign-copy"),
    path("<int:pk>/publish/", views.campaign_publish, name="campaign-publish"),
    path("<int:pk>/close/", views.campaign_close, name="campaign-close"),
    path("<int:pk>/export.xlsx", views.campaign_export, name="campaign-export"),
    path("<int:pk>/activities/new/", views.activity_create, name="activity-create"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="activity-edit"),
    path("assignments/", views.my_assignments, name="my-assignments"),
    path("assignments/<int:pk>/", views.assignment_detail, name="assignment-detail"),
    path("assignments/<int:pk>/progress/", views.progress_file, name="progress-file"),
    path("assignments/<int:pk>/done/", views.assignment_done, name="assignment-done"),
    path("assignments/<int:pk>/accept/", views.assignment_accept, name="assignment-accept"),
    path("assignments/<int:pk>/return/", views.assignment_return, name="assignment-return"),
    path(
        "assignments/<int:pk>/evidence/<uuid:file_id>/",
        views.evidence_download,
        name="evidence-download",
    ),
]
