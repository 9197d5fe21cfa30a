"""Every read the donations pages need. Staff reads are scoped through portal.scoping;
public reads return only published projects and disclosed donors, never contact data."""

from datetime import date, datetime

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, Mod, RowNumber
from django.shortcuts import get_object_or_404

from donations import access, rules
from donations.models import (
    DOCKED_STATUSES,
    MONEY_FIELD,
    ZERO,
    Designation,
    Drive,
    EntryKind,
    GiftKind,
    LedgerEntry,
    Pledge,
    PledgeStatus,
    Project,
    ProjectStatus,
    Reallocation,
    Receipt,
    ReceiptStatus,
    Spending,
    Wish,
    WishStatus,
    fen,
    money_sum,
)
from portal.clock import CHINA
from portal.models import Region, RegionLevel, Role, Unit
from portal.scoping import scope_for, scope_queryset, visible_units

PUBLIC_STATUSES = (ProjectStatus.PUBLISHED, ProjectStatus.ENDED)


def _sum_subquery(queryset, field="amount") -> Coalesce:
    agg = (
        queryset.order_by()
        .annotate(_group=Value(1))
        .values("_group")
        .annotate(total=money_sum(field))
        .values("total")
    )
    return Coalesce(Subquery(agg, output_field=MONEY_FIELD), Value(ZERO), output_field=MONEY_FIELD)


def _project_cash_given(**project):
    """Cash given for a project, from the ledger: received for it, plus what donors
    agreed to move in from other uses, less what they agreed to move out. A move takes
    only the amount agreed and the pledge keeps the donor's designation, so the ledger,
    not the pledge, says which project holds each part. Goods are never moved."""
    return LedgerEntry.objects.filter(**project).exclude(kind=EntryKind.SPENDING)


def _cash_given(entries: QuerySet) -> QuerySet:
    """Ledger entries of cash given (received, and moved with the donor's consent), not
    spending: summed by where they are booked, they say which use holds what was given."""
    return entries.exclude(kind=EntryKind.SPENDING)


def _confirmed_goods(receipts: QuerySet) -> QuerySet:
    return receipts.filter(status=ReceiptStatus.CONFIRMED, kind=GiftKind.GOODS)


def entry_designation() -> Case:
    """The use a ledger entry is booked under: a project, a village, or the central account."""
    return Case(
        When(project__isnull=False, then=Value(Designation.PROJECT)),
        When(village__isnull=False, then=Value(Designation.VILLAGE)),
        default=Value(Designation.NONE),
        output_field=CharField(),
    )


def _project_goods_given(**project):
    return Receipt.objects.filter(
        status=ReceiptStatus.CONFIRMED,
        kind=GiftKind.GOODS,
        **{f"pledge__{key}": value for key, value in project.items()},
    )


def with_project_totals(projects: QuerySet) -> QuerySet:
    """Annotate received (cash given for the project and confirmed goods), spent and the
    cash balance."""
    return projects.annotate(
        received=ExpressionWrapper(
            _sum_subquery(_project_cash_given(project=OuterRef("pk")))
            + _sum_subquery(_project_goods_given(project=OuterRef("pk"))),
            output_field=MONEY_FIELD,
        ),
        cash_balance=_sum_subquery(LedgerEntry.objects.filter(project=OuterRef("pk"))),
        spent=_sum_subquery(Spending.objects.filter(project=OuterRef("pk"))),
    )


# --- Public -------------------------------------------------------------------------


def public_regions(region: Region | None) -> tuple[Region | None, list[Region]]:
    """The region being browsed and its child regions that have published projects."""
    base = Project.objects.filter(status__in=PUBLIC_STATUSES)
    if region is not None:
        base = base.filter(village__path__startswith=region.path)
        children = Region.objects.filter(parent=region)
    else:
        children = Region.objects.filter(parent=None)
    paths = set(base.values_list("village__path", flat=True).distinct())
    shown = [
        c for c in children.order_by("code", "name") if any(p.startswith(c.path) for p in paths)
    ]
    return region, shown


def public_projects(region: Region | None) -> list[Project]:
    projects = Project.objects.filter(status__in=PUBLIC_STATUSES).select_related("village")
    if region is not None:
        projects = projects.filter(village__path__startswith=region.path)
    rows = list(with_project_totals(projects).order_by("village__path", "title"))
    for project in rows:
        _public_needs(project)
    return rows


