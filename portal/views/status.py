"""The administrators' status page: the database, Redis, the workers, beat, background jobs
and failed reminder mail, each with what to do when it is not right (portal.status)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from portal import status
from portal.models import Role
from portal.scoping import has_role


@require_safe
@never_cache
@login_required
def status_page(request):
    if not has_role(request.user, Role.ADMIN):
        raise PermissionDenied
    checks = status.all_checks()
    problems = sum(check.state == status.PROBLEM for check in checks)
    return render(request, "portal/status.html", {"checks": checks, "problems": problems})
