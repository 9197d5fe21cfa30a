"""SM4 at rest (portal.encryption): a round trip, a loud failure for a wrong key or an
altered value, old keys for reading, the re-encrypting command, and the start-up checks."""

import base64
import os
import secrets
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from portal.encryption import (
    PersonalDataError,
    check_personal_data_key,
    decrypt,
    encrypt,
    key_id,
)
from portal.models import RegionLevel
from portal.templatetags.personal_data import masked_id, masked_phone
from tests.factories import RegionFactory

ROOT = Path(__file__).resolve().parents[2]
KEY_A = "00112233445566778899aabbccddeeff"
KEY_B = "ffeeddccbbaa99887766554433221100"
CONTEXT = "donations.wish.household_phone"


@override_settings(PERSONAL_DATA_KEY=KEY_A)
def test_a_round_trip_through_sm4_gcm():
    token = encrypt("13812345678", context=CONTEXT)

    assert token.startswith(f"sm4gcm:v1:{key_id(bytes.fromhex(KEY_A))}:")
    assert "13812345678" not in token
    assert decrypt(token, context=CONTEXT) == "13812345678"
    # A fresh nonce each time: equal numbers are not equal tokens.
    assert encrypt("13812345678", context=CONTEXT) != token


def test_a_wrong_key_fails_loudly():
    with override_settings(PERSONAL_DATA_KEY=KEY_A):
        token = encrypt("13812345678", context=CONTEXT)
    with override_settings(PERSONAL_DATA_KEY=KEY_B), pytest.raises(PersonalDataError):
        decrypt(token, context=CONTEXT)


@override_settings(PERSONAL_DATA_KEY=KEY_A)
def test_an_altered_value_or_another_column_fails_loudly():
    token = encrypt("13812345678", context=CONTEXT)
    head, packed = token.rsplit(":", 1)
    raw = bytearray(base64.b64decode(packed))
    raw[14] ^= 1
    altered = f"{head}:{base64.b64encode(bytes(raw)).decode()}"

    with pytest.raises(PersonalDataError):
        decrypt(altered, context=CONTEXT)
    with pytest.raises(PersonalDataError):
        decrypt(token, context="donations.pledge.contact_phone")
    with pytest.raises(PersonalDataError):
        decrypt("13812345678", context=CONTEXT)


def test_an_old_key_still_decrypts():
    with override_settings(PERSONAL_DATA_KEY=KEY_A):
        token = encrypt("610621195501012343", context=CONTEXT)
    with override_settings(PERSONAL_DATA_KEY=KEY_B, PERSONAL_DATA_OLD_KEYS=[KEY_A]):
        assert decrypt(token, context=CONTEXT) == "610621195501012343"


@override_settings(PERSONAL_DATA_KEY=None, DEBUG=True)
def test_debug_without_a_key_derives_one_from_the_secret_key():
    assert decrypt(encrypt("13812345678", context=CONTEXT), context=CONTEXT) == "13812345678"


def _raw(table, column, pk):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_the_command_moves_every_value_to_the_current_key(world):
    from donations.models import Wish

    village = RegionFactory(name="凉水岸村", level=RegionLevel.VILLAGE, parent=world.qilicun)
    with override_settings(PERSONAL_DATA_KEY=KEY_A):
        wish = Wish.objects.create(
            unit=world.yanchang_bureau,
            village=village,
            household_name="张明礼",
            household_id_number="610621195501012343",
            household_phone="13800001234",
            title="一台电暖器",
            value=Decimal("380.00"),
            deadline=date(2026, 12, 31),
            created_by=world.reporter,
        )
    old_token = _raw("donations_wish", "household_phone", wish.pk)

    with override_settings(PERSONAL_DATA_KEY=KEY_B, PERSONAL_DATA_OLD_KEYS=[KEY_A]):
        call_command("reencrypt_personal_data", stdout=open(os.devnull, "w"))  # noqa: SIM115
        call_command("reencrypt_personal_data", stdout=open(os.devnull, "w"))  # noqa: SIM115

    new_token = _raw("donations_wish", "household_phone", wish.pk)
    assert new_token != old_token
    assert new_token.startswith(f"sm4gcm:v1:{key_id(bytes.fromhex(KEY_B))}:")
    # The old key is no longer needed.
    with override_settings(PERSONAL_DATA_KEY=KEY_B, PERSONAL_DATA_OLD_KEYS=[]):
        again = Wish.objects.get(pk=wish.pk)
        assert again.household_phone == "13800001234"
        assert again.household_id_number == "610621195501012343"


@override_settings(DEBUG=False, PERSONAL_DATA_KEY=None)
def test_production_without_a_key_fails_the_checks():
    assert [error.id for error in check_personal_data_key()] == ["portal.E020"]


@override_settings(DEBUG=False, PERSONAL_DATA_KEY="not-hex")
def test_a_malformed_key_fails_the_checks():
    assert [error.id for error in check_personal_data_key()] == ["portal.E020"]


@override_settings(DEBUG=False, PERSONAL_DATA_KEY=KEY_A, PERSONAL_DATA_OLD_KEYS=[KEY_B])
def test_a_good_key_passes_the_checks():
    assert check_personal_data_key() == []


def test_the_deploy_check_names_a_missing_key():
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "portal.example.gov.cn",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "portal.E020" in result.stdout + result.stderr
    assert "PERSONAL_DATA_KEY" in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("13812345678", "138****5678"),
        ("0911-8123456", "091*****3456"),
        ("", ""),
        (None, ""),
    ],
)
def test_masked_phone(value, masked):
    assert masked_phone(value) == masked


def test_masked_id():
    assert masked_id("610102199001011234") == "610102********1234"
    assert "1990" not in masked_id("610102199001011234")