def _public_needs(project: Project) -> None:
    """What the public is told a project still needs: nothing once it has ended (it takes
    no more claims, whatever its budget left unmet); the page says it ended instead."""
    project.ended = project.status == ProjectStatus.ENDED
    project.still_needed = ZERO if project.ended else max(project.budget - project.received, ZERO)


def public_project(pk: int) -> Project:
    projects = Project.objects.filter(status__in=PUBLIC_STATUSES).select_related("village")
    project = get_object_or_404(with_project_totals(projects), pk=pk)
    _public_needs(project)
    return project


DONOR_FIELDS = (
    "pledge_id",
    "pledge__donor_name",
    "pledge__donor_type",
    "pledge__anonymous",
    "pledge__kind",
)
DISCLOSED_PLEDGES = {
    "pledge__status__in": [PledgeStatus.CONFIRMED, PledgeStatus.WITHDRAWN],
    "pledge__disclosed_at__isnull": False,
}


def _disclosed_receipts(drive: Drive):
    return Receipt.objects.filter(
        status=ReceiptStatus.CONFIRMED, pledge__drive=drive, **DISCLOSED_PLEDGES
    )


def _disclosed_donors(drive: Drive) -> QuerySet[Pledge]:
    """A drive's public donors: its disclosed pledges with a confirmed receipt, listed by
    name, never by amount (the portal does not rank donors), in the order of the index
    pledge_drive_donor_order."""
    return Pledge.objects.filter(
        Exists(Receipt.objects.filter(pledge=OuterRef("pk"), status=ReceiptStatus.CONFIRMED)),
        drive=drive,
        **{key.removeprefix("pledge__"): value for key, value in DISCLOSED_PLEDGES.items()},
    ).order_by("donor_name", "pk")


def public_donor_page_starts(*, drive: Drive, per_page: int) -> list[tuple[str, int]]:
    """The (name, id) of the first donor of each page of `per_page` donors. One pass over
    the donors (no receipt is summed); with these, any page is read from where it starts
    instead of skipping the donors before it."""
    numbered = _disclosed_donors(drive).annotate(
        number=Window(RowNumber(), order_by=[F("donor_name").asc(), F("pk").asc()])
    )
    return [
        (name, pk)
        for name, pk in numbered.annotate(slot=Mod(F("number") - 1, per_page))
        .filter(slot=0)
        .values_list("donor_name", "pk")
    ]


def public_donor_page(*, drive: Drive, start: tuple[str, int] | None, per_page: int) -> list[dict]:
    """A page of the drive's public donors from `start` (a page's first donor, from
    public_donor_page_starts; None for the first page) with what each gave (confirmed
    receipts). Two queries, whatever the page: the pledges by the index, then the
    receipts of those pledges only."""
    donors = _disclosed_donors(drive)
    if start is not None:
        name, pk = start
        donors = donors.filter(
            Q(donor_name__gt=name) | Q(donor_name=name, pk__gte=pk), donor_name__gte=name
        )
    pledges = list(
        donors.values_list("pk", "donor_name", "donor_type", "anonymous", "kind")[:per_page]
    )
    received = dict(
        Receipt.objects.filter(
            pledge_id__in=[pledge[0] for pledge in pledges], status=ReceiptStatus.CONFIRMED
        )
        .order_by()
        .values("pledge_id")
        .annotate(total=money_sum("amount"))
        .values_list("pledge_id", "total")
    )
    return [
        {**dict(zip(DONOR_FIELDS, pledge, strict=True)), "received": received.get(pledge[0], ZERO)}
        for pledge in pledges
    ]


def project_donor_rows(project: Project) -> list[dict]:
    """A project's disclosed donors with what they gave for it: cash from the ledger (so
    what a donor agreed to move elsewhere is not shown here, and what was moved in is),
    goods from the confirmed receipts. Two grouped queries; listed by name."""
    rows: dict[int, dict] = {}
    for queryset in (
        _project_cash_given(project=project).filter(**DISCLOSED_PLEDGES),
        _project_goods_given(project=project).filter(**DISCLOSED_PLEDGES),
    ):
        for row in queryset.order_by().values(*DONOR_FIELDS).annotate(total=money_sum("amount")):
            total = row.pop("total")
            rows.setdefault(row["pledge_id"], {**row, "received": ZERO})["received"] += total
    given = [row for row in rows.values() if row["received"] > 0]
    return sorted(given, key=lambda row: (row["pledge__donor_name"], row["pledge_id"]))


