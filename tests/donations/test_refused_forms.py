"""A refused form on a donations staff page is shown again on its page: the error beside
the field, what was typed still there, the chosen file kept for the next try (which
claims it with no second upload), and nothing written. Read in English (the msgids)."""

import html
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from donations import services
from donations.models import (
    LedgerEntry,
    PledgeStatus,
    Project,
    Reallocation,
    Receipt,
    Spending,
    Wish,
    WishStatus,
)
from portal.models import Attachment, JournalEntry
from portal.services import attachment_create
from tests.donations.conftest import make_pledge, make_project, pay, pdf, png
from tests.donations.test_wishes_services import make_wish
from tests.factories import UserFactory

NOT_SAVED = "Nothing was saved: correct what is marked in the form below."


def form_of(response, testid: str) -> str:
    """The HTML of the form with this data-testid."""
    content = response.content.decode()
    start = content.index(f'data-testid="{testid}"')
    return content[start : content.index("</form>", start)]


def beside(form: str, field: str) -> str:
    """The error text crispy shows beside the field (its invalid-feedback)."""
    found = re.findall(
        rf'<div id="id_{field}_error" class="invalid-feedback">(.*?)</div>', form, re.S
    )
    texts = (html.unescape(re.sub(r"<[^>]+>", " ", text)) for text in found)
    return " ".join(" ".join(text.split()) for text in texts)


def value_of(form: str, field: str) -> str:
    """What the input or textarea named `field` holds."""
    textarea = re.search(rf'<textarea[^>]*name="{field}"[^>]*>(.*?)</textarea>', form, re.S)
    if textarea:
        return html.unescape(textarea.group(1)).strip()
    tag = re.search(rf'<input[^>]*name="{field}"[^>]*>', form).group(0)
    value = re.search(r'value="([^"]*)"', tag)
    return html.unescape(value.group(1)) if value else ""


def kept_ids(form: str, field: str) -> list[str]:
    return re.findall(rf'name="kept_{field}" value="([^"]+)"', form)


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def journal():
    # The domain's entries: signing in to send the form writes a security event.
    return JournalEntry.objects.exclude(action__startswith="security.").count()


# --- Receipts --------------------------------------------------------------------------


def test_an_excess_cash_receipt_is_refused_beside_the_amount(dw, browse):
    pledge = make_pledge(dw, amount="1000.00")
    pay(dw, pledge, "600.00")
    events = journal()
    response = browse(dw.reporter).post(
        reverse("donations:receipt-create", args=[pledge.pk]),
        {"amount": "400.01", "received_on": "2026-10-02", "reference": "ICBC-0002"},
    )
    assert response.status_code == 200
    form = form_of(response, "receipt-form")
    assert "more than the 400.00 yuan still outstanding" in beside(form, "amount")
    assert value_of(form, "amount") == "400.01"
    assert value_of(form, "received_on") == "2026-10-02"
    assert value_of(form, "reference") == "ICBC-0002"
    assert NOT_SAVED in messages_of(response)
    assert Receipt.objects.count() == 1
    assert LedgerEntry.objects.count() == 1
    assert journal() == events


def test_a_cash_receipt_without_a_date_keeps_what_was_typed(dw, browse):
    pledge = make_pledge(dw, amount="1000.00")
    response = browse(dw.reporter).post(
        reverse("donations:receipt-create", args=[pledge.pk]),
        {"amount": "300.00", "received_on": "", "reference": "ICBC-0003"},
    )
    assert response.status_code == 200
    form = form_of(response, "receipt-form")
    assert beside(form, "received_on") == "This field is required."
    assert value_of(form, "amount") == "300.00"
    assert value_of(form, "reference") == "ICBC-0003"
    assert not Receipt.objects.exists()


def test_the_error_is_translated(dw, client_for):
    pledge = make_pledge(dw, amount="1000.00")
    response = client_for(dw.reporter).post(
        reverse("donations:receipt-create", args=[pledge.pk]),
        {"amount": "300.00", "received_on": "", "reference": "ICBC-0003"},
    )
    assert beside(form_of(response, "receipt-form"), "received_on") == "这个字段是必填项。"


def goods_pledge(dw):
    return make_pledge(dw, kind="goods", amount="5000.00", items=[("书包", Decimal("100"), "个")])


