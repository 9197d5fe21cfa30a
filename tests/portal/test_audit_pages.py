"""The audit administrator's pages: the security journal (filters, newest first, a flat query
count), its Excel copy (itself journaled) and the chain's verification. Only an audit
administrator (or a superuser) reaches them, and the audit administrator reaches nothing
else."""

from datetime import datetime
from io import BytesIO

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from portal import journal, journal_chain, security_events
from portal.clock import CHINA
from portal.models import JournalEntry, Membership, Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

JOURNAL = reverse("audit-journal")
VERIFY = reverse("audit-verify")
EXPORT = reverse("audit-export")
PAGES = [JOURNAL, VERIFY, EXPORT]


@pytest.fixture
def auditor(world):
    """An audit administrator at the provincial office, holding no other role."""
    person = UserFactory(username="auditor", full_name="审计员")
    # In bulk, as the world's own memberships: no role-change entry in the journal.
    Membership.objects.bulk_create(
        [Membership(user=person, unit=world.province_office, role=Role.AUDITOR)]
    )
    return person


@pytest.fixture
def security_admin(world):
    person = UserFactory(username="security_admin")
    Membership.objects.bulk_create(
        [Membership(user=person, unit=world.province_office, role=Role.SECURITY)]
    )
    return person


def _event(action, *, actor=None, address="10.0.0.1", at=None, **data):
    return journal.record(
        action, actor=actor, target=None, data={"result": "success", **data}, address=address, at=at
    )


def _rows(response):
    """The entries listed, leaving out the auditor's own sign-in (client_for signs in)."""
    return [
        row.entry.pk
        for row in response.context["rows"]
        if not (row.entry.action == security_events.SIGNED_IN and row.who.endswith("(auditor)"))
    ]


# --- Who may see the pages -------------------------------------------------------------


@pytest.mark.parametrize("url", PAGES)
def test_the_auditor_sees_the_pages(auditor, client_for, url):
    assert client_for(auditor).get(url).status_code == 200


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize(
    "who", ["reporter", "approver", "city_reviewer", "province_admin", "security_admin"]
)
def test_everyone_else_is_refused(world, security_admin, client_for, url, who):
    person = security_admin if who == "security_admin" else getattr(world, who)
    assert client_for(person).get(url).status_code == 403


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_is_sent_to_sign_in(db, client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_superuser_sees_the_journal(world, client_for):
    boss = UserFactory(username="root", is_superuser=True, is_staff=True)
    assert client_for(boss).get(JOURNAL).status_code == 200


def test_a_post_is_not_allowed(auditor, client_for):
    assert client_for(auditor).post(JOURNAL).status_code == 405


def test_the_auditor_reaches_nothing_else(world, auditor, client_for):
    client = client_for(auditor)
    assert client.get(reverse("submissions:queue")).status_code == 403
    other_unit = client.get(reverse("unit-detail", args=[world.yanchang_bureau.pk]))
    assert other_unit.status_code == 403
    # Not even the unit the audit administrator belongs to.
    own_unit = client.get(reverse("unit-detail", args=[world.province_office.pk]))
    assert own_unit.status_code == 403
    # The admin site sends them to its own sign-in page, which says they may not enter.
    for url in [reverse("admin:index"), reverse("admin:portal_journalentry_changelist")]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


def test_an_auditor_membership_reaches_no_unit_data(world, auditor):
    """Beneath the pages' refusal, the scope itself (portal.scoping.NO_UNIT_REACH)."""
    from portal.scoping import has_role, scope_for

    assert scope_for(auditor).is_empty
    assert has_role(auditor, Role.AUDITOR, world.province_office)


@pytest.mark.parametrize(
    "url",
    [
        reverse("unit-list"),
        reverse("submissions:search"),
        reverse("submissions:completeness"),
        reverse("campaigns:campaign-list"),
        reverse("donations:project-list"),
        reverse("donations:statistics"),
        reverse("awards:programme-list"),
        reverse("summaries:document-list"),
        reverse("status"),
        reverse("security-policy"),
    ],
)
def test_every_other_page_is_refused_to_the_auditor(auditor, client_for, url):
    assert client_for(auditor).get(url).status_code == 403


def test_the_auditor_keeps_home_and_their_account(auditor, client_for):
    client = client_for(auditor)
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("password_change")).status_code == 200
    assert client.get(reverse("notifications:list")).status_code == 200
    assert client.post(reverse("logout")).status_code == 302


