"""Personal data encrypted at rest: SM4 (GB/T 32907) in GCM mode, through `cryptography`.

A value is stored as `sm4gcm:v1:<key id>:<base64 of nonce, ciphertext and tag>`. GCM's tag
makes a wrong key or an edited value fail loudly (PersonalDataError) instead of reading as
garbage; the associated data binds the value to its column (`donations.wish.household_phone`),
so a value copied into another column does not decrypt either. The key id (8 hex digits of
an HMAC-SM3 of the key) picks the key: the current one, PERSONAL_DATA_KEY, or one of
PERSONAL_DATA_OLD_KEYS while `manage.py reencrypt_personal_data` moves rows to the current
key.

A random nonce makes equal values differ, so `filter(field=...)` is refused below rather
than silently matching nothing. A value that must be found or kept unique (a person's mobile
number, User.phone) has a blind index beside it (User.phone_index): `blind_index()`, an
HMAC-SM3 of the normalised value under a key derived from PERSONAL_DATA_KEY, which the unique
constraint and every lookup compare. It reveals which rows share a value, nothing of the
value without the key. Rotating the key changes every index: `reencrypt_personal_data`
recomputes them, and until it has, lookups also try the old keys (`blind_indexes()`).
"""

import base64
import binascii
import hashlib
import hmac
import os
import re

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models.lookups import Exact, IsNull

PREFIX = "sm4gcm"
VERSION = "v1"
NONCE_BYTES = 12
TAG_BYTES = 16
KEY_HEX = re.compile(r"[0-9a-fA-F]{32}")


class PersonalDataError(Exception):
    """A stored value that no configured key opens: a wrong or missing key, or a value
    edited in the database."""


def _digest() -> str:
    # SM3 where this OpenSSL offers it (it does in the builds we ship); SHA-256 otherwise.
    return "sm3" if "sm3" in hashlib.algorithms_available else "sha256"


def _parse_key(raw: str, name: str) -> bytes:
    raw = raw.strip()
    if not KEY_HEX.fullmatch(raw):
        raise ImproperlyConfigured(f"{name} must be 32 hex digits (a 128-bit SM4 key).")
    return bytes.fromhex(raw)


def current_key() -> bytes:
    """PERSONAL_DATA_KEY; with DEBUG and no key, one derived from SECRET_KEY so that a
    local demo runs (its data is only as safe as that key)."""
    raw = getattr(settings, "PERSONAL_DATA_KEY", None)
    if raw:
        return _parse_key(raw, "PERSONAL_DATA_KEY")
    if settings.DEBUG:
        return hmac.new(
            settings.SECRET_KEY.encode(), b"personal-data-key", hashlib.sha256
        ).digest()[:16]
    raise ImproperlyConfigured("Set PERSONAL_DATA_KEY (32 hex digits) to store personal data.")


def old_keys() -> list[bytes]:
    return [
        _parse_key(raw, "PERSONAL_DATA_OLD_KEYS")
        for raw in getattr(settings, "PERSONAL_DATA_OLD_KEYS", [])
    ]


def key_id(key: bytes) -> str:
    return hmac.new(key, b"sm4 key id", _digest()).hexdigest()[:8]


def _cipher(key: bytes, mode) -> Cipher:
    return Cipher(algorithms.SM4(key), mode)


def encrypt(text: str, *, context: str) -> str:
    """The token for `text` under the current key; `context` names the column."""
    key = current_key()
    nonce = os.urandom(NONCE_BYTES)
    encryptor = _cipher(key, modes.GCM(nonce)).encryptor()
    encryptor.authenticate_additional_data(context.encode())
    body = encryptor.update(text.encode()) + encryptor.finalize()
    packed = base64.b64encode(nonce + body + encryptor.tag).decode("ascii")
    return f"{PREFIX}:{VERSION}:{key_id(key)}:{packed}"


def is_token(value: str) -> bool:
    return value.startswith(f"{PREFIX}:")


def token_key_id(token: str) -> str:
    parts = token.split(":")
    if len(parts) != 4 or parts[0] != PREFIX or parts[1] != VERSION:
        raise PersonalDataError("Not an encrypted personal-data value.")
    return parts[2]


