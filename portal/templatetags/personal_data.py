"""`{% load personal_data %}` then `{{ wish.household_phone|masked_phone }}` (138****5678)
and `{{ wish.household_id_number|masked_id }}` (610102********1234): what a page shows of a
phone or ID number until someone who needs it in full asks to see it (and is journaled)."""

from django import template

register = template.Library()


def _mask(value: str, *, keep_start: int, keep_end: int) -> str:
    value = (value or "").strip()
    if not value:
        return ""
    if len(value) <= keep_start + keep_end:
        # Too short to keep both ends: keep at most the last two characters.
        keep = min(2, len(value) // 3)
        return "*" * (len(value) - keep) + value[len(value) - keep :]
    hidden = len(value) - keep_start - keep_end
    return value[:keep_start] + "*" * hidden + value[len(value) - keep_end :]


@register.filter
def masked_phone(value) -> str:
    """The first 3 and last 4 characters: 13812345678 → 138****5678."""
    return _mask(str(value or ""), keep_start=3, keep_end=4)


@register.filter
def masked_id(value) -> str:
    """The region code (6) and the last 4: 610102199001011234 → 610102********1234."""
    return _mask(str(value or ""), keep_start=6, keep_end=4)