def test_an_auditor_who_is_also_a_reporter_is_not_confined(world, client_for):
    Membership.objects.bulk_create(
        [Membership(user=world.reporter, unit=world.province_office, role=Role.AUDITOR)]
    )
    client = client_for(world.reporter)
    assert client.get(reverse("submissions:my-reports")).status_code == 200
    assert client.get(JOURNAL).status_code == 200


def test_the_auditor_menu_shows_the_journal_and_nothing_else(auditor, client_for):
    response = client_for(auditor).get(JOURNAL)
    names = [item["name"] for item in response.context["nav_items"]]
    assert names == ["home", "audit-journal"]


def test_others_have_no_journal_in_their_menu(world, client_for):
    response = client_for(world.province_admin).get(reverse("home"))
    assert "audit-journal" not in [item["name"] for item in response.context["nav_items"]]


def test_a_refusal_of_the_journal_is_itself_journaled(world, client_for):
    client_for(world.province_admin).get(JOURNAL, REMOTE_ADDR="10.9.8.7")
    entry = JournalEntry.objects.get(action=security_events.REFUSED)
    assert (entry.actor, entry.address, entry.data["path"]) == (
        world.province_admin,
        "10.9.8.7",
        JOURNAL,
    )


# --- The journal -----------------------------------------------------------------------


def test_rows_say_when_who_where_what_and_the_result(world, auditor, client_for):
    at = datetime(2026, 12, 4, 23, 30, 5, tzinfo=CHINA)  # 15:30:05 UTC
    _event(security_events.SIGNED_IN, actor=world.reporter, address="10.1.1.1", at=at)
    journal.record(
        security_events.SIGN_IN_FAILED,
        actor=None,
        target=None,
        data={"result": "failure", "username": "mallory"},
        address="10.6.6.6",
    )

    with translation.override("zh-hans"):
        response = client_for(auditor).get(JOURNAL)
    body = response.content.decode()

    assert "2026-12-04 23:30:05" in body
    assert "王小燕 (reporter)" in body
    assert "10.1.1.1" in body
    assert "登录成功" in body
    assert "mallory" in body and "10.6.6.6" in body
    assert "失败" in body
    assert 'data-testid="retention"' in body and "180" in body


def test_security_events_newest_first_and_all_entries_on_request(world, auditor, client_for):
    first = _event(security_events.SIGNED_IN, actor=world.reporter)
    domain = journal.record("submissions.report.created", actor=world.reporter, target=None)
    second = _event(security_events.SIGNED_OUT, actor=world.reporter)
    # Another app's security event: it says where the request came from.
    shown = journal.record(
        "donations.personal_data.disclosed", actor=world.reporter, target=None, address="10.0.0.2"
    )
    client = client_for(auditor)

    assert _rows(client.get(JOURNAL)) == [shown.pk, second.pk, first.pk]
    assert _rows(client.get(JOURNAL, {"kind": "all"})) == [shown.pk, second.pk, domain.pk, first.pk]
    assert _rows(client.get(JOURNAL, {"kind": security_events.SIGNED_OUT})) == [second.pk]


def test_filter_by_person_and_dates(world, auditor, client_for):
    reporter = _event(
        security_events.SIGNED_IN,
        actor=world.reporter,
        at=datetime(2026, 10, 1, 0, 30, tzinfo=CHINA),
    )
    tried = _event(
        security_events.SIGN_IN_FAILED,
        username="reporter",
        at=datetime(2026, 10, 2, 23, 59, tzinfo=CHINA),
    )
    _event(
        security_events.SIGNED_IN,
        actor=world.approver,
        at=datetime(2026, 10, 3, 0, 0, tzinfo=CHINA),
    )
    client = client_for(auditor)

    assert _rows(client.get(JOURNAL, {"person": "reporter"})) == [tried.pk, reporter.pk]
    assert _rows(client.get(JOURNAL, {"person": "王小燕"})) == [reporter.pk]
    dated = client.get(JOURNAL, {"date_from": "2026-10-01", "date_to": "2026-10-02"})
    assert _rows(dated) == [tried.pk, reporter.pk]


def test_the_journal_is_paginated(world, auditor, client_for):
    for _ in range(55):
        _event(security_events.SIGNED_IN, actor=world.reporter)
    client = client_for(auditor)  # its sign-in is the 56th
    assert len(client.get(JOURNAL).context["rows"]) == 50
    assert len(client.get(JOURNAL, {"page": 2}).context["rows"]) == 6


