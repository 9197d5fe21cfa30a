"""Phone and ID numbers of households and donors: encrypted in the database (SM4), masked
on the pages, shown in full only to the unit that needs them after a "show" that the
journal records, with who, when and from which address."""

import importlib
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from donations import services
from donations.models import Pledge, Wish
from portal.encryption import PersonalDataError
from portal.models import JournalEntry
from tests.donations.conftest import make_pledge
from tests.donations.test_wishes_services import make_wish
from tests.factories import UserFactory
from tests.migration_graph import originals_executor

ID_NUMBER = "610621195501012343"
PHONE = "13800001234"
DONOR_PHONE = "13912345678"
WISHES = reverse("donations:wish-list")


def raw(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def show_wish(client, wish, field, **extra):
    url = reverse("donations:wish-personal-data", args=[wish.pk])
    return client.post(url, {"field": field}, **extra)


def show_pledge(client, pledge, field="contact_phone", **extra):
    url = reverse("donations:pledge-personal-data", args=[pledge.pk])
    return client.post(url, {"field": field}, **extra)


def disclosures():
    return JournalEntry.objects.filter(action="donations.personal_data.disclosed")


# --- At rest ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_database_holds_no_clear_text(dw):
    wish = make_wish(dw)
    pledge = make_pledge(dw, contact_phone=DONOR_PHONE)

    stored = [
        raw("donations_wish", "household_id_number", wish.pk),
        raw("donations_wish", "household_phone", wish.pk),
        raw("donations_pledge", "contact_phone", pledge.pk),
    ]
    for token in stored:
        assert token.startswith("sm4gcm:v1:")
    assert not {ID_NUMBER, PHONE, DONOR_PHONE} & {*stored}
    assert not any(number in token for token in stored for number in (ID_NUMBER, PHONE))
    # What the portal reads back is what was typed.
    wish = Wish.objects.get(pk=wish.pk)
    assert (wish.household_id_number, wish.household_phone) == (ID_NUMBER, PHONE)
    assert Pledge.objects.get(pk=pledge.pk).contact_phone == DONOR_PHONE


@pytest.mark.django_db
def test_an_empty_number_stays_empty(dw):
    pledge = make_pledge(dw)
    assert raw("donations_pledge", "contact_phone", pledge.pk) == ""
    assert Pledge.objects.filter(contact_phone="").count() == 1


@pytest.mark.django_db
def test_looking_rows_up_by_number_is_refused(dw):
    make_wish(dw)
    with pytest.raises(PersonalDataError):
        list(Wish.objects.filter(household_phone=PHONE))


@pytest.mark.django_db
def test_a_value_edited_in_the_database_fails_loudly(dw):
    wish = make_wish(dw)
    token = raw("donations_wish", "household_phone", wish.pk)
    at = len(token) - 10
    swapped = token[:at] + ("B" if token[at] == "A" else "A") + token[at + 1 :]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE donations_wish SET household_phone = %s", [swapped])
    with pytest.raises(PersonalDataError):
        Wish.objects.get(pk=wish.pk)


@pytest.mark.django_db
def test_an_id_number_with_a_wrong_check_digit_is_refused_by_the_model_too(dw):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        services.wish_record(
            user=dw.helper,
            unit=dw.helping_unit,
            village=dw.village,
            household_name="张明礼",
            household_id_number="610621195501012345",
            title="一台电暖器",
            value=Decimal("380.00"),
            deadline=dw.drive.period_end.replace(year=2027),
        )
    assert "household_id_number" in refused.value.message_dict


@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_existing_rows_and_back(dw):
    """Forwards: clear numbers become tokens; backwards: tokens become the numbers again."""
    wish = make_wish(dw)
    pledge = make_pledge(dw, contact_phone=DONOR_PHONE)
    before = ("donations", "0006_pledge_drive_donor_order")
    try:
        originals_executor(connection).migrate([before])
        assert raw("donations_wish", "household_id_number", wish.pk) == ID_NUMBER
        assert raw("donations_pledge", "contact_phone", pledge.pk) == DONOR_PHONE
    finally:
        # Every app's newest migration: going back also undid any that came later.
        executor = originals_executor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert raw("donations_wish", "household_phone", wish.pk).startswith("sm4gcm:v1:")
    assert raw("donations_pledge", "contact_phone", pledge.pk).startswith("sm4gcm:v1:")
    assert Wish.objects.get(pk=wish.pk).household_id_number == ID_NUMBER
    assert Pledge.objects.get(pk=pledge.pk).contact_phone == DONOR_PHONE


@pytest.mark.parametrize(
    "name",
    [
        "0007_personal_data_encrypted",
        "0008_personal_data_encrypt_rows",
        "0009_personal_data_encrypted_field",
    ],
)
def test_the_migrations_are_reversible(name):
    migration = importlib.import_module(f"donations.migrations.{name}")
    assert all(op.reversible for op in migration.Migration.operations)


# --- On the pages -------------------------------------------------------------------------


@pytest.fixture
def claimed(dw):
    wish = make_wish(dw)
    services.wish_claim(user=UserFactory(full_name="李爱心", phone="13712345678"), wish=wish)
    return wish


@pytest.mark.django_db
def test_the_unit_sees_the_numbers_masked_with_a_show_button(dw, client_for, claimed):
    page = client_for(dw.helper).get(WISHES).content.decode()

    assert "138****1234" in page
    assert "610621********2343" in page
    assert "137****5678" in page
    for full in (PHONE, ID_NUMBER, "13712345678"):
        assert full not in page
    assert page.count('data-testid="show"') == 3
    assert not disclosures().exists()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["city_reviewer", "province_reviewer"])
