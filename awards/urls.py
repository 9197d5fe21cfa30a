from django.urls import path

from awards.views import decision, judging, nominating, setup

app_name = "awards"

urlpatterns = [
    # Administrators set up (views/setup.py)
    path("", setup.programme_list, name="programme-list"),
    path("new/", setup.programme_create, name="programme-create"),
    path("<int:pk>/", setup.programme_detail, name="programme-detail"),
    path("<int:pk>/edit/", setup.programme_edit, name="programme-edit"),
    path("<int:pk>/edit/<slug:section>/", setup.programme_section, name="programme-section"),
    path("<int:pk>/copy/", setup.programme_copy, name="programme-copy"),
    path("categories/<int:pk>/tiers/", setup.category_tiers, name="category-tiers"),
    # Units nominate (views/nominating.py)
    path("<int:pk>/nominate/", nominating.nomination_create, name="nomination-create"),
    path("<int:pk>/candidates/", nominating.candidates, name="candidates"),
    path("<int:pk>/candidates/nominate/", nominating.candidate_nominate, name="candidate-nominate"),
    path("nominations/<int:pk>/", nominating.nomination_detail, name="nomination-detail"),
    path(
        "nominations/<int:pk>/sign-off/", nominating.nomination_sign_off, name="nomination-sign-off"
    ),
    path("nominations/<int:pk>/qualify/", nominating.nomination_qualify, name="nomination-qualify"),
    # Judging and tiers (views/judging.py)
    path("<int:pk>/judging/", judging.judging, name="judging"),
    path("nominations/<int:pk>/score/", judging.score, name="score"),
    path("<int:pk>/ranking/", judging.ranking, name="ranking"),
    path("nominations/<int:pk>/tier/", judging.tier_assign, name="tier-assign"),
    # Notice and decision (views/decision.py)
    path("<int:pk>/publish/", decision.notice_publish, name="notice-publish"),
    path("<int:pk>/objections/", decision.objections, name="objections"),
    path("objections/<int:pk>/settle/", decision.objection_settle, name="objection-settle"),
    path("<int:pk>/finalise/", decision.programme_finalise, name="programme-finalise"),
    path("<int:pk>/circular.pdf", decision.circular, name="circular"),
    path("<int:pk>/winners.xlsx", decision.winners_xlsx, name="winners-xlsx"),
    path("certificates/<str:serial>.pdf", decision.certificate, name="certificate"),
    *decision.document_pages.urlpatterns,
    # Public, no sign-in
    path("notice/<int:pk>/", decision.notice, name="notice"),
    path("notice/<int:pk>/object/", decision.objection_lodge, name="objection-lodge"),
    path("verify/<uuid:token>/", decision.verify, name="verify"),
]
