"""What the home page shows from this app.

`home_context(user)` feeds templates/summaries/_home.html, included by the home page:
the unit's latest filed reports to print for the archive, and for reviewers and
administrators the latest issued documents.
"""

from portal.models import Role
from portal.scoping import roles_of, scope_for
from submissions.models import Report, ReportStatus
from summaries import selectors

UNIT_ROLES = (Role.REPORTER, Role.APPROVER)


def home_context(user) -> dict:
    roles = roles_of(user)
    context = {"summaries_printouts": [], "summaries_documents": None}
    if roles & set(UNIT_ROLES):
        unit_ids = scope_for(user, UNIT_ROLES).unit_ids
        context["summaries_printouts"] = list(
            Report.objects.filter(
                unit_id__in=unit_ids, status__in=[ReportStatus.SUBMITTED, ReportStatus.ADOPTED]
            )
            .select_related("unit")
            .order_by("-year", "-quarter", "unit__name")[:4]
        )
    if roles & set(selectors.PREVIEW_ROLES):
        context["summaries_documents"] = list(
            selectors.visible_documents(user).exclude(unit__isnull=False)[:5]
        )
    return context
