"""A designation moves only as far as the donor agreed.

A donor pledges 10,000.00 to a project and agrees to move 3,000.00 of it to another: the
3,000.00 moves, the rest and whatever arrives later stays with the project the donor
chose, the pledge stays on that project's page, and every page and figure (both projects'
staff and public pages, the ledger, the statistics, the drive's figures, the year-end
summary) says so to the fen. Then a long random run of pledges, receipts, partial and
full moves, spending and withdrawals, with every total checked against the ledger
entries (and goods receipts) summed one by one.
"""

import random
import re
from collections import defaultdict
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from donations import drive_figures, selectors, services
from donations.models import (
    Account,
    EntryKind,
    LedgerEntry,
    Pledge,
    PledgeStatus,
    Reallocation,
    Receipt,
    ReceiptStatus,
    Spending,
)
from portal.clock import CHINA
from portal.services import attachment_create
from summaries import figures as summary_figures
from tests.donations.conftest import make_pledge, make_project, pdf
from tests.donations.test_refused_forms import beside, form_of, value_of

pytestmark = pytest.mark.django_db

ZERO = Decimal("0.00")


def at(time_machine, day: date) -> None:
    """Noon in China on `day` (sign in again after: a session does not last for weeks)."""
    time_machine.move_to(datetime(day.year, day.month, day.day, 12, tzinfo=CHINA))


def figure(html: str, testid: str) -> Decimal:
    """The amount shown in the element with this data-testid."""
    match = re.search(rf'data-testid="{testid}"[^>]*>[^<]*<span data-amount="([^"]+)"', html)
    assert match, testid
    return Decimal(match.group(1))


def amount_in(html: str) -> Decimal:
    """The first amount shown in a piece of a page."""
    return Decimal(re.search(r'data-amount="([^"]+)"', html).group(1))


def row(html: str, marker: str) -> str:
    start = html.index(marker)
    return html[start : html.index("</tr>", start)]


def page(client, name: str, *args) -> str:
    response = client.get(reverse(f"donations:{name}", args=args))
    assert response.status_code == 200
    return response.content.decode()