def goods_receipt(dw, **changes):
    data = {
        "amount": "4800.00",
        "received_on": "2026-10-09",
        "valued_by": dw.village.pk,
        "certificate": pdf("valuation.pdf"),
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_an_excess_goods_receipt_keeps_the_certificate_for_the_next_try(dw, browse):
    pledge = goods_pledge(dw)
    client = browse(dw.reporter)
    url = reverse("donations:receipt-create", args=[pledge.pk])
    events = journal()

    response = client.post(url, goods_receipt(dw, amount="5000.01"))
    assert response.status_code == 200
    form = form_of(response, "receipt-form")
    assert "more than the 5000.00 yuan still outstanding" in beside(form, "amount")
    assert value_of(form, "amount") == "5000.01"
    assert value_of(form, "received_on") == "2026-10-09"
    assert "valuation.pdf" in form
    kept = Attachment.objects.get()
    assert kept_ids(form, "certificate") == [str(kept.pk)]
    assert not Receipt.objects.exists()
    assert journal() == events
    # The kept file stands in for the required field: the input no longer demands one.
    assert not re.search(r'<input[^>]*name="certificate"[^>]*required', form)

    response = client.post(url, goods_receipt(dw, certificate=None, kept_certificate=str(kept.pk)))
    assert response.status_code == 302
    receipt = Receipt.objects.get()
    assert receipt.certificate == kept
    assert receipt.amount == Decimal("4800.00")
    assert Attachment.objects.count() == 1


def test_a_goods_receipt_without_a_date_keeps_the_certificate(dw, browse):
    pledge = goods_pledge(dw)
    client = browse(dw.reporter)
    url = reverse("donations:receipt-create", args=[pledge.pk])
    response = client.post(url, goods_receipt(dw, received_on=""))
    form = form_of(response, "receipt-form")
    assert beside(form, "received_on") == "This field is required."
    assert value_of(form, "amount") == "4800.00"
    assert "valuation.pdf" in form
    (kept,) = kept_ids(form, "certificate")
    client.post(url, goods_receipt(dw, certificate=None, kept_certificate=kept))
    assert str(Receipt.objects.get().certificate_id) == kept
    assert Attachment.objects.count() == 1


def test_a_new_file_replaces_the_kept_one(dw, browse):
    pledge = goods_pledge(dw)
    client = browse(dw.reporter)
    url = reverse("donations:receipt-create", args=[pledge.pk])
    client.post(url, goods_receipt(dw, received_on=""))
    first = Attachment.objects.get()
    client.post(
        url, goods_receipt(dw, certificate=pdf("better.pdf"), kept_certificate=str(first.pk))
    )
    receipt = Receipt.objects.get()
    assert receipt.certificate.original_name == "better.pdf"
    assert not Attachment.objects.filter(pk=first.pk).exists()


def test_a_refused_file_is_marked_beside_its_field(dw, browse):
    pledge = goods_pledge(dw)
    response = browse(dw.reporter).post(
        reverse("donations:receipt-create", args=[pledge.pk]),
        goods_receipt(dw, certificate=SimpleUploadedFile("notes.txt", b"plain text")),
    )
    form = form_of(response, "receipt-form")
    assert "is not an accepted file" in beside(form, "certificate")
    assert value_of(form, "amount") == "4800.00"
    assert not Attachment.objects.exists()
    assert not Receipt.objects.exists()


def test_a_kept_id_guessed_from_another_units_upload_claims_nothing(dw, browse):
    pledge = goods_pledge(dw)
    theirs = attachment_create(
        unit=dw.township_office, uploaded=pdf("theirs.pdf"), uploaded_by=dw.township_reporter
    )
    # Even one the clerk uploaded, if it was for another unit.
    elsewhere = attachment_create(
        unit=dw.township_office, uploaded=pdf("elsewhere.pdf"), uploaded_by=dw.reporter
    )
    response = browse(dw.reporter).post(
        reverse("donations:receipt-create", args=[pledge.pk]),
        goods_receipt(
            dw, certificate=None, kept_certificate=[str(theirs.pk), str(elsewhere.pk), "x"]
        ),
    )
    assert response.status_code == 200
    form = form_of(response, "receipt-form")
    assert beside(form, "certificate") == "This field is required."
    assert "theirs.pdf" not in form and "elsewhere.pdf" not in form
    assert not Receipt.objects.exists()
    assert Attachment.objects.count() == 2  # neither used nor deleted


def test_a_file_already_filed_cannot_be_claimed_again(dw, browse):
    pledge = goods_pledge(dw)
    client = browse(dw.reporter)
    url = reverse("donations:receipt-create", args=[pledge.pk])
    client.post(url, goods_receipt(dw, amount="1000.00"))
    used = Receipt.objects.get().certificate
    response = client.post(
        url, goods_receipt(dw, amount="1000.00", certificate=None, kept_certificate=str(used.pk))
    )
    assert beside(form_of(response, "receipt-form"), "certificate") == "This field is required."
    assert Receipt.objects.count() == 1


def test_a_try_on_a_pledge_that_is_no_longer_open_keeps_no_file(dw, browse):
    pledge = goods_pledge(dw)
    # The page showed the form; a colleague recorded the withdrawal before it was sent.
    services.pledge_withdraw(user=dw.approver, pledge=pledge, reason="捐赠方撤回")
    response = browse(dw.reporter).post(
        reverse("donations:receipt-create", args=[pledge.pk]), goods_receipt(dw)
    )
    assert response.status_code == 302
    assert "Receipts are recorded only against a confirmed pledge." in messages_of(response)
    assert not Attachment.objects.exists()
    assert not Receipt.objects.exists()


# --- Reallocation ----------------------------------------------------------------------


def paid_project_pledge(dw, amount="1000.00"):
    project = make_project(dw)
    pledge = make_pledge(dw, designation="project", project=project)
    pay(dw, pledge, amount)
    return project, pledge


def move(**changes):
    data = {
        "amount": "500.00",
        "to_designation": "none",
        "consent_on": "2026-10-20",
        "consent_note": "捐赠方来函同意",
        "consent_evidence": pdf("consent.pdf"),
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_a_move_without_consent_is_refused_beside_the_consent(dw, browse):
    project, pledge = paid_project_pledge(dw)
    client = browse(dw.reporter)
    url = reverse("donations:pledge-reallocate", args=[pledge.pk])
    entries, events = LedgerEntry.objects.count(), journal()

    response = client.post(url, move(consent_on=""))
    assert response.status_code == 200
    form = form_of(response, "reallocate-form")
    assert "only with the donor's consent" in beside(form, "consent_on")
    assert value_of(form, "amount") == "500.00"
    assert value_of(form, "consent_note") == "捐赠方来函同意"
    assert "consent.pdf" in form
    (kept,) = kept_ids(form, "consent_evidence")
    assert NOT_SAVED in messages_of(response)
    assert not Reallocation.objects.exists()
    assert (LedgerEntry.objects.count(), journal()) == (entries, events)
    pledge.refresh_from_db()
    assert pledge.project == project

    response = client.post(url, move(consent_evidence=None, kept_consent_evidence=kept))
    assert response.status_code == 302
    reallocation = Reallocation.objects.get()
    assert str(reallocation.consent_evidence_id) == kept
    assert Attachment.objects.count() == 1


def test_a_move_with_no_consent_at_all_marks_each_missing_field(dw, browse):
    _, pledge = paid_project_pledge(dw)
    response = browse(dw.reporter).post(
        reverse("donations:pledge-reallocate", args=[pledge.pk]),
        move(consent_on="", consent_note="", consent_evidence=None),
    )
    form = form_of(response, "reallocate-form")
    assert "only with the donor's consent" in beside(form, "consent_on")
    assert beside(form, "consent_note") == "This field is required."
    assert beside(form, "consent_evidence") == "This field is required."
    assert not Reallocation.objects.exists()


def test_moving_more_than_is_held_is_refused_beside_the_amount(dw, browse):
    _, pledge = paid_project_pledge(dw)
    response = browse(dw.reporter).post(
        reverse("donations:pledge-reallocate", args=[pledge.pk]), move(amount="1000.01")
    )
    form = form_of(response, "reallocate-form")
    assert "At most 1000.00 yuan of this gift can be moved" in beside(form, "amount")
    assert "consent.pdf" in form
    assert not Reallocation.objects.exists()


def test_moving_to_the_same_use_is_refused_beside_the_new_use(dw, browse):
    project, pledge = paid_project_pledge(dw)
    response = browse(dw.reporter).post(
        reverse("donations:pledge-reallocate", args=[pledge.pk]),
        move(to_designation="project", to_project=project.pk),
    )
    form = form_of(response, "reallocate-form")
    assert "The new use is the same as the present one." in beside(form, "to_designation")


def test_a_move_to_no_project_is_refused_beside_the_project(dw, browse):
    _, pledge = paid_project_pledge(dw)
    response = browse(dw.reporter).post(
        reverse("donations:pledge-reallocate", args=[pledge.pk]), move(to_designation="project")
    )
    form = form_of(response, "reallocate-form")
    assert beside(form, "to_project") == "Choose the project the gift is for."
    assert "consent.pdf" in form


# --- Withdrawal ------------------------------------------------------------------------


def test_a_withdrawal_without_a_reason_is_refused_beside_the_reason(dw, browse):
    pledge = make_pledge(dw, amount="1000.00")
    response = browse(dw.reporter).post(
        reverse("donations:pledge-withdraw", args=[pledge.pk]), {"reason": "  "}
    )
    assert response.status_code == 200
    assert beside(form_of(response, "withdraw-form"), "reason") == "This field is required."
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.CONFIRMED


def test_a_refused_withdrawal_keeps_the_reason(dw, browse):
    pledge = make_pledge(dw, amount="1000.00")
    pay(dw, pledge, "1000.00")
    events = journal()
    response = browse(dw.reporter).post(
        reverse("donations:pledge-withdraw", args=[pledge.pk]), {"reason": "捐赠方撤回"}
    )
    assert response.status_code == 200
    form = form_of(response, "withdraw-form")
    assert "This pledge has been received in full." in form
    assert value_of(form, "reason") == "捐赠方撤回"
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.CONFIRMED
    assert journal() == events


# --- Spending --------------------------------------------------------------------------


def spend(**changes):
    data = {
        "amount": "1500.00",
        "spent_on": "2026-11-01",
        "purpose": "冷库设备款",
        "evidence": pdf("invoice.pdf"),
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_spending_more_than_the_project_holds_is_refused_beside_the_amount(dw, browse):
    project, _ = paid_project_pledge(dw)
    client = browse(dw.reporter)
    url = reverse("donations:spending-create", args=[project.pk])
    entries, events = LedgerEntry.objects.count(), journal()

    response = client.post(url, spend())
    assert response.status_code == 200
    form = form_of(response, "spending-form")
    assert "The project holds 1000.00 yuan" in beside(form, "amount")
    assert value_of(form, "amount") == "1500.00"
    assert value_of(form, "spent_on") == "2026-11-01"
    assert value_of(form, "purpose") == "冷库设备款"
    assert "invoice.pdf" in form
    (kept,) = kept_ids(form, "evidence")
    assert NOT_SAVED in messages_of(response)
    assert not Spending.objects.exists()
    assert (LedgerEntry.objects.count(), journal()) == (entries, events)

    response = client.post(url, spend(amount="800.00", evidence=None, kept_evidence=kept))
    assert response.status_code == 302
    assert str(Spending.objects.get().evidence_id) == kept
    assert Attachment.objects.count() == 1


def test_spending_without_evidence_keeps_what_was_typed(dw, browse):
    project, _ = paid_project_pledge(dw)
    response = browse(dw.reporter).post(
        reverse("donations:spending-create", args=[project.pk]), spend(evidence=None)
    )
    form = form_of(response, "spending-form")
    assert beside(form, "evidence") == "This field is required."
    assert value_of(form, "purpose") == "冷库设备款"
    assert not Spending.objects.exists()


def test_an_end_date_that_is_not_a_date_is_marked(dw, browse):
    project = make_project(dw)
    response = browse(dw.reporter).post(
        reverse("donations:project-end", args=[project.pk]), {"ended_on": "2026-13-01"}
    )
    assert response.status_code == 200
    form = form_of(response, "end-form")
    assert beside(form, "ended_on") == "Enter a valid date."
    assert value_of(form, "ended_on") == "2026-13-01"
    project.refresh_from_db()
    assert project.status == "published"


# --- Micro-wishes ----------------------------------------------------------------------


def claimed_wish(dw):
    wish = make_wish(dw)
    services.wish_claim(user=UserFactory(), wish=wish)
    return wish


def test_a_fulfilment_without_the_date_keeps_the_photo(dw, browse):
    wish = claimed_wish(dw)
    other = claimed_wish(dw)
    client = browse(dw.helper)
    url = reverse("donations:wish-fulfil", args=[wish.pk])
    events = journal()

    response = client.post(url, {"photo": png("handover.png"), "household_confirmed_on": ""})
    assert response.status_code == 200
    content = response.content.decode()
    start = content.index(f'data-testid="fulfil-form" data-wish="{wish.pk}"')
    form = content[start : content.index("</form>", start)]
    assert beside(form, "household_confirmed_on") == "This field is required."
    assert "handover.png" in form
    (kept,) = kept_ids(form, "photo")
    # The other wish's form is empty.
    start = content.index(f'data-testid="fulfil-form" data-wish="{other.pk}"')
    assert "handover.png" not in content[start : content.index("</form>", start)]
    assert NOT_SAVED in messages_of(response)
    wish.refresh_from_db()
    assert wish.status == WishStatus.CLAIMED
    assert journal() == events

    response = client.post(url, {"kept_photo": kept, "household_confirmed_on": "2026-11-05"})
    assert response.status_code == 302
    wish.refresh_from_db()
    assert wish.status == WishStatus.FULFILLED
    assert str(wish.photo_id) == kept
    assert Attachment.objects.count() == 1


def test_a_fulfilment_of_a_wish_no_longer_claimed_keeps_no_photo(dw, browse):
    wish = claimed_wish(dw)
    Wish.objects.filter(pk=wish.pk).update(status=WishStatus.PUBLISHED, claimed_by=None)
    # The list still showed the form; the claim lapsed before it was sent.
    response = browse(dw.helper).post(
        reverse("donations:wish-fulfil", args=[wish.pk]),
        {"photo": png(), "household_confirmed_on": "2026-11-05"},
    )
    assert response.status_code == 302
    assert not Attachment.objects.exists()


# --- Drive -----------------------------------------------------------------------------


def test_linking_a_campaign_not_offered_is_refused_beside_the_campaign(dw, browse):
    response = browse(dw.reporter).post(
        reverse("donations:drive-campaign", args=[dw.drive.pk]),
        {"campaign": "999999"},
    )
    assert response.status_code == 200
    form = form_of(response, "link-campaign")
    assert "Select a valid choice." in html.unescape(form)
    assert "is-invalid" in form
    dw.drive.refresh_from_db()
    assert dw.drive.campaign is None


def test_a_refused_page_is_the_same_page(dw, browse):
    """The refused POST builds its page as GET does: the same figures and lists."""
    pledge = make_pledge(dw, amount="1000.00")
    pay(dw, pledge, "600.00", on=date(2026, 10, 1))
    client = browse(dw.reporter)
    page = client.get(reverse("donations:pledge-detail", args=[pledge.pk]))
    refused = client.post(
        reverse("donations:receipt-create", args=[pledge.pk]),
        {"amount": "999.00", "received_on": "2026-10-02", "reference": "X"},
    )
    for key in ("figures", "state", "can_manage", "large_gift"):
        assert refused.context[key] == page.context[key]
    assert list(refused.context["receipts"]) == list(page.context["receipts"])


# --- Proposals -------------------------------------------------------------------------


def test_a_proposal_without_a_budget_keeps_the_photos(dw, browse):
    client = browse(dw.township_reporter)
    url = reverse("donations:project-create")
    data = {
        "unit": dw.township_office.pk,
        "village": dw.village.pk,
        "title": "凉水岸村小学图书室",
        "purpose": "购置图书和书架",
        "category": "education",
        "budget": "",
        "claim_deadline": "2026-12-31",
    }
    response = client.post(url, {**data, "photos": [png("a.png"), png("b.png")]})
    assert response.status_code == 200
    form = form_of(response, "project-form")
    assert beside(form, "budget") == "This field is required."
    assert value_of(form, "title") == "凉水岸村小学图书室"
    assert "a.png" in form and "b.png" in form
    kept = kept_ids(form, "photos")
    assert len(kept) == 2
    assert not Project.objects.exists()

    response = client.post(url, {**data, "budget": "30000.00", "kept_photos": kept})
    assert response.status_code == 302
    project = Project.objects.get()
    assert sorted(str(pk) for pk in project.photos.values_list("pk", flat=True)) == sorted(kept)
    assert Attachment.objects.count() == 2


@pytest.mark.parametrize(
    ("received_on", "message"),
    [
        ("0001-01-01", "Enter a day between 2000 and 2100: the year looks mistyped."),
        ("1999-12-31", "Enter a day between 2000 and 2100: the year looks mistyped."),
        ("2999-10-02", "Enter a day between 2000 and 2100: the year looks mistyped."),
        ("tomorrow", "That day has not come yet: enter the day it happened."),
    ],
)
def test_a_receipt_on_a_mistyped_or_future_day_is_refused_beside_the_date(
    dw, browse, received_on, message
):
    if received_on == "tomorrow":
        received_on = (timezone.localdate() + timedelta(days=1)).isoformat()
    pledge = make_pledge(dw, amount="1000.00")
    response = browse(dw.reporter).post(
        reverse("donations:receipt-create", args=[pledge.pk]),
        {"amount": "300.00", "received_on": received_on, "reference": "ICBC-0004"},
    )
    form = form_of(response, "receipt-form")
    assert beside(form, "received_on") == message
    assert value_of(form, "received_on") == received_on
    assert not Receipt.objects.exists() and not LedgerEntry.objects.exists()


def test_a_receipt_dated_today_is_recorded(dw, browse):
    pledge = make_pledge(dw, amount="1000.00")
    today = timezone.localdate().isoformat()
    browse(dw.reporter).post(
        reverse("donations:receipt-create", args=[pledge.pk]),
        {"amount": "300.00", "received_on": today, "reference": "ICBC-0005"},
    )
    assert Receipt.objects.get().received_on.isoformat() == today