def public_donor(row: dict) -> dict:
    """What the public sees of one donor row: an individual who asked is anonymous."""
    anonymous = row["pledge__anonymous"] and row["pledge__donor_type"] == "individual"
    return {
        "name": None if anonymous else row["pledge__donor_name"],
        "anonymous": anonymous,
        "donor_type": row["pledge__donor_type"],
        "kind": row["pledge__kind"],
        "received": fen(row["received"]),
    }


def public_donors(*, project: Project) -> list[dict]:
    return [public_donor(row) for row in project_donor_rows(project)]


def disclosed_total(*, drive: Drive) -> dict:
    """The drive's disclosed total and the number of donors it covers, in one pass."""
    figures = _disclosed_receipts(drive).aggregate(
        total=money_sum("amount"), donors=Count("pledge_id", distinct=True)
    )
    return {"total": fen(figures["total"]), "donors": figures["donors"]}


def with_disclosed_totals(drives: QuerySet[Drive]) -> QuerySet[Drive]:
    """Annotate each drive with its disclosure's figures, as disclosed_total gives them for
    one: `disclosed_total` (its disclosed donors' confirmed receipts) and `disclosed_donors`
    (how many donors that covers). Subqueries: a list of drives costs one query."""
    receipts = _disclosed_receipts(OuterRef("pk"))
    donors = (
        receipts.order_by()
        .values("pledge__drive")
        .annotate(n=Count("pledge_id", distinct=True))
        .values("n")
    )
    return drives.annotate(
        disclosed_total=_sum_subquery(receipts),
        disclosed_donors=Coalesce(Subquery(donors), Value(0)),
    )


def public_moves(project: Project) -> list[dict]:
    """What donors agreed to move out of a public project or into it: amount, the other
    use and the day of consent, never the donor (who gave what is in the donors list)."""
    rows = []
    for move in project_moves(project):
        other = (
            (move.to_project, move.to_village)
            if move.direction == "out"
            else (move.from_project, move.from_village)
        )
        rows.append(
            {
                "direction": move.direction,
                "amount": move.amount,
                "consent_on": move.consent_on,
                "project": other[0].title if other[0] else None,
                "village": other[1].name if other[1] and not other[0] else None,
            }
        )
    return rows


def disclosed_projects_for(user) -> QuerySet[Project]:
    """The published or ended projects of the person's units (projects_for), with the
    public page's figures (with_project_totals; public_figures adds what is still needed)."""
    return with_project_totals(projects_for(user).filter(status__in=PUBLIC_STATUSES))


def public_figures(project: Project) -> Project:
    """What the public page says a project (from with_project_totals) still needs."""
    _public_needs(project)
    return project


def public_spendings(project: Project) -> list[Spending]:
    if not project.use_disclosed_at:
        return []
    return list(project.spendings.order_by("spent_on", "pk").only("amount", "spent_on", "purpose"))


def public_drives() -> QuerySet[Drive]:
    return Drive.objects.exclude(donors_disclosed_at=None).select_related("unit__region")


def open_drives(today: date) -> QuerySet[Drive]:
    return Drive.objects.filter(
        accepts_public=True, period_start__lte=today, period_end__gte=today
    ).select_related("unit__region")


def public_wishes() -> QuerySet[Wish]:
    return (
        Wish.objects.filter(status=WishStatus.PUBLISHED)
        .select_related("village", "unit")
        .only("title", "value", "deadline", "household_name", "village__name", "unit__name")
    )


# --- Staff --------------------------------------------------------------------------


def projects_for(user) -> QuerySet[Project]:
    """Projects the person's units proposed or screen."""
    scope = scope_for(user)
    return (
        Project.objects.filter(scope.units_q(prefix="unit__") | scope.units_q(prefix="office__"))
        .select_related("village", "unit", "office")
        .distinct()
    )


def project_for(user, pk: int) -> Project:
    return get_object_or_404(with_project_totals(projects_for(user)), pk=pk)


def project_moves(project: Project) -> list[Reallocation]:
    """Money donors agreed to move out of the project or into it, oldest first; each
    with `direction` ("out" or "in") and `signed` (negative out, positive in)."""
    moves = list(
        Reallocation.objects.filter(Q(from_project=project) | Q(to_project=project))
        .select_related("pledge", "from_project", "from_village", "to_project", "to_village")
        .order_by("created_at", "pk")
    )
    for move in moves:
        move.direction = "out" if move.from_project_id == project.pk else "in"
        move.signed = -move.amount if move.direction == "out" else move.amount
    return moves