def decrypt(token: str, *, context: str) -> str:
    kid = token_key_id(token)
    keys = {key_id(key): key for key in [*old_keys(), current_key()]}
    key = keys.get(kid)
    if key is None:
        raise PersonalDataError(
            f"Personal data ({context}) was encrypted with key {kid}, which is neither "
            "PERSONAL_DATA_KEY nor in PERSONAL_DATA_OLD_KEYS."
        )
    try:
        packed = base64.b64decode(token.split(":")[3], validate=True)
    except binascii.Error as error:
        raise PersonalDataError(f"Personal data ({context}) is not valid base64.") from error
    if len(packed) < NONCE_BYTES + TAG_BYTES:
        raise PersonalDataError(f"Personal data ({context}) is truncated.")
    nonce, body, tag = packed[:NONCE_BYTES], packed[NONCE_BYTES:-TAG_BYTES], packed[-TAG_BYTES:]
    decryptor = _cipher(key, modes.GCM(nonce, tag)).decryptor()
    decryptor.authenticate_additional_data(context.encode())
    try:
        return (decryptor.update(body) + decryptor.finalize()).decode()
    except InvalidTag as error:
        raise PersonalDataError(
            f"Personal data ({context}) does not open with key {kid}: altered in the database?"
        ) from error


def needs_reencryption(token: str) -> bool:
    return bool(token) and token_key_id(token) != key_id(current_key())


def normalise_phone(value: str) -> str:
    """Spaces, hyphens, brackets and a leading +86 / 0086 are how people write a number;
    what is stored is the digits alone, so a duplicate is found however it was typed."""
    compact = re.sub(r"[\s\-()（）]", "", value or "")
    for prefix in ("+86", "0086"):
        if compact.startswith(prefix):
            return compact[len(prefix) :]
    return compact


def _normalise(value: str, context: str) -> str:
    # Equal values written differently must share an index: a phone number (a column named
    # phone) as people write numbers, anything else with its outer spaces stripped.
    if context.rsplit(".", 1)[-1].endswith("phone"):
        return normalise_phone(value)
    return value.strip()


def _blind_index(key: bytes, value: str, context: str) -> str:
    normalised = _normalise(value or "", context)
    if not normalised:
        return ""
    # A key of its own, so that an index never equals anything made with the SM4 key.
    index_key = hmac.new(key, b"blind index", _digest()).digest()
    message = context.encode() + b"\0" + normalised.encode()
    return hmac.new(index_key, message, _digest()).hexdigest()


def blind_index(value: str, *, context: str) -> str:
    """The index stored beside an encrypted value (64 hex digits; empty for an empty
    value), under the current key. `context` names the column, as for encrypt()."""
    return _blind_index(current_key(), value, context)


def blind_indexes(value: str, *, context: str) -> list[str]:
    """The value's index under the current key and each old one: what a lookup compares,
    so that a row still indexed under an old key is found while the keys rotate."""
    indexes = {_blind_index(key, value, context) for key in [current_key(), *old_keys()]}
    return sorted(index for index in indexes if index)


class EncryptedCharField(models.CharField):
    """A CharField whose value is encrypted in the database. `max_length` and validators
    apply to the clear value (full_clean sees what was typed); the column is text, as
    long as a token needs. The empty string stays empty (blank is not secret)."""

    def get_internal_type(self):
        return "TextField"

    @property
    def context(self) -> str:
        return f"{self.model._meta.label_lower}.{self.name}"

    def from_db_value(self, value, expression, connection):
        if not value:
            return value
        return decrypt(value, context=self.context)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if not value:
            return value
        return encrypt(value, context=self.context)

    def get_lookup(self, lookup_name):
        # Only "is it empty" can be asked of a value encrypted with a random nonce.
        return {"exact": EmptyOnlyExact, "isnull": IsNull}.get(lookup_name)

    def get_transform(self, name):
        return None


class EmptyOnlyExact(Exact):
    def get_prep_lookup(self):
        if self.rhs and not hasattr(self.rhs, "resolve_expression"):
            raise PersonalDataError(
                "Encrypted personal data cannot be looked up by value; compare a blind index."
            )
        return super().get_prep_lookup()


@checks.register(checks.Tags.security, deploy=True)
def check_personal_data_key(app_configs=None, **kwargs):
    """Outside DEBUG the key must come from the environment; a malformed one is refused.
    A deployment check, as commands that store nothing (makemigrations) need no key; what
    stores or reads personal data without one raises ImproperlyConfigured."""
    errors = []
    try:
        if not settings.DEBUG and not getattr(settings, "PERSONAL_DATA_KEY", None):
            raise ImproperlyConfigured(
                "PERSONAL_DATA_KEY is not set: personal data (phone and ID numbers) cannot be "
                "encrypted."
            )
        current_key()
        old_keys()
    except ImproperlyConfigured as error:
        errors.append(
            checks.Error(
                str(error),
                hint="Generate one with: python -c 'import secrets; print(secrets.token_hex(16))'",
                id="portal.E020",
            )
        )
    return errors