def test_query_count_stays_flat_as_entries_grow(world, auditor, client_for):
    client = client_for(auditor)
    people = [world.reporter, world.approver, world.city_reviewer, world.province_admin]

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(JOURNAL, {"kind": "all"})
        assert response.status_code == 200
        return len(queries)

    for person in people[:2]:
        _event(security_events.SIGNED_IN, actor=person)
    few = count_queries()
    for i in range(40):
        _event(security_events.EXPORTED, actor=people[i % 4], what="x", count=i)
    assert count_queries() == few


# --- The Excel copy ----------------------------------------------------------------------


def test_the_export_holds_the_filtered_entries_and_is_journaled(world, auditor, client_for):
    _event(security_events.SIGNED_IN, actor=world.reporter, address="10.1.1.1")
    _event('=HYPERLINK("http://x")', actor=world.reporter)  # a code that looks like a formula
    journal.record("submissions.report.created", actor=world.reporter, target=None)

    response = client_for(auditor).get(EXPORT, {"person": "reporter"}, REMOTE_ADDR="10.7.7.7")

    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    values = list(sheet.values)
    assert len(values) == 3  # the header and the two security events
    codes = [row[5] for row in values[1:]]
    assert codes == ['=HYPERLINK("http://x")', security_events.SIGNED_IN]
    assert sheet.cell(row=2, column=6).data_type == "s"
    exported = JournalEntry.objects.get(action=security_events.EXPORTED)
    assert (exported.actor, exported.address) == (auditor, "10.7.7.7")
    assert exported.data["what"] == "portal.journal"
    assert exported.data["count"] == 2


# --- The chain's verification ------------------------------------------------------------


def _raw(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql.format(table=JournalEntry._meta.db_table), params)


def test_verify_seals_then_says_the_chain_is_intact(world, auditor, client_for):
    for _ in range(3):
        _event(security_events.SIGNED_IN, actor=world.reporter)

    response = client_for(auditor).get(VERIFY)

    body = response.content.decode()
    assert 'data-ok="true"' in body
    assert (
        not JournalEntry.objects.filter(seq__isnull=True)
        .exclude(action=security_events.JOURNAL_VERIFIED)
        .exists()
    )
    # The three, and the auditor's sign-in.
    assert response.context["result"].count == 4
    verified = JournalEntry.objects.get(action=security_events.JOURNAL_VERIFIED)
    assert verified.data == {"result": "success", "count": 4, "broken_seq": None}


def test_an_entry_edited_in_the_database_is_named_on_the_page(world, auditor, client_for):
    entries = [_event(security_events.SIGNED_IN, actor=world.reporter) for _ in range(4)]
    journal_chain.seal()
    _raw("UPDATE {table} SET address = %s WHERE id = %s", ["10.66.66.66", entries[1].pk])

    with translation.override("zh-hans"):
        response = client_for(auditor).get(VERIFY)

    body = response.content.decode()
    assert 'data-ok="false"' in body
    assert 'data-seq="2"' in body and f'data-entry="{entries[1].pk}"' in body
    assert "10.66.66.66" in body
    assert "被修改" in body
    verified = JournalEntry.objects.get(action=security_events.JOURNAL_VERIFIED)
    assert verified.data == {"result": "broken", "count": 1, "broken_seq": 2}


def test_an_entry_deleted_in_the_middle_is_named_on_the_page(world, auditor, client_for):
    entries = [_event(security_events.SIGNED_IN, actor=world.reporter) for _ in range(4)]
    journal_chain.seal()
    _raw("DELETE FROM {table} WHERE id = %s", [entries[1].pk])

    response = client_for(auditor).get(VERIFY)

    assert response.context["result"].seq == 3
    assert response.context["result"].pk == entries[2].pk
    assert 'data-ok="false"' in response.content.decode()


# --- No edit or delete anywhere ----------------------------------------------------------


def test_the_admin_journal_is_read_only_even_for_a_superuser(world, client_for):
    boss = UserFactory(username="root", is_superuser=True, is_staff=True)
    entry = _event(security_events.SIGNED_IN, actor=world.reporter)
    client = client_for(boss)

    assert client.get(reverse("admin:portal_journalentry_changelist")).status_code == 200
    change = reverse("admin:portal_journalentry_change", args=[entry.pk])
    page = client.get(change)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert client.post(change, {"action": "x"}).status_code == 403
    delete = reverse("admin:portal_journalentry_delete", args=[entry.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:portal_journalentry_add")).status_code == 403
    with time_machine.travel(datetime(2030, 1, 1, tzinfo=CHINA)):
        assert JournalEntry.objects.filter(pk=entry.pk).exists()