def project_pledges(project: Project, moves: list[Reallocation]) -> list[Pledge]:
    """The pledges the donors designated for the project (a move never takes a pledge
    away from it), with what each gave and what of it the donor agreed to move
    elsewhere (`moved_out`, from `moves`)."""
    pledges = list(with_pledge_totals(project.pledges.all()).order_by("donor_name", "pk"))
    for pledge in pledges:
        pledge.moved_out = sum(
            (m.amount for m in moves if m.direction == "out" and m.pledge_id == pledge.pk),
            ZERO,
        )
    return pledges


def proposing_units(user) -> QuerySet[Unit]:
    scope = scope_for(user, [Role.REPORTER])
    return Unit.objects.filter(pk__in=scope.unit_ids, is_active=True).select_related("region")


def villages_under(region: Region) -> QuerySet[Region]:
    return Region.objects.filter(
        path__startswith=region.path, level=RegionLevel.VILLAGE, is_active=True
    )


def drives_for(user) -> QuerySet[Drive]:
    return scope_queryset(Drive.objects.all(), user).select_related("unit")


def drive_for(user, pk: int) -> Drive:
    return get_object_or_404(drives_for(user), pk=pk)


def office_units(user) -> QuerySet[Unit]:
    """Units for which the person may run drives and record pledges."""
    return visible_units(user, access.STAFF_ROLES).select_related("region")


def with_pledge_totals(pledges: QuerySet) -> QuerySet:
    confirmed = Receipt.objects.filter(pledge=OuterRef("pk"), status=ReceiptStatus.CONFIRMED)
    pending = Receipt.objects.filter(pledge=OuterRef("pk"), status=ReceiptStatus.PENDING)
    return pledges.annotate(received=_sum_subquery(confirmed), pending=_sum_subquery(pending))


def pledge_state(pledge: Pledge, today: date) -> str:
    """open / partly received / received / overdue / withdrawn, from the annotated totals."""
    if pledge.status == PledgeStatus.WITHDRAWN:
        return "withdrawn"
    if pledge.status != PledgeStatus.CONFIRMED:
        return pledge.status
    if pledge.received >= pledge.amount:
        return "received"
    if pledge.due_date and pledge.due_date < today:
        return "overdue"
    return "partly" if pledge.received > 0 else "open"


def drive_pledges(drive: Drive, today: date) -> list[Pledge]:
    pledges = with_pledge_totals(drive.pledges.select_related("project", "village")).order_by(
        "status", "donor_name", "pk"
    )
    rows = list(pledges)
    for pledge in rows:
        pledge.state = pledge_state(pledge, today)
        pledge.outstanding = (
            ZERO
            if pledge.state in ("withdrawn", "received", "declined", "intention")
            else pledge.amount - pledge.received - pledge.pending
        )
    return rows


def pledges_for(user) -> QuerySet[Pledge]:
    return scope_queryset(Pledge.objects.all(), user)


def pledge_for(user, pk: int) -> Pledge:
    pledges = pledges_for(user).select_related("drive", "project", "village", "unit__region")
    return get_object_or_404(with_pledge_totals(pledges), pk=pk)


def goods_to_confirm(user) -> QuerySet[Receipt]:
    """Goods receipts waiting for a township or village where the person works."""
    scope = scope_for(user, [Role.REPORTER, Role.APPROVER])
    if scope.everything:
        return Receipt.objects.filter(status=ReceiptStatus.PENDING)
    units = Unit.objects.filter(pk__in=scope.unit_ids, is_active=True).select_related("region")
    q = Q(pk__in=[])
    for unit in units:
        if unit.region.level == RegionLevel.TOWNSHIP:
            q |= Q(valued_by=unit.region) | Q(valued_by__parent=unit.region)
        elif unit.region.level == RegionLevel.VILLAGE:
            q |= Q(valued_by=unit.region)
    return (
        Receipt.objects.filter(q, status=ReceiptStatus.PENDING)
        .select_related("pledge", "valued_by")
        .order_by("received_on")
    )


def receipt_for_confirmation(user, pk: int) -> Receipt:
    receipt = get_object_or_404(Receipt.objects.select_related("valued_by", "pledge"), pk=pk)
    if not (access.can_confirm_goods(user, receipt) or access.can_read(user, receipt.pledge.unit)):
        from django.http import Http404

        raise Http404
    return receipt