def test_others_who_see_the_wish_see_it_masked_without_a_button(dw, client_for, claimed, who):
    page = client_for(getattr(dw, who)).get(WISHES).content.decode()

    assert "138****1234" in page
    assert "610621********2343" in page
    for full in (PHONE, ID_NUMBER, "13712345678"):
        assert full not in page
    # Nor the claimant's: they agreed to the helping unit calling them, nobody else.
    assert "137****5678" not in page
    assert 'data-testid="show"' not in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"),
    [("household_phone", PHONE), ("household_id_number", ID_NUMBER)],
)
def test_show_gives_the_number_in_full_and_journals_it(dw, client_for, claimed, field, value):
    response = show_wish(client_for(dw.helper), claimed, field, REMOTE_ADDR="10.1.2.3")

    assert response.status_code == 200
    page = response.content.decode()
    assert f'<strong data-testid="shown">{value}</strong>' in page
    # Only the one asked for.
    others = {PHONE, ID_NUMBER} - {value}
    assert not any(other in page for other in others)
    entry = disclosures().get()
    assert entry.actor == dw.helper
    assert entry.address == "10.1.2.3"
    assert entry.data == {"field": field}
    assert entry.at is not None
    assert (entry.content_type.model, entry.object_id) == ("wish", claimed.pk)


@pytest.mark.django_db
def test_the_journal_page_labels_the_disclosure(dw):
    from portal.journal import label

    assert label("donations.personal_data.disclosed") != "donations.personal_data.disclosed"


@pytest.mark.django_db
def test_the_claimant_phone_is_shown_to_the_unit_and_journaled(dw, client_for, claimed):
    response = show_wish(client_for(dw.helper_leader), claimed, "claimant_phone")

    assert "13712345678" in response.content.decode()
    assert disclosures().get().data == {"field": "claimant_phone"}


@pytest.mark.django_db
def test_an_administrator_over_the_unit_may_show_the_household_but_not_the_claimant(
    dw, client_for, claimed
):
    client = client_for(dw.province_admin)
    assert show_wish(client, claimed, "household_phone").status_code == 200
    assert show_wish(client, claimed, "claimant_phone").status_code == 403
    assert disclosures().count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "status"),
    [("city_reviewer", 403), ("province_reviewer", 403), ("neighbour_reporter", 404)],
)
def test_others_may_not_show(dw, client_for, claimed, who, status):
    response = show_wish(client_for(getattr(dw, who)), claimed, "household_id_number")

    assert response.status_code == status
    assert ID_NUMBER not in response.content.decode()
    assert not disclosures().exists()


@pytest.mark.django_db
def test_a_guessed_id_or_field_is_refused(dw, client_for, claimed):
    client = client_for(dw.helper)
    url = reverse("donations:wish-personal-data", args=[claimed.pk + 1000])
    assert client.post(url, {"field": "household_phone"}).status_code == 404
    assert show_wish(client, claimed, "household_name").status_code == 403
    assert show_wish(client, claimed, "").status_code == 403
    assert not disclosures().exists()


@pytest.mark.django_db
def test_show_takes_only_a_post(dw, client_for, claimed):
    url = reverse("donations:wish-personal-data", args=[claimed.pk])
    assert client_for(dw.helper).get(url).status_code == 405
    assert not disclosures().exists()


@pytest.mark.django_db
def test_a_stranger_is_sent_to_sign_in(dw, client, claimed):
    response = show_wish(client, claimed, "household_phone")
    assert response.status_code == 302
    assert not disclosures().exists()


# --- The pledge page ----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_pledge_page_masks_the_donor_phone(dw, client_for):
    pledge = make_pledge(dw, contact_phone=DONOR_PHONE)
    url = reverse("donations:pledge-detail", args=[pledge.pk])

    office = client_for(dw.reporter).get(url).content.decode()
    assert "139****5678" in office
    assert DONOR_PHONE not in office
    assert 'data-testid="show"' in office
    reviewer = client_for(dw.city_reviewer).get(url).content.decode()
    assert "139****5678" in reviewer
    assert 'data-testid="show"' not in reviewer


