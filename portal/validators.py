"""Checks on identity numbers that several apps take from a form."""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# GB 11643-1999: 6 digits of the registering region, the birth date YYYYMMDD, 3 digits of
# sequence, then a check character over the first 17.
CITIZEN_ID = re.compile(r"\d{17}[\dX]")
CHECK_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARACTERS = "10X98765432"


def normalise_citizen_id(value: str) -> str:
    """What people type around the number (spaces, a lower-case x) is not part of it."""
    return "".join((value or "").split()).upper()


def validate_citizen_id(value: str) -> None:
    """The 18-character citizen ID number of GB 11643: digits, a real birth date, and the
    check character (ISO 7064 MOD 11-2) the first 17 give. `value` is normalised."""
    if not CITIZEN_ID.fullmatch(value):
        raise ValidationError(
            _("A citizen ID number has 18 characters: 17 digits, then a digit or X."),
            code="id_format",
        )
    try:
        born = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        born = None
    if born is None or born.year < 1900:
        raise ValidationError(
            _(
                "Characters 7 to 14 of a citizen ID number are the birth date: these are not a "
                "real date."
            ),
            code="id_birth_date",
        )
    total = sum(int(digit) * weight for digit, weight in zip(value, CHECK_WEIGHTS, strict=False))
    if value[17] != CHECK_CHARACTERS[total % 11]:
        raise ValidationError(
            _("This ID number's last character does not match the others: please check it."),
            code="id_check_digit",
        )
