"""What the home page shows from this app.

`home_context(user)` feeds templates/awards/_home.html, included by the home page.
"""

from awards.models import Nomination, NominationStatus, ProgrammeStatus
from awards.selectors import programmes_for
from portal.models import Role
from portal.scoping import scope_for


def home_context(user) -> dict:
    if not user.is_authenticated:
        return {}
    programmes = list(programmes_for(user).exclude(status=ProgrammeStatus.FINAL)[:5])
    to_sign = 0
    approver = scope_for(user, [Role.APPROVER])
    if programmes and approver.unit_ids:
        to_sign = Nomination.objects.filter(
            programme__in=programmes,
            unit__in=approver.unit_ids,
            status=NominationStatus.AWAITING_SIGNOFF,
        ).count()
    return {"awards_programmes": programmes, "awards_to_sign": to_sign}