@pytest.mark.django_db
def test_the_office_shows_the_donor_phone_and_it_is_journaled(dw, client_for):
    pledge = make_pledge(dw, contact_phone=DONOR_PHONE)

    response = show_pledge(client_for(dw.approver), pledge, REMOTE_ADDR="10.9.8.7")

    assert response.status_code == 200
    assert f'<strong data-testid="shown">{DONOR_PHONE}</strong>' in response.content.decode()
    entry = disclosures().get()
    assert (entry.actor, entry.address, entry.data) == (
        dw.approver,
        "10.9.8.7",
        {"field": "contact_phone"},
    )
    assert (entry.content_type.model, entry.object_id) == ("pledge", pledge.pk)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "status"),
    [("city_reviewer", 403), ("neighbour_reporter", 404), ("outsider_reporter", 404)],
)
def test_others_may_not_show_the_donor_phone(dw, client_for, who, status):
    pledge = make_pledge(dw, contact_phone=DONOR_PHONE)

    response = show_pledge(client_for(getattr(dw, who)), pledge)

    assert response.status_code == status
    assert DONOR_PHONE not in response.content.decode()
    assert not disclosures().exists()


@pytest.mark.django_db
def test_a_guessed_pledge_or_field_is_refused(dw, client_for):
    pledge = make_pledge(dw, contact_phone=DONOR_PHONE)
    client = client_for(dw.reporter)
    url = reverse("donations:pledge-personal-data", args=[pledge.pk + 1000])
    assert client.post(url, {"field": "contact_phone"}).status_code == 404
    assert show_pledge(client, pledge, field="household_phone").status_code == 403
    assert not disclosures().exists()


# --- Forms --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_refused_wish_form_keeps_what_was_typed(dw, client_for, late_2026):
    response = client_for(dw.helper).post(
        reverse("donations:wish-create"),
        {
            "unit": dw.helping_unit.pk,
            "village": dw.village.pk,
            "household_name": "张大爷",
            "household_id_number": "610621195501012345",
            "household_phone": "138 0000 1234",
            "title": "一台收音机",
            "value": "80",
            "deadline": "2026-12-31",
        },
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="610621195501012345"' in page
    assert 'value="138 0000 1234"' in page
    assert not Wish.objects.exists()


@pytest.mark.django_db
def test_a_phone_that_is_no_number_is_refused_beside_the_field(dw, client_for, late_2026):
    response = client_for(dw.helper).post(
        reverse("donations:wish-create"),
        {
            "unit": dw.helping_unit.pk,
            "village": dw.village.pk,
            "household_name": "张大爷",
            "household_phone": "请拨打村委会",
            "title": "一台收音机",
            "value": "80",
            "deadline": "2026-12-31",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors.get("household_phone")
    assert 'value="请拨打村委会"' in response.content.decode()


# --- Query counts -------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["helper", "province_admin", "city_reviewer"])
def test_the_wish_list_costs_the_same_however_many_wishes(
    dw, client_for, django_assert_max_num_queries, who
):
    client = client_for(getattr(dw, who))
    for i in range(2):
        make_wish(dw, title=f"心愿{i}")
    client.get(WISHES)
    with CaptureQueriesContext(connection) as few:
        client.get(WISHES)
    for i in range(2, 14):
        services.wish_claim(user=UserFactory(phone=f"1370000{i:04d}"), wish=make_wish(dw))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(WISHES)


@pytest.mark.django_db
def test_showing_costs_the_same_however_many_wishes(dw, client_for, django_assert_max_num_queries):
    client = client_for(dw.helper)
    wish = make_wish(dw)
    show_wish(client, wish, "household_phone")
    with CaptureQueriesContext(connection) as few:
        show_wish(client, wish, "household_phone")
    for i in range(12):
        make_wish(dw, title=f"心愿{i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        show_wish(client, wish, "household_phone")


@pytest.mark.django_db
def test_the_public_pledge_form_refuses_a_phone_beside_the_field(dw, client, time_machine):
    from datetime import date

    time_machine.move_to(date(2026, 10, 12))
    response = client.post(
        reverse("donations:public-pledge", args=[dw.drive.pk]),
        {
            "donor_type": "individual",
            "donor_name": "李爱心",
            "contact_phone": "call me",
            "kind": "cash",
            "amount": "500.00",
            "designation": "none",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors.get("contact_phone")
    assert 'value="call me"' in response.content.decode()
    assert not Pledge.objects.exists()


@pytest.mark.django_db
def test_the_show_button_works_with_csrf_checks_on(dw, claimed):
    """The button's form carries the CSRF token, as a browser's POST needs it."""
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(dw.helper, backend="django.contrib.auth.backends.ModelBackend")
    page = browser.get(WISHES).content.decode()
    start = page.index('data-field="household_id_number"')
    form = page[start : page.index("</form>", start)]
    token = form.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]

    response = show_wish(browser, claimed, "household_id_number", HTTP_X_CSRFTOKEN=token)

    assert response.status_code == 200
    assert ID_NUMBER in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("model", ["wish", "pledge"])
def test_the_admin_shows_the_numbers_masked(dw, client_for, claimed, model):
    target = claimed if model == "wish" else make_pledge(dw, contact_phone=DONOR_PHONE)
    superuser = UserFactory(is_staff=True, is_superuser=True)

    response = client_for(superuser).get(
        reverse(f"admin:donations_{model}_change", args=[target.pk]), follow=True
    )

    page = response.content.decode()
    assert response.status_code == 200
    for full in (PHONE, ID_NUMBER, DONOR_PHONE):
        assert full not in page
    assert ("138****1234" if model == "wish" else "139****5678") in page
