"""Every write of a household's follow-up, one service per operation or status transition, one
module per subject: households.py (the household and its members), referrals.py (saisines
and orientations), projects.py (a project's life: proposed, approved, started, renewed,
closed), handover.py (a change of referent), follow_up.py (actions, contacts, reviews,
one-off help), appointments.py (planned contacts), documents.py.

Each service is keyword-only, runs in one transaction, checks the permission of `by`
(django-rules, households/rules.py) and raises `HouseholdError` (a ValidationError with a
French message, households/errors.py) before writing anything when a rule of the domain
refuses it. Callers import from here (`from households import services`)."""

from common.concurrency import EditConflict
from common.uploads import SIGNATURES, detect_format
from households.errors import HouseholdError
from households.services.access import rebuild_access, refresh_access
from households.services.appointments import appointment_hold, appointment_miss, appointment_plan
from households.services.documents import document_upload
from households.services.dwellings import dwelling_leave, dwelling_record
from households.services.follow_up import (
    action_plan,
    action_set_status,
    contact_log,
    help_decide,
    help_documents_received,
    help_pay,
    help_repay,
    help_request,
    review_acknowledge,
    review_record,
)
from households.services.handover import project_change_referent, purge_ended_accesses
from households.services.households import (
    HouseholdLine,
    MemberLine,
    household_create,
    household_update_situation,
    households_import,
    member_add,
    set_priorities,
)
from households.services.projects import (
    approvals_missing,
    further_renewal_refusal,
    project_approve,
    project_approve_in_committee,
    project_close,
    project_propose,
    project_refuse,
    project_renew,
    project_renew_further,
    project_renew_in_committee,
    project_renewal_refuse_in_committee,
    project_set_partners,
    project_set_volunteers,
    project_start,
    project_structures,
    renewal_committee_fits,
    renewal_refusal,
    structures_to_approve,
)
from households.services.referrals import (
    orientation_decide,
    partner_prescribers,
    referral_prescribers,
    referral_receive,
    referral_receive_new_household,
    referral_start_study,
)

__all__ = [
    "HouseholdLine",
    "MemberLine",
    "households_import",
    "EditConflict",
    "HouseholdError",
    "SIGNATURES",
    "action_plan",
    "action_set_status",
    "appointment_hold",
    "appointment_miss",
    "appointment_plan",
    "approvals_missing",
    "contact_log",
    "detect_format",
    "document_upload",
    "dwelling_leave",
    "dwelling_record",
    "help_decide",
    "help_documents_received",
    "help_pay",
    "help_repay",
    "help_request",
    "household_create",
    "household_update_situation",
    "member_add",
    "orientation_decide",
    "project_approve",
    "project_approve_in_committee",
    "project_refuse",
    "project_change_referent",
    "project_close",
    "project_propose",
    "project_renew",
    "project_renew_further",
    "project_renew_in_committee",
    "project_renewal_refuse_in_committee",
    "project_set_partners",
    "project_set_volunteers",
    "project_start",
    "project_structures",
    "purge_ended_accesses",
    "referral_receive",
    "partner_prescribers",
    "referral_prescribers",
    "referral_receive_new_household",
    "rebuild_access",
    "set_priorities",
    "referral_start_study",
    "refresh_access",
    "renewal_committee_fits",
    "further_renewal_refusal",
    "renewal_refusal",
    "review_acknowledge",
    "review_record",
    "structures_to_approve",
]