def receive(client, pledge, amount: str, on: str, ref: str):
    response = client.post(
        reverse("donations:receipt-create", args=[pledge.pk]),
        {"amount": amount, "received_on": on, "reference": ref},
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def year_end_received(w, year: int) -> dict:
    summary = summary_figures.year_end(w.province_admin, w.yanan, year, date(2026, 12, 31))
    return summary["donations"]["received"]


def test_a_move_agreed_in_part_moves_that_part_and_later_money_stays(dw, browse, time_machine):
    at(time_machine, date(2026, 10, 1))
    cold_store = make_project(dw)
    road = make_project(dw, title="七里村社区道路", village=dw.village2)
    pledge = make_pledge(dw, amount="10000.00", designation="project", project=cold_store)
    staff = browse(dw.reporter)
    receive(staff, pledge, "6000.00", "2026-10-01", "BANK-1")

    # The donor agrees in writing to move 3,000.00 of the gift to the road.
    at(time_machine, date(2026, 10, 20))
    staff = browse(dw.reporter)
    response = staff.post(
        reverse("donations:pledge-reallocate", args=[pledge.pk]),
        {
            "amount": "3000.00",
            "to_designation": "project",
            "to_project": road.pk,
            "consent_on": "2026-10-19",
            "consent_note": "捐赠企业来函同意调整3000元用于道路",
            "consent_evidence": pdf("同意函.pdf"),
        },
    )
    assert response.status_code == 302
    move = Reallocation.objects.get()
    assert (move.amount, move.from_project, move.to_project) == (
        Decimal("3000.00"),
        cold_store,
        road,
    )
    assert (move.recorded_by, move.created_at.date()) == (dw.reporter, date(2026, 10, 20))

    # The rest of the pledge arrives later: it follows the designation the donor gave.
    at(time_machine, date(2026, 10, 25))
    staff = browse(dw.reporter)
    receive(staff, pledge, "4000.00", "2026-10-25", "BANK-2")
    pledge.refresh_from_db()
    assert (pledge.designation, pledge.project) == ("project", cold_store)
    assert Receipt.objects.get(reference="BANK-2").account.region == dw.village

    # The ledger: 6,000 in, 3,000 out to the road, 4,000 in, all under the cold store
    # but the 3,000 that moved.
    entries = list(
        pledge.entries.order_by("pk").values_list("kind", "project__title", "amount", "occurred_on")
    )
    assert entries == [
        (EntryKind.RECEIPT, "凉水岸村苹果冷库", Decimal("6000.00"), date(2026, 10, 1)),
        (EntryKind.MOVED_OUT, "凉水岸村苹果冷库", Decimal("-3000.00"), date(2026, 10, 20)),
        (EntryKind.MOVED_IN, "七里村社区道路", Decimal("3000.00"), date(2026, 10, 20)),
        (EntryKind.RECEIPT, "凉水岸村苹果冷库", Decimal("4000.00"), date(2026, 10, 25)),
    ]
    assert services.designation_balance("project", project=cold_store) == Decimal("7000.00")
    assert services.designation_balance("project", project=road) == Decimal("3000.00")

    # The cold store's staff page: received 6,000 + 4,000 - 3,000; the pledge is still
    # listed, with the 3,000 it moved and where it went.
    html = page(staff, "project-detail", cold_store.pk)
    assert figure(html, "received") == Decimal("7000.00")
    assert figure(html, "balance") == Decimal("7000.00")
    listed = row(html, f'data-pledge="{pledge.pk}"')
    assert "延长石油有限公司" in listed
    assert figure(listed, "pledge-received") == Decimal("10000.00")
    assert figure(listed, "pledge-moved") == Decimal("3000.00")
    moved = row(html, 'data-testid="move"')
    assert 'data-direction="out"' in moved and "Moved to" in moved and "七里村社区道路" in moved
    assert figure(moved, "move-amount") == Decimal("-3000.00")
    # What the page lists adds up to what it says was received.
    assert figure(listed, "pledge-received") + figure(moved, "move-amount") == figure(
        html, "received"
    )

    # The road's staff page: exactly the 3,000 moved in, from the cold store; no pledge
    # of its own.
    html = page(staff, "project-detail", road.pk)
    assert figure(html, "received") == Decimal("3000.00")
    assert figure(html, "balance") == Decimal("3000.00")
    assert "None yet." in row(html, 'data-testid="pledges"')
    moved = row(html, 'data-testid="move"')
    assert (
        'data-direction="in"' in moved and "Moved in from" in moved and "凉水岸村苹果冷库" in moved
    )
    assert figure(moved, "move-amount") == Decimal("3000.00")

    # The pledge's page: 10,000 received of 10,000, still for the cold store, and 7,000
    # of it may still be moved with consent.
    html = page(staff, "pledge-detail", pledge.pk)
    assert figure(html, "received") == Decimal("10000.00")
    assert figure(html, "outstanding") == ZERO
    assert "For the project" in html and "凉水岸村苹果冷库</a>" in html
    assert "Up to 7,000.00 yuan" in html

    # Moving more than the cold store still holds from this gift is refused beside the
    # amount, with what was typed kept, and nothing moves.
    response = staff.post(
        reverse("donations:pledge-reallocate", args=[pledge.pk]),
        {
            "amount": "7000.01",
            "to_designation": "none",
            "consent_on": "2026-10-24",
            "consent_note": "同意",
            "consent_evidence": pdf("同意函2.pdf"),
        },
    )
    assert response.status_code == 200
    form = form_of(response, "reallocate-form")
    assert beside(form, "amount") == (
        "At most 7000.00 yuan of this gift can be moved: what was received for the use the "
        "donor designated and has not yet been moved or spent."
    )
    assert value_of(form, "amount") == "7000.01"
    assert Reallocation.objects.count() == 1

    # The statistics: 10,000 received, all of it designated for projects.
    html = page(staff, "statistics")
    assert figure(html, "received") == Decimal("10000.00")
    assert amount_in(row(html, 'data-designation="project"')) == Decimal("10000.00")
    rows, unplaced = selectors.region_totals(dw.yanchang)
    assert {r["region"].pk: r["received"] for r in rows}[dw.qilicun.pk] == Decimal("10000.00")
    assert unplaced["received"] == ZERO

    # The drive's figures.
    html = page(staff, "drive-detail", dw.drive.pk)
    assert figure(html, "stats-received") == Decimal("10000.00")
    assert figure(html, "stats-designated") == Decimal("10000.00")
    assert figure(html, "stats-undesignated") == ZERO

    # The year-end summary.
    assert year_end_received(dw, 2026)["cash"] == {
        "designated": "10000.00",
        "undesignated": "0.00",
        "total": "10000.00",
    }

    # Both public pages, once the donors are disclosed.
    services.drive_disclose_donors(user=dw.reporter, drive=dw.drive)
    public = page(staff, "public-project", cold_store.pk)
    assert figure(public, "received") == Decimal("7000.00")
    donor = row(public, 'data-testid="donor"')
    assert "延长石油有限公司" in donor and 'data-amount="7000.00"' in donor
    moved = row(public, 'data-testid="move"')
    assert "Moved to" in moved and "七里村社区道路" in moved
    assert figure(moved, "move-amount") == Decimal("3000.00")
    public = page(staff, "public-project", road.pk)
    assert figure(public, "received") == Decimal("3000.00")
    donor = row(public, 'data-testid="donor"')
    assert "延长石油有限公司" in donor and 'data-amount="3000.00"' in donor


def test_a_part_moved_to_the_central_account_is_undesignated_by_that_part_only(
    dw, browse, time_machine
):
    """Moving 1,234.56 of a project gift to the central account moves exactly that from
    designated to undesignated in the statistics, the drive's figures and the year-end."""
    at(time_machine, date(2026, 10, 1))
    project = make_project(dw)
    pledge = make_pledge(dw, amount="5000.00", designation="project", project=project)
    staff = browse(dw.reporter)
    receive(staff, pledge, "2000.00", "2026-10-01", "BANK-1")
    at(time_machine, date(2026, 10, 5))
    staff = browse(dw.reporter)
    services.pledge_reallocate(
        user=dw.reporter,
        pledge=pledge,
        amount=Decimal("1234.56"),
        to_designation="none",
        consent_on=date(2026, 10, 4),
        consent_note="同意",
        consent_evidence=attachment_create(
            unit=dw.yanchang_bureau, uploaded=pdf(), uploaded_by=dw.reporter
        ),
    )
    receive(staff, pledge, "3000.00", "2026-10-05", "BANK-2")

    html = page(staff, "statistics")
    assert figure(html, "received") == Decimal("5000.00")
    assert amount_in(row(html, 'data-designation="project"')) == Decimal("3765.44")
    assert amount_in(row(html, 'data-designation="none"')) == Decimal("1234.56")
    html = page(staff, "drive-detail", dw.drive.pk)
    assert figure(html, "stats-designated") == Decimal("3765.44")
    assert figure(html, "stats-undesignated") == Decimal("1234.56")
    assert year_end_received(dw, 2026)["cash"] == {
        "designated": "3765.44",
        "undesignated": "1234.56",
        "total": "5000.00",
    }
    rows, unplaced = selectors.region_totals(dw.yanchang)
    assert {r["region"].pk: r["received"] for r in rows}[dw.qilicun.pk] == Decimal("3765.44")
    assert unplaced["received"] == Decimal("1234.56")
    html = page(staff, "project-detail", project.pk)
    assert figure(html, "received") == Decimal("3765.44")


# --- A random run ---------------------------------------------------------------------

SEED = 20261115
OPERATIONS = 400
ACTIONS = ["pledge", "receive", "spend", "move", "withdraw"]
WEIGHTS = [2, 5, 1, 3, 1]
START = date(2025, 11, 1)  # the run spans two years: 2025's and 2026's summaries


def cents(rng, low, high) -> Decimal:
    return Decimal(rng.randint(low, high)) / 100


def use_of(project, village) -> tuple:
    """A designation as a key: ("project", pk), ("village", pk) or ("none", None)."""
    if project is not None:
        return ("project", project.pk)
    if village is not None:
        return ("village", village.pk)
    return ("none", None)


def entry_use(entry) -> tuple:
    if entry.project_id:
        return ("project", entry.project_id)
    if entry.village_id:
        return ("village", entry.village_id)
    return ("none", None)


def test_a_random_run_reconciles_every_figure_with_the_ledger(dw, time_machine):
    rng = random.Random(SEED)
    at(time_machine, START)
    evidence = attachment_create(unit=dw.yanchang_bureau, uploaded=pdf(), uploaded_by=dw.reporter)
    villages = [dw.village, dw.village2]
    projects = [
        make_project(dw, title=f"项目{i}", village=villages[i % 2], budget="500000.00")
        for i in range(4)
    ]
    by_pk = {p.pk: p for p in projects}

    # The independent model, in plain Decimals.
    held = defaultdict(Decimal)  # use -> cash held (given, moved, spent)
    given = defaultdict(Decimal)  # pledge pk -> cash received on its own designation, net
    designations = {}  # pledge pk -> the use the donor gave, never to change
    pledges: list[Pledge] = []
    moves = {"partial": 0, "full": 0, "refused": 0}
    withdrawn = 0

    for step in range(OPERATIONS):
        today = START + timedelta(days=step * 425 // OPERATIONS)
        at(time_machine, today)
        action = rng.choices(ACTIONS, weights=WEIGHTS)[0]
        if action == "pledge" or not pledges:
            choice = rng.choice(["project", "village", "none"])
            project = rng.choice(projects) if choice == "project" else None
            village = rng.choice(villages) if choice == "village" else None
            goods = rng.random() < 0.25
            pledge = make_pledge(
                dw,
                amount=str(cents(rng, 100, 3_000_000)),
                designation=choice,
                project=project,
                village=village,
                kind="goods" if goods else "cash",
                items=[("棉被", Decimal("10"), "床")] if goods else (),
                donor_type=rng.choice(["unit", "enterprise", "social_org", "individual"]),
                donor_name=f"捐赠者{len(pledges)}",
            )
            pledges.append(pledge)
            designations[pledge.pk] = use_of(pledge.project, pledge.village)
        elif action == "receive":
            pledge = rng.choice(pledges)
            pledge.refresh_from_db()
            outstanding = services.pledge_figures(pledge)["outstanding"]
            amount = cents(rng, 1, 1_000_000)
            try:
                if pledge.kind == "cash":
                    services.receipt_record_cash(
                        user=dw.reporter,
                        pledge=pledge,
                        amount=amount,
                        received_on=today,
                        reference=f"R{step}",
                    )
                else:
                    receipt = services.receipt_record_goods(
                        user=dw.reporter,
                        pledge=pledge,
                        amount=amount,
                        received_on=today,
                        valued_by=dw.village,
                        certificate=evidence,
                    )
                    if rng.random() < 0.8:
                        services.receipt_confirm_goods(user=dw.township_reporter, receipt=receipt)
            except services.DonationError:
                assert amount > outstanding or pledge.status != PledgeStatus.CONFIRMED
                continue
            assert amount <= outstanding
            if pledge.kind == "cash":
                held[designations[pledge.pk]] += amount
                given[pledge.pk] += amount
        elif action == "spend":
            project = rng.choice(projects)
            amount = cents(rng, 1, 600_000)
            try:
                services.spending_record(
                    user=dw.reporter,
                    project=project,
                    amount=amount,
                    spent_on=today,
                    purpose="支出",
                    evidence=evidence,
                )
            except services.DonationError:
                assert amount > held["project", project.pk]
                continue
            assert amount <= held["project", project.pk]
            held["project", project.pk] -= amount
        elif action == "withdraw":
            pledge = rng.choice(pledges)
            pledge.refresh_from_db()
            try:
                services.pledge_withdraw(user=dw.reporter, pledge=pledge, reason="捐赠方撤回")
            except services.DonationError:
                continue
            withdrawn += 1
        else:
            pledge = rng.choice(pledges)
            pledge.refresh_from_db()
            source = designations[pledge.pk]
            target = rng.choice(["project", "village", "none"])
            to_project = rng.choice(projects) if target == "project" else None
            to_village = rng.choice(villages) if target == "village" else None
            to_use = use_of(to_project, to_village)
            movable = (
                max(min(given[pledge.pk], held[source]), ZERO) if pledge.kind == "cash" else ZERO
            )
            draw = rng.random()
            if movable > 0 and draw < 0.25:
                amount = movable  # all it may
            elif movable > 0 and draw < 0.65:
                amount = cents(rng, 1, int(movable * 100))
            elif draw < 0.8:
                amount = movable + Decimal("0.01")  # a fen too much
            else:
                amount = cents(rng, 1, 400_000)
            full = amount == movable
            try:
                services.pledge_reallocate(
                    user=dw.reporter,
                    pledge=pledge,
                    amount=amount,
                    to_designation=target,
                    to_project=to_project,
                    to_village=to_village,
                    consent_on=today,
                    consent_note="同意",
                    consent_evidence=evidence,
                )
            except services.DonationError:
                # Refused only for more than may move, or for the use it already has.
                assert amount > movable or to_use == source
                moves["refused"] += 1
                continue
            assert amount <= movable and to_use != source
            moves["full" if full else "partial"] += 1
            held[source] -= amount
            given[pledge.pk] -= amount
            held[to_use] += amount
        # Whatever happened, no pledge's designation changed.
        assert all(
            use_of(p.project, p.village) == designations[p.pk]
            for p in Pledge.objects.select_related("project", "village")
        )

    assert moves["partial"] > 10 and moves["full"] > 3 and moves["refused"] > 10
    assert withdrawn > 3
    assert Receipt.objects.filter(kind="goods", status=ReceiptStatus.CONFIRMED).exists()

    # --- The ledger summed one entry at a time ---------------------------------------
    entries = list(LedgerEntry.objects.select_related("pledge", "account"))
    goods = list(
        Receipt.objects.filter(kind="goods", status=ReceiptStatus.CONFIRMED).select_related(
            "pledge"
        )
    )
    ledger_use = defaultdict(Decimal)  # use -> balance
    ledger_given = defaultdict(Decimal)  # use -> cash given (not spending)
    per_account = defaultdict(Decimal)
    for entry in entries:
        ledger_use[entry_use(entry)] += entry.amount
        per_account[entry.account_id] += entry.amount
        if entry.kind != EntryKind.SPENDING:
            ledger_given[entry_use(entry)] += entry.amount
    goods_given = defaultdict(Decimal)
    for receipt in goods:
        goods_given[designations[receipt.pledge_id]] += receipt.amount

    # The model and the ledger agree per use, and nothing is held below zero.
    for use in set(held) | set(ledger_use):
        assert ledger_use[use] == held[use], use
        assert held[use] >= 0, use
    # Each pledge: what it holds on the donor's designation is what it received less
    # what the donor agreed to move.
    for pledge in pledges:
        on_own = sum(
            (
                e.amount
                for e in entries
                if e.pledge_id == pledge.pk and entry_use(e) == designations[pledge.pk]
            ),
            ZERO,
        )
        assert on_own == given[pledge.pk]

    # Per account: each village's collective account and the county's central account.
    for account in Account.objects.all():
        if account.kind == "village":
            expected = held["village", account.region_id] + sum(
                (held["project", p.pk] for p in projects if p.village_id == account.region_id),
                ZERO,
            )
        else:
            expected = held["none", None]
        assert per_account[account.pk] == expected

    # Per project: the staff and public figures.
    spent = defaultdict(Decimal)
    for spending in Spending.objects.all():
        spent[spending.project_id] += spending.amount
    for project in selectors.with_project_totals(
        selectors.projects_for(dw.reporter).filter(pk__in=by_pk)
    ):
        use = ("project", project.pk)
        assert project.received == ledger_given[use] + goods_given[use]
        assert project.cash_balance == ledger_use[use]
        assert project.spent == spent[project.pk]
        assert project.received == project.cash_balance + project.spent + goods_given[use]
        assert selectors.public_project(project.pk).received == project.received
        # The staff page's list: the project's own pledges' receipts, less what their
        # donors agreed to move elsewhere, plus what others agreed to move in.
        moved = selectors.project_moves(project)
        listed = selectors.project_pledges(project, moved)
        assert (
            sum((p.received - p.moved_out for p in listed), ZERO)
            + sum((m.amount for m in moved if m.direction == "in"), ZERO)
            == project.received
        )

    # The statistics page's figures.
    cash_total = sum(ledger_given.values(), ZERO)
    goods_total = sum(goods_given.values(), ZERO)
    assert cash_total == sum(
        (r.amount for r in Receipt.objects.filter(kind="cash")), ZERO
    )  # moves cancel out
    stats = selectors.statistics(dw.province_admin, dw.yanchang)
    assert stats["total"] == cash_total + goods_total
    assert (stats["cash"], stats["goods"]) == (cash_total, goods_total)
    for designation in ("project", "village", "none"):
        expected = sum((v for (d, _pk), v in ledger_given.items() if d == designation), ZERO) + sum(
            (v for (d, _pk), v in goods_given.items() if d == designation), ZERO
        )
        assert stats["by_designation"].get(designation, ZERO) == expected, designation
    by_donor_type = defaultdict(Decimal)
    for entry in entries:
        if entry.kind != EntryKind.SPENDING:
            by_donor_type[entry.pledge.donor_type] += entry.amount
    for receipt in goods:
        by_donor_type[receipt.pledge.donor_type] += receipt.amount
    assert {k: v for k, v in stats["by_donor_type"].items() if v} == {
        k: v for k, v in by_donor_type.items() if v
    }
    confirmed = Pledge.objects.filter(status=PledgeStatus.CONFIRMED)
    assert stats["pledged"] == sum((p.amount for p in confirmed), ZERO)
    assert stats["spent"] == sum(spent.values(), ZERO)
    # By region: the township holds the villages' money, the central account is the county's.
    rows, unplaced = selectors.region_totals(dw.yanchang)
    township = {r["region"].pk: r["received"] for r in rows}[dw.qilicun.pk]
    central = ledger_given["none", None] + goods_given["none", None]
    assert township == stats["total"] - central
    assert unplaced["received"] == central

    # The drive's figures.
    drive = drive_figures.drive_figures(dw.drive)
    assert (drive.received, drive.cash, drive.goods) == (
        stats["total"],
        cash_total,
        goods_total,
    )
    assert drive.undesignated == central
    assert drive.designated == stats["total"] - central
    assert drive.by_donor_type == {k: v for k, v in by_donor_type.items() if v}
    assert drive.pledged == stats["pledged"]

    # The year-end summaries of 2025 and 2026: the ledger's entries by the day they were
    # booked, and confirmed goods by the day they were delivered.
    for year in (2025, 2026):
        cells = {(k, d): ZERO for k in ("cash", "goods") for d in ("designated", "undesignated")}
        for entry in entries:
            if entry.kind != EntryKind.SPENDING and entry.occurred_on.year == year:
                column = "undesignated" if entry.village_id is None else "designated"
                cells["cash", column] += entry.amount
        for receipt in goods:
            if receipt.received_on.year == year:
                undesignated = designations[receipt.pledge_id][0] == "none"
                cells["goods", "undesignated" if undesignated else "designated"] += receipt.amount
        received = year_end_received(dw, year)
        for (kind, column), amount in cells.items():
            assert Decimal(received[kind][column]) == amount, (year, kind, column)
        assert Decimal(received["total"]["total"]) == sum(cells.values(), ZERO)

    # The public donor lists, once disclosed: each project's disclosed donors add up to
    # what their disclosed pledges hold there.
    services.drive_disclose_donors(user=dw.reporter, drive=dw.drive)
    disclosed = set(
        Pledge.objects.filter(
            status__in=[PledgeStatus.CONFIRMED, PledgeStatus.WITHDRAWN], disclosed_at__isnull=False
        ).values_list("pk", flat=True)
    )
    for project in projects:
        use = ("project", project.pk)
        expected = sum(
            (
                e.amount
                for e in entries
                if e.kind != EntryKind.SPENDING and entry_use(e) == use and e.pledge_id in disclosed
            ),
            ZERO,
        ) + sum(
            (
                r.amount
                for r in goods
                if designations[r.pledge_id] == use and r.pledge_id in disclosed
            ),
            ZERO,
        )
        donors = selectors.public_donors(project=project)
        assert sum((d["received"] for d in donors), ZERO) == expected
