"""The form an administrator fills from the State Council's holiday notice."""

import re
from datetime import date, timedelta

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.workdays import arrangement_errors

# A date as the State Council's notice or a clerk writes it: 2027-02-15, 2027/2/15,
# 2027年2月15日, or without the year (2月15日, 02-15) for the year being entered.
_DATE = r"(?:\d{4}\s*[-/.年]\s*)?\d{1,2}\s*[-/.月]\s*\d{1,2}\s*[日号]?"
_DATE_PARTS = re.compile(r"(?:(\d{4})\s*[-/.年]\s*)?(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
# The end of a range may give the day alone: 2月15日至21日.
_DAY_ONLY = re.compile(r"(\d{1,2})\s*[日号]")
# A short note in brackets after a date: （农历除夕）, (周日).
_NOTE = r"(?:\s*[（(][^（()）]{0,10}[）)])?"
_ENTRY = re.compile(
    rf"^(?P<before>.*?)(?P<first>{_DATE}){_NOTE}"
    rf"(?:\s*(?:至|到|~|～|－|—|–|-)+\s*(?P<last>{_DATE}|\d{{1,2}}\s*[日号]){_NOTE})?"
    rf"(?P<after>.*)$"
)
# Entries are separated by new lines, commas, semicolons, full stops or the enumeration
# comma (、).
_SEPARATORS = re.compile(r"[\n,，;；、。]+")
# Words of the notice around the dates that are not a name: 放假调休, 上班, 共7天, and the
# numbering of its paragraphs (一、二、).
_NOISE = re.compile(r"放假调休|放假|调休|上班|共\s*\d+\s*天|^[一二三四五六七八九十]+$")
_PUNCTUATION = " \t:：.()（）[]【】“”\"'"
# Leftover text that still looks like a date: a second date was written without a separator.
_STRAY_DATE = re.compile(r"\d+\s*[月日号/]|\d{4}\s*[-年]|\d+\s*-\s*\d+")
# The longest holiday so far is nine days (Spring Festival 2026); a longer range is a typo.
LONGEST_RANGE_DAYS = 15
NAME_LENGTH = 50


def _to_date(text: str, year: int, after: date | None = None) -> date:
    """A typed date; without a year, the year being entered (or the range's first date's)."""
    text = text.strip()
    if after is not None and (day_only := _DAY_ONLY.fullmatch(text)):
        return after.replace(day=int(day_only.group(1)))
    typed_year, month, day = _DATE_PARTS.match(text).groups()
    default_year = after.year if after else year
    return date(int(typed_year) if typed_year else default_year, int(month), int(day))


def _entry_days(entry: str, year: int) -> dict[date, str]:
    """The days of one entry, each with the entry's name; ValueError says what is wrong."""
    match = _ENTRY.match(entry)
    if not match:
        raise ValueError(
            gettext(
                "“%(entry)s”: no date found. Write a date as 2027-02-15 and a range as "
                "2027-02-15 至 2027-02-21."
            )
            % {"entry": entry}
        )
    name = " ".join(
        _NOISE.sub("", part).strip(_PUNCTUATION) for part in (match["before"], match["after"])
    ).strip()
    if _STRAY_DATE.search(name):
        raise ValueError(
            gettext(
                "“%(entry)s”: write one date or one range per line, or separate them with commas."
            )
            % {"entry": entry}
        )
    if len(name) > NAME_LENGTH:
        raise ValueError(
            gettext("“%(entry)s”: the name is longer than %(length)s characters.")
            % {"entry": entry, "length": NAME_LENGTH}
        )
    try:
        first = _to_date(match["first"], year)
        last = _to_date(match["last"], year, after=first) if match["last"] else first
    except ValueError:
        raise ValueError(
            gettext("“%(entry)s”: there is no such date.") % {"entry": entry}
        ) from None
    if last < first:
        raise ValueError(
            gettext("“%(entry)s”: the range ends before it begins.") % {"entry": entry}
        )
    if (last - first).days >= LONGEST_RANGE_DAYS:
        raise ValueError(
            gettext("“%(entry)s”: a range of more than %(days)s days is not a holiday.")
            % {"entry": entry, "days": LONGEST_RANGE_DAYS}
        )
    return {first + timedelta(days=n): name for n in range((last - first).days + 1)}


def parse_days(text: str, year: int) -> dict[date, str]:
    """The dates listed in `text` ("2027-01-01, 2027-02-15 至 2027-02-21 春节"), each with
    its name. Raises ValidationError naming each entry that could not be read."""
    days: dict[date, str] = {}
    errors = []
    for entry in (e.strip() for e in _SEPARATORS.split(text)):
        if not _NOISE.sub("", entry).strip(_PUNCTUATION):
            continue
        try:
            for day, name in _entry_days(entry, year).items():
                # A date listed twice keeps the first name given to it.
                days.setdefault(day, name)
        except ValueError as error:
            errors.append(str(error))
    if errors:
        raise forms.ValidationError(errors)
    return days


class WorkCalendarForm(forms.Form):
    """A year's arrangement as the State Council's notice gives it."""

    notice = forms.CharField(label=_("Notice title"), max_length=200)
    holidays = forms.CharField(
        label=_("Holidays"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Every day off, weekends inside a holiday included: one date or range a line (or "
            "separated by commas), with the holiday's name, e.g. “2027-02-15 至 2027-02-21 春节”."
        ),
        error_messages={"required": _("Enter the holidays of the notice.")},
    )
    workdays = forms.CharField(
        label=_("Make-up working days (调休上班)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("The Saturdays and Sundays worked instead, e.g. “2027-02-14 春节”."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.year = year

    def clean_holidays(self):
        return parse_days(self.cleaned_data["holidays"], self.year)

    def clean_workdays(self):
        return parse_days(self.cleaned_data["workdays"], self.year)

    def clean(self):
        cleaned = super().clean()
        # A make-up day on a weekday is said even while the holidays are still refused.
        errors = arrangement_errors(
            self.year, cleaned.get("holidays") or {}, cleaned.get("workdays") or {}
        )
        for field, messages in errors.items():
            self.add_error(field, messages)
        return cleaned


class CalendarYearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