def disclosures_due(user, today: date) -> list[dict]:
    """What the person's offices must still disclose, and by when (30 working days)."""
    rows = []
    for drive in drives_for(user).filter(donors_disclosed_at=None, period_end__lt=today):
        rows.append(
            {
                "kind": "drive",
                "object": drive,
                "ended_on": drive.period_end,
                "due": rules.disclosure_due(drive.period_end),
            }
        )
    scope = scope_for(user)
    projects = Project.objects.filter(
        scope.units_q(prefix="office__"), status=ProjectStatus.ENDED, use_disclosed_at=None
    )
    for project in projects:
        rows.append(
            {
                "kind": "project",
                "object": project,
                "ended_on": project.ended_on,
                "due": rules.disclosure_due(project.ended_on),
            }
        )
    for row in rows:
        row["days_left"] = (row["due"] - today).days
    return sorted(rows, key=lambda r: r["due"])


def wishes_for(user) -> QuerySet[Wish]:
    return scope_queryset(Wish.objects.all(), user).select_related(
        "village", "unit__region", "claimed_by"
    )


def wish_for(user, pk: int) -> Wish:
    return get_object_or_404(wishes_for(user), pk=pk)


def wish_units(user) -> QuerySet[Unit]:
    scope = scope_for(user, [Role.REPORTER, Role.APPROVER])
    return Unit.objects.filter(pk__in=scope.unit_ids, is_active=True).select_related("region")


def docking_rates(units) -> list[dict]:
    """For each unit: wishes recorded (not withdrawn), docked (claimed or fulfilled) and
    the rate against the 30 % the plans require."""
    units = list(units)
    rows = (
        Wish.objects.filter(unit__in=units)
        .exclude(status=WishStatus.WITHDRAWN)
        .order_by()
        .values("unit_id")
        .annotate(
            recorded=Count("pk"),
            docked=Count("pk", filter=Q(status__in=DOCKED_STATUSES)),
        )
    )
    by_unit = {row["unit_id"]: row for row in rows}
    out = []
    for unit in units:
        row = by_unit.get(unit.pk, {"recorded": 0, "docked": 0})
        percent = rules.docking_percent(row["docked"], row["recorded"])
        out.append(
            {
                "unit": unit,
                "recorded": row["recorded"],
                "docked": row["docked"],
                "percent": percent,
                "meets": rules.meets_docking(row["docked"], row["recorded"]),
            }
        )
    return out


def my_claims(user) -> QuerySet[Wish]:
    return Wish.objects.filter(claimed_by=user).select_related("village", "unit")


# --- Statistics ---------------------------------------------------------------------


def region_totals(region: Region) -> tuple[list[dict], dict]:
    """Confirmed pledges and what was received per child region of `region`. Each is one
    query grouped by (village, recording office) ids, a few hundred groups at most, rolled
    up by path prefix here. Pledges count where the donor designated them; cash where the
    ledger holds it (received, and moved with the donor's consent), goods where the donor
    designated them. Undesignated gifts count in the region of the drive's office."""
    children = list(Region.objects.filter(parent=region).order_by("code", "name"))
    in_region = {"unit__region__path__startswith": region.path}
    pledged = list(
        Pledge.objects.filter(status=PledgeStatus.CONFIRMED, **in_region)
        .order_by()
        .values_list("village_id", "unit_id")
        .annotate(total=money_sum("amount"))
    )
    of_pledges = {f"pledge__{key}": value for key, value in in_region.items()}
    cash = (
        _cash_given(LedgerEntry.objects.filter(**of_pledges))
        .order_by()
        .values_list("village_id", "pledge__unit_id")
        .annotate(total=money_sum("amount"))
    )
    goods = (
        _confirmed_goods(Receipt.objects.filter(**of_pledges))
        .order_by()
        .values_list("pledge__village_id", "pledge__unit_id")
        .annotate(total=money_sum("amount"))
    )
    received = list(cash.union(goods, all=True))
    groups = pledged + received
    village_paths = dict(
        Region.objects.filter(pk__in={v for v, _u, _t in groups if v}).values_list("pk", "path")
    )
    unit_paths = dict(
        Unit.objects.filter(pk__in={u for _v, u, _t in groups}).values_list("pk", "region__path")
    )
    totals = {child.pk: {"pledged": ZERO, "received": ZERO} for child in children}
    unplaced = {"pledged": ZERO, "received": ZERO}

    def place(village_id, unit_id, key, amount):
        path = village_paths[village_id] if village_id else unit_paths[unit_id]
        for child in children:
            if path.startswith(child.path):
                totals[child.pk][key] += amount
                return
        unplaced[key] += amount

    for village_id, unit_id, total in pledged:
        place(village_id, unit_id, "pledged", total)
    for village_id, unit_id, total in received:
        place(village_id, unit_id, "received", total)
    rows = [{"region": child, **totals[child.pk]} for child in children]
    return rows, unplaced


