"""Reads for the documents pages, scoped to the person.

Region documents (year-end summary, quarterly circular) are for the reviewers and
administrators of the region; a unit's report printout also for the unit's own people.
"""

import re

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from portal.models import Region, RegionLevel, Role
from portal.scoping import get_unit_for_user, scope_for, visible_regions
from submissions.models import Report
from summaries.models import IssuedDocument

PREVIEW_ROLES = (Role.REVIEWER, Role.ADMIN)
ISSUE_ROLES = (Role.ADMIN,)


def summary_regions(user, roles=PREVIEW_ROLES) -> QuerySet[Region]:
    """The nation, provinces and cities whose summaries the person may see (with `roles`)."""
    return (
        visible_regions(user, roles)
        .filter(level__in=[RegionLevel.NATION, RegionLevel.PROVINCE, RegionLevel.CITY])
        .order_by("path")
    )


def region_for_user(user, region_id, roles=PREVIEW_ROLES) -> Region:
    """The region, or 404 when the person does not oversee it."""
    return get_object_or_404(summary_regions(user, roles), pk=region_id)


def region_by_code(user, code: str, roles=PREVIEW_ROLES) -> Region:
    return get_object_or_404(summary_regions(user, roles), code=code)


def can_issue(user, region: Region) -> bool:
    return summary_regions(user, ISSUE_ROLES).filter(pk=region.pk).exists()


def report_for_printout(user, unit_id: int, year: int, quarter: int) -> Report:
    """The unit's report for the quarter: its own people and those who oversee it; 404
    for everyone else and when the unit has no report for the quarter."""
    unit = get_unit_for_user(user, unit_id)
    return get_object_or_404(
        Report.objects.select_related("unit__region"), unit=unit, year=year, quarter=quarter
    )


def visible_documents(user) -> QuerySet[IssuedDocument]:
    """Issued documents: of the regions the person oversees, and of their units."""
    overseen = scope_for(user, PREVIEW_ROLES)
    if overseen.everything:
        return IssuedDocument.objects.all()
    q = Q(unit=None) & overseen.regions_q(prefix="region__")
    q |= Q(unit__isnull=False) & scope_for(user).units_q(prefix="unit__")
    return IssuedDocument.objects.filter(q)


def document_for_user(user, pk: int) -> IssuedDocument:
    return get_object_or_404(visible_documents(user).select_related("region", "unit"), pk=pk)


def can_retry(user, document: IssuedDocument) -> bool:
    """Whether the person may have a failed or stalled document made again: who may issue
    a region's documents; for a unit's printout, whoever may print it."""
    if not document.can_be_made_again:
        return False
    if document.region_id:
        return can_issue(user, document.region)
    return True


# 陕扶办〔2026〕12号: the issuer's prefix, the year, the serial number.
DOC_NUMBER_PARTS = re.compile(r"^(?P<prefix>\S{0,20})〔(?P<year>\d{4})〕(?P<serial>\d{1,4})号$")


def next_doc_number(issuer: str, year: int) -> str:
    """The number after the last one `issuer` gave a document in `year`, in the series of
    its latest document (陕扶办〔2026〕12号 → 陕扶办〔2026〕13号); "" when it has issued none.
    Read from every issued document: an office's numbers run on whoever typed them."""
    numbers = (
        IssuedDocument.objects.filter(issuer=issuer, doc_number__contains=f"〔{year}〕")
        .order_by("-created_at", "-pk")
        .values_list("doc_number", flat=True)
    )
    parts = [match for number in numbers if (match := DOC_NUMBER_PARTS.match(number))]
    if not parts:
        return ""
    prefix = parts[0]["prefix"]
    serial = max(int(p["serial"]) for p in parts if p["prefix"] == prefix)
    return f"{prefix}〔{year}〕{serial + 1}号"
