"""Every write on money goes through here, one module per subject: grants.py (budget lines,
participations, their yearly amounts and bank details), schedule.py (the 70/30 instalments:
generated, made due, paid, cancelled), terminations.py (what a convention's termination does
to its money), reimbursements.py (reversements), cofunding.py (co-funding plans), calls.py
(calls for applications), credits.py (the payment credits of a budget line), requests.py
(annual subsidy requests), operators.py (the selected operators' funding). The envelopes of
measures keep their figures and writes together in funding/envelopes.py.

Each service runs in a transaction, checks that the acting user `by` may do it
(funding/rules.py: PermissionDenied, which the pages answer with a 404), records who did it in
the history, and refuses with a `FundingError` whose French message the page shows as is.
Callers import from here (`from funding import services`); the names below are the services'
whole public list."""

from funding.services.calls import (
    application_missing,
    application_open,
    application_request_measures,
    application_submit,
    application_upload,
    call_allocations_adopt,
    call_close,
    call_create,
    call_decide,
    call_update,
    criterion_add,
    criterion_remove,
    ineligibility,
    required_document_add,
    required_document_remove,
    score_record,
    scores_record,
)
from funding.services.cofunding import (
    cofunding_plan_create,
    cofunding_plan_update,
    contribution_add,
    contribution_remove,
    contribution_update,
)
from funding.services.credits import CreditYear, credit_years, payment_credit_set
from funding.services.grants import (
    budget_line_create,
    budget_line_update,
    grant_create,
    grant_set_bank_details,
    grant_update,
    grant_year_remove,
    grant_year_set,
)
from funding.services.operators import application_fund, measures_granted
from funding.services.papers import grant_paper_remove, grant_paper_upload, has_bank_statement
from funding.services.reimbursements import (
    reimbursement_cancel,
    reimbursement_claim,
    reimbursement_contest,
    reimbursement_issue_title,
    reimbursement_recover,
)
from funding.services.requests import (
    other_funder_add,
    other_funder_answer,
    subsidy_request_decide,
    subsidy_request_submit,
)
from funding.services.schedule import (
    conditions_met,
    grant_notify,
    instalment_cancel,
    instalment_pay,
    instalments_generate,
    instalments_release,
    instalments_stop,
    release_for_action_plan,
    release_for_report,
    schedule_for_year,
    split_amount,
    termination_in_effect,
)
from funding.services.terminations import grants_stop, terminations_take_effect

__all__ = [
    "grant_paper_remove",
    "grant_paper_upload",
    "has_bank_statement",
    "application_fund",
    "application_missing",
    "ineligibility",
    "application_open",
    "application_request_measures",
    "application_submit",
    "application_upload",
    "budget_line_create",
    "budget_line_update",
    "call_close",
    "call_create",
    "call_allocations_adopt",
    "call_decide",
    "call_update",
    "cofunding_plan_create",
    "cofunding_plan_update",
    "conditions_met",
    "contribution_add",
    "contribution_remove",
    "contribution_update",
    "CreditYear",
    "credit_years",
    "criterion_add",
    "criterion_remove",
    "grant_create",
    "grant_notify",
    "grant_set_bank_details",
    "grant_update",
    "grant_year_remove",
    "grant_year_set",
    "grants_stop",
    "instalment_cancel",
    "measures_granted",
    "other_funder_add",
    "other_funder_answer",
    "instalment_pay",
    "instalments_generate",
    "instalments_release",
    "instalments_stop",
    "reimbursement_cancel",
    "reimbursement_issue_title",
    "reimbursement_claim",
    "reimbursement_contest",
    "reimbursement_recover",
    "payment_credit_set",
    "release_for_action_plan",
    "release_for_report",
    "required_document_add",
    "required_document_remove",
    "schedule_for_year",
    "score_record",
    "scores_record",
    "split_amount",
    "subsidy_request_decide",
    "subsidy_request_submit",
    "termination_in_effect",
    "terminations_take_effect",
]
