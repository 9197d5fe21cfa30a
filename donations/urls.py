from django.urls import path

from donations.views import (
    certificates,
    drives,
    pledges,
    projects,
    public,
    receipts,
    stats,
    wishes,
)

app_name = "donations"

urlpatterns = [
    # Public: no sign-in.
    path("public/", public.public_index, name="public-index"),
    path("public/projects/<int:pk>/", public.public_project, name="public-project"),
    path(
        "public/projects/<int:pk>/photos/<uuid:photo>/",
        public.public_project_photo,
        name="public-project-photo",
    ),
    path("public/drives/<int:pk>/", public.public_drive, name="public-drive"),
    path("public/drives/<int:pk>/pledge/", public.public_pledge, name="public-pledge"),
    path("public/thanks/", public.public_thanks, name="public-thanks"),
    path("public/wishes/", public.public_wishes, name="public-wishes"),
    path("public/join/", public.public_join, name="public-join"),
    path("certificates/<uuid:token>/", public.certificate_verify, name="certificate-verify"),
    # Staff.
    path("projects/", projects.project_list, name="project-list"),
    path("projects/new/", projects.project_create, name="project-create"),
    path("projects/<int:pk>/", projects.project_detail, name="project-detail"),
    path("projects/<int:pk>/screen/", projects.project_screen, name="project-screen"),
    path("projects/<int:pk>/end/", projects.project_end, name="project-end"),
    path("projects/<int:pk>/disclose/", projects.project_disclose, name="project-disclose"),
    path("projects/<int:pk>/spending/", projects.spending_create, name="spending-create"),
    path("drives/", drives.drive_list, name="drive-list"),
    path("drives/new/", drives.drive_create, name="drive-create"),
    path("drives/<int:pk>/", drives.drive_detail, name="drive-detail"),
    path("drives/<int:pk>/disclose/", drives.drive_disclose, name="drive-disclose"),
    path("drives/<int:pk>/campaign/", drives.drive_campaign, name="drive-campaign"),
    path("drives/<int:pk>/statistics/", drives.drive_file_statistics, name="drive-statistics"),
    path("drives/<int:pk>/pledges/new/", pledges.pledge_create, name="pledge-create"),
    path("pledges/<int:pk>/", pledges.pledge_detail, name="pledge-detail"),
    path("pledges/<int:pk>/confirm/", pledges.pledge_confirm, name="pledge-confirm"),
    path("pledges/<int:pk>/withdraw/", pledges.pledge_withdraw, name="pledge-withdraw"),
    path("pledges/<int:pk>/receipts/", receipts.receipt_create, name="receipt-create"),
    path("pledges/<int:pk>/reallocate/", pledges.pledge_reallocate, name="pledge-reallocate"),
    path("pledges/<int:pk>/certificate.pdf", certificates.certificate_pdf, name="certificate-pdf"),
    *certificates.document_pages.urlpatterns,
    path("goods/", receipts.goods_queue, name="goods-queue"),
    path("receipts/<int:pk>/confirm/", receipts.receipt_confirm, name="receipt-confirm"),
    path("disclosures/", drives.disclosures, name="disclosures"),
    path("wishes/", wishes.wish_list, name="wish-list"),
    path("wishes/new/", wishes.wish_create, name="wish-create"),
    path("wishes/mine/", wishes.my_claims, name="my-claims"),
    path("wishes/<int:pk>/vet/", wishes.wish_vet, name="wish-vet"),
    path("wishes/<int:pk>/claim/", wishes.wish_claim, name="wish-claim"),
    path("wishes/<int:pk>/fulfil/", wishes.wish_fulfil, name="wish-fulfil"),
    path("statistics/", stats.statistics, name="statistics"),
    path("statistics/export/", stats.statistics_export, name="statistics-export"),
]
