"""The public disclosure of a drive, a page of donors at a time: every page holds the same
donors, in the same order and with the same amounts, as the grouped query it replaced;
any `?page=` gives the first or the last page and only real pages are cached; and a deep
page costs the same queries however many donors there are."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse

from donations import public_cache, selectors, services
from donations.models import Receipt, ReceiptStatus
from donations.views import public
from portal.services import attachment_create
from tests.donations.conftest import make_pledge, pay, pdf

PER_PAGE = 3


@pytest.fixture
def per_page(monkeypatch):
    monkeypatch.setattr(public, "DONORS_PER_PAGE", PER_PAGE)
    return PER_PAGE


def _goods(dw, name, *, confirm):
    pledge = make_pledge(
        dw, kind="goods", amount="300.00", items=[("书包", Decimal("10"), "个")], donor_name=name
    )
    receipt = services.receipt_record_goods(
        user=dw.reporter,
        pledge=pledge,
        amount=Decimal("300.00"),
        received_on=date(2026, 10, 9),
        valued_by=dw.village,
        certificate=attachment_create(
            unit=dw.yanchang_bureau, uploaded=pdf(), uploaded_by=dw.reporter
        ),
    )
    if confirm:
        services.receipt_confirm_goods(user=dw.township_reporter, receipt=receipt)
    return pledge


def donors(dw, n):
    """`n` rounds of donors of every kind the list must get right: names shared by
    several pledges (listed by id), anonymous individuals, gifts in two receipts, goods;
    and pledges it must leave out: nothing received, goods not yet confirmed."""
    for i in range(n):
        pay(dw, make_pledge(dw, amount="100.00", donor_name="同名企业"), "100.00", ref=f"A{i}")
        two = make_pledge(dw, amount="500.00", donor_name=f"企业{i:03d}")
        pay(dw, two, "120.50", ref=f"B{i}")
        pay(dw, two, "79.50", ref=f"C{i}")
        anonymous = make_pledge(
            dw, amount="80.00", donor_type="individual", donor_name=f"个人{i}", anonymous=True
        )
        pay(dw, anonymous, "80.00", ref=f"D{i}")
        make_pledge(dw, amount="900.00", donor_name=f"未到账{i}")
        _goods(dw, f"商会{i}", confirm=True)
        _goods(dw, f"待确认{i}", confirm=False)


def old_rows(drive):
    """The grouped query the page used to slice: every disclosed donor's receipts summed,
    sorted by name and pledge."""
    rows = (
        Receipt.objects.filter(
            status=ReceiptStatus.CONFIRMED, pledge__drive=drive, **selectors.DISCLOSED_PLEDGES
        )
        .order_by()
        .values(*selectors.DONOR_FIELDS)
        .annotate(received=selectors.money_sum("amount"))
        .order_by("pledge__donor_name", "pledge_id")
    )
    return [selectors.public_donor(row) for row in rows]


@pytest.fixture
def disclosed(dw):
    donors(dw, 4)
    services.drive_disclose_donors(user=dw.reporter, drive=dw.drive)
    # After the disclosure: withdrawn (still listed, with what it gave) and a late pledge
    # (counted nowhere on this page until disclosed).
    kept = make_pledge(dw, amount="1000.00", donor_name="企业000")
    pay(dw, kept, "10.00", ref="LATE")
    dw.drive.refresh_from_db()
    return dw.drive


def page(client, drive, number):
    response = client.get(reverse("donations:public-drive", args=[drive.pk]), {"page": number})
    assert response.status_code == 200
    return response.context


def test_every_page_holds_the_rows_of_the_grouped_query(dw, disclosed, client, per_page):
    withdrawn = make_pledge(dw, amount="1000.00", donor_name="企业001")
    pay(dw, withdrawn, "10.00", ref="W")
    disclosed.pledges.filter(pk=withdrawn.pk).update(disclosed_at=disclosed.donors_disclosed_at)
    services.pledge_withdraw(user=dw.reporter, pledge=withdrawn, reason="企业经营困难")
    expected = old_rows(disclosed)
    assert len(expected) == 4 * 4 + 1
    first = page(client, disclosed, 1)
    assert first["num_pages"] == 6
    assert first["donor_count"] == len(expected)
    assert first["total"] == sum((row["received"] for row in expected), Decimal("0"))
    shown = []
    # Deep pages first, so they are not read after the pages before them were cached.
    for number in (6, 4, 5, 2, 3, 1):
        shown.append((number, page(client, disclosed, number)["donors"]))
    shown = [row for _number, rows in sorted(shown) for row in rows]
    assert shown == expected
    same_name = [row["received"] for row in shown if row["name"] == "同名企业"]
    assert same_name == [Decimal("100.00")] * 4
    assert any(row["anonymous"] and row["name"] is None for row in shown)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("abc", 1),
        ("²", 1),
        ("٣", 1),
        ("-1", 1),
        ("0", 1),
        ("", 1),
        ("2.0", 1),
        (" 2", 1),
        ("002", 2),
        ("7", 6),
        ("9" * 100, 6),
        ("1" * 5000, 6),
    ],
    ids=lambda v: v[:12] if isinstance(v, str) else str(v),
)
def test_any_page_value_gives_a_real_page(dw, disclosed, client, per_page, value, expected):
    context = page(client, disclosed, value)
    assert context["page_number"] == expected
    assert len(context["donors"]) == (PER_PAGE if expected < 6 else 1)


def test_only_real_pages_are_cached(dw, disclosed, client, per_page, monkeypatch):
    keys = []
    cached = public_cache.cached

    def spy(key, compute):
        keys.append(key)
        return cached(key, compute)

    monkeypatch.setattr(public_cache, "cached", spy)
    for value in ["abc", "²", "-1", "6", "7", "66", "9" * 100, "0", "02", "2"]:
        page(client, disclosed, value)
    pk = disclosed.pk
    assert set(keys) == {
        f"drive:{pk}",
        f"drive:{pk}:starts",
        f"drive:{pk}:page:1",
        f"drive:{pk}:page:2",
        f"drive:{pk}:page:6",
    }


@pytest.mark.parametrize("number", [1, 3])
def test_a_page_costs_the_same_queries_however_many_donors(
    dw, client, per_page, django_assert_num_queries, number
):
    donors(dw, 2)
    services.drive_disclose_donors(user=dw.reporter, drive=dw.drive)
    # The drive, its figures, (where the pages start,) the page's pledges, their receipts.
    queries = 5 if number > 1 else 4
    with django_assert_num_queries(queries):
        few = page(client, dw.drive, number)
    donors(dw, 6)
    dw.drive.pledges.filter(disclosed_at=None).update(disclosed_at=dw.drive.donors_disclosed_at)
    cache.clear()
    with django_assert_num_queries(queries):
        many = page(client, dw.drive, number)
    assert (few["page_number"], many["page_number"]) == (number, number)
    assert many["donor_count"] > few["donor_count"]
    with django_assert_num_queries(0):
        page(client, dw.drive, number)