def gift_breakdown(pledges: QuerySet[Pledge]) -> dict:
    """What `pledges` gave, rolled up by donor type, cash or in kind, and designation, to
    the fen. Cash is read from the ledger (received, and moved with the donor's consent:
    moves cancel out in the total and say which use holds the money now), goods from
    their confirmed receipts (goods are never moved). One query, rolled up three ways here."""
    of_pledges = {"pledge__in": pledges.order_by().values("pk")}
    cash = (
        _cash_given(LedgerEntry.objects.filter(**of_pledges))
        .annotate(
            donor_type=F("pledge__donor_type"),
            gift=Value(GiftKind.CASH, output_field=CharField()),
            use=entry_designation(),
        )
        .order_by()
        .values("donor_type", "gift", "use")
        .annotate(total=money_sum("amount"))
    )
    goods = (
        _confirmed_goods(Receipt.objects.filter(**of_pledges))
        .annotate(donor_type=F("pledge__donor_type"), gift=F("kind"), use=F("pledge__designation"))
        .order_by()
        .values("donor_type", "gift", "use")
        .annotate(total=money_sum("amount"))
    )
    fields = {"by_donor_type": "donor_type", "by_kind": "gift", "by_designation": "use"}
    out = {"total": ZERO, **{key: {} for key in fields}}
    for row in cash.union(goods, all=True):
        amount = fen(row["total"])
        out["total"] += amount
        for key, field in fields.items():
            out[key][row[field]] = out[key].get(row[field], ZERO) + amount
    return out


def statistics(user, region: Region | None = None) -> dict:
    """What the pledges in the person's scope gave (cash from the ledger, confirmed goods),
    by donor type, cash/in kind and designation; confirmed pledges; spending."""
    pledges = scope_queryset(Pledge.objects.all(), user)
    if region is not None:
        pledges = pledges.filter(unit__region__path__startswith=region.path)
    by = gift_breakdown(pledges)
    confirmed = pledges.filter(status=PledgeStatus.CONFIRMED)
    pledged = fen(confirmed.aggregate(total=money_sum("amount"))["total"])
    spendings = scope_queryset(Spending.objects.all(), user, unit_field="project__office")
    if region is not None:
        spendings = spendings.filter(project__village__path__startswith=region.path)
    spent = fen(spendings.aggregate(total=money_sum("amount"))["total"])
    return {
        "total": by["total"],
        "pledged": pledged,
        "spent": spent,
        "by_donor_type": by["by_donor_type"],
        "by_kind": by["by_kind"],
        "by_designation": by["by_designation"],
        "cash": by["by_kind"].get(GiftKind.CASH, ZERO),
        "goods": by["by_kind"].get(GiftKind.GOODS, ZERO),
    }


# --- A region's year, for its year-end summary --------------------------------------
#
# These take a region, not a person: the callers (summaries.selectors) have checked that
# the person oversees the whole region, so the figures are the region's and do not change
# with who asks. Each costs the same few grouped queries however many units, pledges or
# wishes there are.


