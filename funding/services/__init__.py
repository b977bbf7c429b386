"""Every write on money goes through here, one module per subject: grants.py (participations
and their bank details), schedule.py (the 70/30 instalments: generated, made due, paid,
cancelled), reimbursements.py (reversements), calls.py (calls for applications). The envelopes
of measures keep their figures and writes together in funding/envelopes.py.

Each service runs in a transaction, records who did it in the history, and refuses with a
`FundingError` whose French message the page shows as is. Callers import from here
(`from funding import services`); the names below are the services' whole public list."""

from funding.services.calls import (
    application_missing,
    application_open,
    application_request_measures,
    application_submit,
    application_upload,
    call_close,
    call_decide,
    score_record,
    scores_record,
)
from funding.services.grants import grant_create, grant_set_bank_details
from funding.services.reimbursements import (
    reimbursement_cancel,
    reimbursement_claim,
    reimbursement_contest,
    reimbursement_recover,
)
from funding.services.schedule import (
    conditions_met,
    grant_notify,
    instalment_cancel,
    instalment_pay,
    instalments_generate,
    instalments_release,
    release_for_action_plan,
    release_for_report,
    schedule_for_year,
    split_amount,
)

__all__ = [
    "application_missing",
    "application_open",
    "application_request_measures",
    "application_submit",
    "application_upload",
    "call_close",
    "call_decide",
    "conditions_met",
    "grant_create",
    "grant_notify",
    "grant_set_bank_details",
    "instalment_cancel",
    "instalment_pay",
    "instalments_generate",
    "instalments_release",
    "reimbursement_cancel",
    "reimbursement_claim",
    "reimbursement_contest",
    "reimbursement_recover",
    "release_for_action_plan",
    "release_for_report",
    "schedule_for_year",
    "score_record",
    "scores_record",
    "split_amount",
]
