"""Every write in donations. Each service is keyword-only, checks the person's right
and the object's state, runs in one transaction and records a journal event.

Cash moves only in `ledger` and only as LedgerEntry rows: a receipt adds one, a spending
subtracts one, a reallocation writes a pair (out of the old use, into the new one).
Raises DonationError (shown to the person as a message) or PermissionDenied.
"""

from donations.services.certificates import certificate_document, certificate_if_large
from donations.services.common import (
    DonationError,
    drive_county,
    pledge_figures,
    validation_message,
)
from donations.services.drives import (
    drive_create,
    drive_disclose_donors,
    drive_file_statistics,
    drive_link_campaign,
    drive_statistics_assignment,
    drive_statistics_text,
)
from donations.services.ledger import (
    account_for,
    designation_balance,
    movable,
    pledge_reallocate,
    receipt_confirm_goods,
    receipt_record_cash,
    receipt_record_goods,
    spending_record,
)
from donations.services.personal_data import personal_data_disclose
from donations.services.pledges import (
    pledge_confirm,
    pledge_intention_submit,
    pledge_record,
    pledge_withdraw,
)
from donations.services.projects import (
    project_disclose_use,
    project_end,
    project_propose,
    project_screen,
)
from donations.services.wishes import (
    wish_claim,
    wish_claims_expire,
    wish_fulfil,
    wish_record,
    wish_vet,
)

__all__ = [
    "DonationError",
    "account_for",
    "certificate_document",
    "certificate_if_large",
    "designation_balance",
    "drive_county",
    "drive_create",
    "drive_disclose_donors",
    "drive_file_statistics",
    "drive_link_campaign",
    "drive_statistics_assignment",
    "drive_statistics_text",
    "movable",
    "personal_data_disclose",
    "pledge_confirm",
    "pledge_figures",
    "pledge_intention_submit",
    "pledge_reallocate",
    "pledge_record",
    "pledge_withdraw",
    "project_disclose_use",
    "project_end",
    "project_propose",
    "project_screen",
    "receipt_confirm_goods",
    "receipt_record_cash",
    "receipt_record_goods",
    "spending_record",
    "validation_message",
    "wish_claim",
    "wish_claims_expire",
    "wish_fulfil",
    "wish_record",
    "wish_vet",
]