def year_docking(region: Region, year: int) -> dict:
    """The units of `region`'s subtree that recorded micro-wishes in `year` (China time;
    withdrawn wishes do not count, as on the units' pages), with how many of those
    wishes are docked (claimed or fulfilled) and the rate against the required 30 %;
    and the same for the region as a whole. One grouped query."""
    start = datetime(year, 1, 1, tzinfo=CHINA)
    end = datetime(year + 1, 1, 1, tzinfo=CHINA)
    rows = (
        Wish.objects.filter(
            unit__region__path__startswith=region.path,
            created_at__gte=start,
            created_at__lt=end,
        )
        .exclude(status=WishStatus.WITHDRAWN)
        .order_by()
        .values("unit_id", "unit__name", "unit__region__name", "unit__region__path")
        .annotate(
            recorded=Count("pk"),
            docked=Count("pk", filter=Q(status__in=DOCKED_STATUSES)),
        )
        .order_by("unit__region__path", "unit__name", "unit_id")
    )
    units = [
        {
            "unit_id": row["unit_id"],
            "unit": row["unit__name"],
            "region": row["unit__region__name"],
            "recorded": row["recorded"],
            "docked": row["docked"],
            "percent": rules.docking_percent(row["docked"], row["recorded"]),
            "meets": rules.meets_docking(row["docked"], row["recorded"]),
        }
        for row in rows
    ]
    recorded = sum(u["recorded"] for u in units)
    docked = sum(u["docked"] for u in units)
    return {
        "required": rules.DOCKING_REQUIRED,
        "units": units,
        "recorded": recorded,
        "docked": docked,
        "percent": rules.docking_percent(docked, recorded),
        "meets": rules.meets_docking(docked, recorded),
        "units_meeting": sum(1 for u in units if u["meets"]),
    }


def _year(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def year_donations(region: Region, year: int) -> dict:
    """What the region received in `year` and what it spent, exact to the fen.

    Received: cash as the ledger books it in the year (receipts by `received_on`, and
    what donors agreed to move, on the day it was moved), and goods once the township or
    village has confirmed them, by `received_on`. Money belongs where the ledger holds it,
    as in region_totals: its village (for a village or project), else the
    region of the drive's office (undesignated gifts go to the county's central account);
    a consented move from a project to the central account, say, moves only the amount
    agreed from designated to undesignated. Spent: spending on projects whose village is
    in the region, by `spent_on`, as in statistics. Two queries.

    Returns cash / goods x designated / undesignated, with row and column totals that
    add up by construction (each cell is an exact sum of whole fen).
    """
    days = _year(year)
    cash = (
        LedgerEntry.objects.filter(occurred_on__range=days)
        .exclude(kind=EntryKind.SPENDING)
        .annotate(
            gift=Value(GiftKind.CASH, output_field=CharField()),
            undesignated=ExpressionWrapper(Q(village=None), output_field=BooleanField()),
            where=Coalesce("village__path", "pledge__unit__region__path"),
        )
        .filter(where__startswith=region.path)
        .order_by()
        .values("gift", "undesignated")
        .annotate(total=money_sum("amount"), receipts=Count("pk", filter=Q(kind=EntryKind.RECEIPT)))
    )
    goods = (
        Receipt.objects.filter(
            status=ReceiptStatus.CONFIRMED, kind=GiftKind.GOODS, received_on__range=days
        )
        .annotate(
            gift=F("kind"),
            undesignated=ExpressionWrapper(Q(pledge__village=None), output_field=BooleanField()),
            where=Coalesce("pledge__village__path", "pledge__unit__region__path"),
        )
        .filter(where__startswith=region.path)
        .order_by()
        .values("gift", "undesignated")
        .annotate(total=money_sum("amount"), receipts=Count("pk"))
    )
    cells = {
        kind: {"designated": ZERO, "undesignated": ZERO} for kind in (GiftKind.CASH, GiftKind.GOODS)
    }
    receipts = 0
    for row in cash.union(goods, all=True):
        column = "undesignated" if row["undesignated"] else "designated"
        cells[row["gift"]][column] += fen(row["total"])
        receipts += row["receipts"]
    for cell in cells.values():
        cell["total"] = cell["designated"] + cell["undesignated"]
    total = {
        column: cells[GiftKind.CASH][column] + cells[GiftKind.GOODS][column]
        for column in ("designated", "undesignated", "total")
    }
    spent = Spending.objects.filter(
        project__village__path__startswith=region.path, spent_on__range=_year(year)
    ).aggregate(total=money_sum("amount"))["total"]
    return {
        "cash": cells[GiftKind.CASH],
        "goods": cells[GiftKind.GOODS],
        "total": total,
        "receipts": receipts,
        "spent": fen(spent),
    }


def has_pending_wish_claims(user) -> bool:
    return Wish.objects.filter(claimed_by=user, status=WishStatus.CLAIMED).exists()


def helping_units(user, region: Region | None) -> QuerySet[Unit]:
    """Helping units in the person's reach (and region) that have recorded wishes."""
    units = visible_units(user).filter(pk__in=Wish.objects.values("unit_id"))
    if region is not None:
        units = units.filter(region__path__startswith=region.path)
    return units.order_by("region__path", "name")
