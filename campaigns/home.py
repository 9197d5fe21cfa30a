"""What the home page shows from this app.

`home_context(user)` feeds templates/campaigns/_home.html, included by the home page:
the open assignments of the person's units (sent back first, then overdue) and what waits
for them to accept; `campaign_returned`, those sent back, for the home page's "came back to
you" card.
"""

from campaigns import selectors
from campaigns.models import AssignmentState
from portal.clock import china_today
from portal.models import Role
from portal.scoping import roles_of


def home_context(user) -> dict:
    roles = roles_of(user)
    context: dict = {"campaign_assignments": None}
    if roles & {Role.REPORTER, Role.APPROVER}:
        today = china_today()
        rows = [a for a in selectors.my_assignments(user, today=today) if a.is_open]
        # Sent back to the unit: what to do first (the sort keeps the rest in order).
        rows.sort(key=lambda a: a.state != AssignmentState.RETURNED)
        context.update(
            campaign_assignments=rows[:5],
            campaign_returned=[a for a in rows if a.state == AssignmentState.RETURNED],
            campaign_open_count=len(rows),
            campaign_overdue_count=sum(1 for a in rows if a.deadline and a.deadline < today),
        )
    if roles:
        context["campaign_waiting_count"] = selectors.lead_queue(user).count()
    return context
