"""Public pages: no sign-in. They show published projects, disclosed donors and the
disclosed use of funds only; never a phone number, ID number, address or household.
Anyone may send a pledge intention, or register as a caring person to light up wishes."""

from django.contrib import messages
from django.contrib.auth import login
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from donations import public_cache, rules, selectors, services
from donations.forms import PublicPledgeForm
from donations.models import Certificate, Drive, Project, ProjectStatus
from donations.signup import (
    SIGNUPS_PER_HOUR,
    SignupForm,
    SignupRefused,
    caring_person_register,
)
from portal.db_router import reads_from_replica
from portal.forms import HONEYPOT_REFUSED
from portal.models import Region
from portal.ratelimit import rate_limited
from portal.views.files import open_stored


@require_safe
@reads_from_replica
def public_index(request):
    region = None
    if request.GET.get("region", "").isdigit():
        region = get_object_or_404(Region, pk=request.GET["region"])
    key = f"index:{region.pk if region else 0}"

    def compute():
        _region, children = selectors.public_regions(region)
        projects = selectors.public_projects(region)
        return {
            "children": children,
            "projects": projects,
            "breadcrumbs": list(region.ancestors()) if region else [],
            "drives": list(selectors.public_drives()),
            "open_drives": list(selectors.open_drives(timezone.localdate())),
            "totals": {
                "budget": sum((p.budget for p in projects), start=0),
                "received": sum((p.received for p in projects), start=0),
                "needed": sum((p.still_needed for p in projects), start=0),
            },
        }

    context = public_cache.cached(key, compute)
    return render(request, "donations/public/index.html", {"region": region, **context})


@require_safe
@reads_from_replica
def public_project(request, pk: int):
    def compute():
        project = selectors.public_project(pk)
        return {
            "project": project,
            "donors": selectors.public_donors(project=project),
            "moves": selectors.public_moves(project),
            "spendings": selectors.public_spendings(project),
            "photo_ids": [a.pk for a in project.photos.all()],
            "open_drives": [
                d
                for d in selectors.open_drives(timezone.localdate())
                if d.unit_id == project.office_id
            ],
        }

    context = public_cache.cached(f"project:{pk}", compute)
    return render(request, "donations/public/project.html", context)


