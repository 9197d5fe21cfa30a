"""People's mobile numbers (User.phone) encrypted at rest, with a blind index
(User.phone_index) for one number, one account: nothing clear in the database, the
constraint on the index, lookups through it, the migration, and key rotation."""

import os

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test import override_settings
from django.urls import reverse

from donations.signup import IDENTITY_TAKEN, SignupRefused, caring_person_register
from portal.encryption import PersonalDataError, blind_index, key_id
from portal.identity import phone_in_use
from portal.models import User
from tests.factories import UserFactory
from tests.migration_graph import originals_executor

KEY_A = "00112233445566778899aabbccddeeff"
KEY_B = "ffeeddccbbaa99887766554433221100"
CONTEXT = "portal.user.phone"
PHONE = "13912345678"


def raw(table: str, column: str, where: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE {where} = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def raw_history(pk: int) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM portal_historicaluser WHERE id = %s", [pk])
        return [row[0] for row in cursor.fetchall()]


# --- The index ----------------------------------------------------------------------------


@override_settings(PERSONAL_DATA_KEY=KEY_A)
def test_the_index_is_the_same_however_the_number_is_typed():
    index = blind_index(PHONE, context=CONTEXT)

    assert len(index) == 64 and PHONE not in index
    for typed in ("139 1234 5678", "+86 139-1234-5678", "0086 13912345678", "(139)12345678"):
        assert blind_index(typed, context=CONTEXT) == index
    assert blind_index("13912345679", context=CONTEXT) != index
    # Bound to its column, and keyed: another column or another key gives another index.
    assert blind_index(PHONE, context="portal.unit.phone") != index
    with override_settings(PERSONAL_DATA_KEY=KEY_B):
        assert blind_index(PHONE, context=CONTEXT) != index
    assert blind_index("", context=CONTEXT) == blind_index(" - ", context=CONTEXT) == ""


# --- At rest ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_database_holds_no_clear_number(world):
    user = UserFactory(phone=PHONE)
    user.full_name = "改了名字"
    user.save()

    stored = [raw("portal_user", "phone", "id", user.pk), *raw_history(user.pk)]
    assert len(stored) == 3  # the person, and two history rows
    for token in stored:
        assert token.startswith("sm4gcm:v1:")
        assert PHONE not in token
    assert raw("portal_user", "phone_index", "id", user.pk) == blind_index(PHONE, context=CONTEXT)
    # What the portal reads back is what was typed, also in the history.
    assert User.objects.get(pk=user.pk).phone == PHONE
    assert {record.phone for record in user.history.all()} == {PHONE}


@pytest.mark.django_db
def test_no_number_no_index(world):
    user = UserFactory()
    assert raw("portal_user", "phone", "id", user.pk) == ""
    assert raw("portal_user", "phone_index", "id", user.pk) == ""


@pytest.mark.django_db
def test_looking_people_up_by_number_is_refused(world):
    with pytest.raises(PersonalDataError):
        list(User.objects.filter(phone=PHONE))


@pytest.mark.django_db
def test_a_changed_number_changes_the_index(world):
    user = UserFactory(phone=PHONE)
    user.phone = "13700000000"
    user.save(update_fields=["phone"])

    assert raw("portal_user", "phone_index", "id", user.pk) == blind_index(
        "13700000000", context=CONTEXT
    )
    assert phone_in_use("137 0000 0000") and not phone_in_use(PHONE)


@pytest.mark.django_db
def test_full_clean_sees_the_index_and_the_constraint(world):
    from django.core.exceptions import ValidationError

    UserFactory(phone=PHONE)
    other = User(username="other", phone="+86 139 1234 5678")
    other.set_unusable_password()

    with pytest.raises(ValidationError) as refused:
        other.full_clean()
    assert "此手机号码已属于另一个账号。" in str(refused.value)


# --- One number, one account --------------------------------------------------------------


@pytest.mark.django_db
def test_two_people_with_one_number_are_refused_by_the_database(world):
    UserFactory(phone=PHONE)

    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(phone="139-1234-5678")
    # Many people may have no number.
    UserFactory()
    UserFactory()


@pytest.mark.django_db
def test_sign_up_refuses_a_taken_number_without_saying_which(world):
    UserFactory(phone=PHONE)

    with pytest.raises(SignupRefused) as refused:
        caring_person_register(
            username="li_aixin",
            full_name="李爱心",
            phone="+86 139 1234 5678",
            email="li.aixin@example.com",
            password="a-long-passphrase-42",
        )
    # The one message for a taken number or email, saying neither which.
    assert refused.value.error.code == "identity_taken"
    assert refused.value.error.message == IDENTITY_TAKEN


@pytest.mark.django_db
def test_the_admin_finds_a_person_by_the_whole_number(world, client_for):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    person = UserFactory(full_name="电话找到的人", phone=PHONE)
    client = client_for(superuser)
    url = reverse("admin:portal_user_changelist")

    found = client.get(url, {"q": "+86 139 1234 5678"})
    assert found.status_code == 200
    assert list(found.context["cl"].result_list) == [person]
    # Part of a number finds nothing: only the whole number has an index.
    assert list(client.get(url, {"q": "1391234"}).context["cl"].result_list) == []
    # The other fields are still searched.
    assert person in client.get(url, {"q": "电话找到"}).context["cl"].result_list


# --- Key rotation -------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_command_moves_phones_to_the_new_key_and_recomputes_the_index(world):
    with override_settings(PERSONAL_DATA_KEY=KEY_A):
        user = UserFactory(phone=PHONE)
    old_token = raw("portal_user", "phone", "id", user.pk)

    with override_settings(PERSONAL_DATA_KEY=KEY_B, PERSONAL_DATA_OLD_KEYS=[KEY_A]):
        # Before the command: the old key's index is still found.
        assert phone_in_use(PHONE)
        call_command("reencrypt_personal_data", stdout=open(os.devnull, "w"))  # noqa: SIM115
        call_command("reencrypt_personal_data", stdout=open(os.devnull, "w"))  # noqa: SIM115

    new_key = key_id(bytes.fromhex(KEY_B))
    token = raw("portal_user", "phone", "id", user.pk)
    assert token != old_token and token.startswith(f"sm4gcm:v1:{new_key}:")
    assert all(t.startswith(f"sm4gcm:v1:{new_key}:") for t in raw_history(user.pk))
    with override_settings(PERSONAL_DATA_KEY=KEY_B, PERSONAL_DATA_OLD_KEYS=[]):
        assert raw("portal_user", "phone_index", "id", user.pk) == blind_index(
            PHONE, context=CONTEXT
        )
        assert User.objects.get(pk=user.pk).phone == PHONE
        assert {record.phone for record in user.history.all()} == {PHONE}
        assert phone_in_use("139 1234 5678")
        with pytest.raises(IntegrityError), transaction.atomic():
            UserFactory(phone=PHONE)


# --- The migration ------------------------------------------------------------------------

BEFORE = ("portal", "0006_security_controls")
LATEST = None  # every app's newest migration: going back to BEFORE also undid later ones


def _migrate(target):
    executor = originals_executor(connection)
    executor.migrate([target] if target else executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_existing_rows_and_back(world):
    """Forwards: clear numbers become tokens and get their index; backwards: the numbers
    again, in the people's table and their history."""
    user = UserFactory(phone=PHONE)
    try:
        _migrate(BEFORE)
        assert raw("portal_user", "phone", "id", user.pk) == PHONE
        assert set(raw_history(user.pk)) == {PHONE}
        # A number stored as typed before numbers were normalised.
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE portal_user SET phone = %s WHERE id = %s", ["139 1234 5678", user.pk]
            )
    finally:
        _migrate(LATEST)
    assert raw("portal_user", "phone", "id", user.pk).startswith("sm4gcm:v1:")
    assert all(token.startswith("sm4gcm:v1:") for token in raw_history(user.pk))
    assert raw("portal_user", "phone_index", "id", user.pk) == blind_index(PHONE, context=CONTEXT)
    assert User.objects.get(pk=user.pk).phone == "139 1234 5678"
    assert phone_in_use(PHONE)


@pytest.mark.django_db(transaction=True)
def test_the_migration_stops_at_one_number_on_two_accounts(world):
    first, second = UserFactory(username="first", phone=PHONE), UserFactory(username="second")
    try:
        _migrate(BEFORE)
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE portal_user SET phone = %s WHERE id = %s", ["139 1234 5678", second.pk]
            )
        with pytest.raises(RuntimeError, match="first and second"):
            _migrate(LATEST)
        with connection.cursor() as cursor:
            cursor.execute("UPDATE portal_user SET phone = '' WHERE id = %s", [second.pk])
    finally:
        _migrate(LATEST)
    assert User.objects.get(pk=first.pk).phone == PHONE
    assert User.objects.get(pk=second.pk).phone == ""


@pytest.mark.parametrize(
    "name",
    [
        "0007_user_phone_encrypted",
        "0008_user_phone_encrypt_rows",
        "0009_user_phone_encrypted_field",
    ],
)
def test_the_migrations_are_reversible(name):
    import importlib

    migration = importlib.import_module(f"portal.migrations.{name}")
    assert all(op.reversible for op in migration.Migration.operations)