@require_safe
def public_project_photo(request, pk: int, photo: str):
    project = get_object_or_404(
        Project, pk=pk, status__in=[ProjectStatus.PUBLISHED, ProjectStatus.ENDED]
    )
    attachment = get_object_or_404(project.photos.all(), pk=photo)
    if not attachment.content_type.startswith("image/"):
        raise Http404
    response = FileResponse(open_stored(attachment.file), content_type=attachment.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=3600"
    return response


DONORS_PER_PAGE = 200
# More digits than any page count: such a page is the last one.
PAGE_DIGITS = 9


def _page_number(value: str) -> int:
    """The page asked for, at least 1; anything but plain ASCII digits is page 1 (`"²"`
    is a digit to str.isdigit, not to int), and a number too long to be a page is past
    the end. The caller clamps it to the last page before it is part of a cache key."""
    if not (value.isascii() and value.isdigit()):
        return 1
    digits = value.lstrip("0")
    if len(digits) > PAGE_DIGITS:
        return 10**PAGE_DIGITS
    return max(int(digits or "0"), 1)


@require_safe
@reads_from_replica
def public_drive(request, pk: int):
    """The drive's disclosure (公示): donors and what they gave, once disclosed, a page
    of donors at a time; the total covers every disclosed donor."""

    def compute_figures():
        drive = get_object_or_404(Drive.objects.exclude(donors_disclosed_at=None), pk=pk)
        return {"drive": drive, **selectors.disclosed_total(drive=drive)}

    figures = public_cache.cached(f"drive:{pk}", compute_figures)
    drive = figures["drive"]
    num_pages = max(1, -(-figures["donors"] // DONORS_PER_PAGE))
    page = min(_page_number(request.GET.get("page", "1")), num_pages)

    def compute_page():
        start = None
        if page > 1:
            # Where each page starts, once per version for every page: a deep page is
            # then read from its first donor, not by skipping the donors before it.
            starts = public_cache.cached(
                f"drive:{pk}:starts",
                lambda: selectors.public_donor_page_starts(drive=drive, per_page=DONORS_PER_PAGE),
            )
            start = starts[min(page, len(starts)) - 1] if starts else None
        rows = selectors.public_donor_page(drive=drive, start=start, per_page=DONORS_PER_PAGE)
        return [selectors.public_donor(row) for row in rows]

    donors = public_cache.cached(f"drive:{pk}:page:{page}", compute_page)
    return render(
        request,
        "donations/public/drive.html",
        {
            "drive": drive,
            "donors": donors,
            "page_number": page,
            "num_pages": num_pages,
            "donor_count": figures["donors"],
            "total": figures["total"],
        },
    )


@require_http_methods(["GET", "POST"])
def public_pledge(request, pk: int):
    today = timezone.localdate()
    drive = get_object_or_404(selectors.open_drives(today), pk=pk)
    projects = Project.objects.filter(status=ProjectStatus.PUBLISHED, office=drive.unit)
    villages = selectors.villages_under(drive.unit.region)
    form = PublicPledgeForm(
        request.POST or None,
        projects=projects,
        villages=villages,
        initial={"project": request.GET.get("project"), "designation": "project"}
        if request.GET.get("project")
        else None,
    )
    status = 200
    if request.method == "POST":
        if rate_limited(request, "pledge", limit=rules.PUBLIC_PLEDGES_PER_HOUR):
            messages.error(
                request,
                _(
                    "Too many pledge intentions from your connection in the last hour. "
                    "Please try again later, or call the county office."
                ),
            )
            status = 429
        elif form.is_bot:
            messages.error(request, HONEYPOT_REFUSED)
            status = 400
        elif form.is_valid():
            data = form.cleaned_data
            try:
                services.pledge_intention_submit(
                    drive=drive,
                    donor_type=data["donor_type"],
                    donor_name=data["donor_name"],
                    kind=data["kind"],
                    amount=data["amount"],
                    designation=data["designation"],
                    project=data["project"],
                    village=data["village"],
                    items=data["items"],
                    anonymous=data["anonymous"],
                    contact_phone=data["contact_phone"],
                    note=data["note"],
                )
            except services.DonationError as error:
                messages.error(request, str(error))
            else:
                return redirect("donations:public-thanks")
    return render(
        request, "donations/public/pledge.html", {"drive": drive, "form": form}, status=status
    )


@require_safe
def public_thanks(request):
    return render(request, "donations/public/thanks.html")


@require_safe
@reads_from_replica
def certificate_verify(request, token):
    certificate = get_object_or_404(
        Certificate.objects.select_related("pledge__drive"), token=token
    )
    return render(request, "donations/public/certificate.html", {"certificate": certificate})


@require_safe
@reads_from_replica
def public_wishes(request):
    wishes = public_cache.cached("wishes", lambda: list(selectors.public_wishes()[:200]))
    return render(request, "donations/public/wishes.html", {"wishes": wishes})


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


@require_http_methods(["GET", "POST"])
def public_join(request):
    """A caring person (爱心人士) registers to light up micro-wishes, and is signed in."""
    next_url = _safe_next(request)
    if request.user.is_authenticated:
        return redirect(next_url or "donations:public-wishes")
    form = SignupForm(request.POST or None)
    status = 200
    if request.method == "POST":
        refusal = None
        if rate_limited(request, "signup", limit=SIGNUPS_PER_HOUR):
            refusal, status = (
                _(
                    "Too many sign-ups from your connection in the last hour. Nothing was "
                    "registered; please try again later."
                ),
                429,
            )
        elif form.is_bot:
            refusal, status = (
                _(
                    "Your sign-up was not accepted: the field that must stay empty was filled "
                    "in. Please clear it and try again."
                ),
                400,
            )
        elif form.is_valid():
            data = form.cleaned_data
            try:
                user = caring_person_register(
                    username=data["username"],
                    full_name=data["full_name"],
                    phone=data["phone"],
                    email=data["email"],
                    password=data["password1"],
                )
            except SignupRefused as refused:
                form.add_error(None, refused.error)
            else:
                # Axes is the first backend and wants credentials; naming the model backend
                # signs the new person in directly, and axes still logs the sign-in.
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(
                    request,
                    _(
                        "Welcome, %(name)s: you are registered and signed in. Choose a wish "
                        "and light it up."
                    )
                    % {"name": user.full_name},
                )
                return redirect(next_url or "donations:public-wishes")
        if refusal:
            messages.error(request, refusal)
            # Unbound, so nothing is checked (nor a taken name revealed) for a refused
            # sign-up: it only shows again what was typed, without the passwords.
            form = SignupForm(initial=form.kept_input())
    return render(
        request, "donations/public/join.html", {"form": form, "next": next_url}, status=status
    )
