"""Writes on conventions and what hangs on them, one module per subject: conventions.py (draft,
terms, parties, commitments, signature), amendments.py (avenants, express renewal),
terminations.py (denunciation, termination), proposals.py (an amendment or a termination
proposed to the convention's committee, applied when it adopts it), sheets.py (action
sheets, their indicators and deliverables), activity.py (indicator values, deliverables
delivered, daily activity),
dates.py (the date columns of a convention, kept by every write above and each night),
incidents.py (fiches de signalement), members.py (people and roles: invite, change a role,
take it back), notifications.py (notify: what a person is told, in the application and by
e-mail, issue 16).

Each service checks the rule of the source documents it enforces, runs in one transaction and
raises ConventionError (a ValidationError with a French message, partnerships/errors.py) when
the rule says no. Callers import from here (`from partnerships import services`)."""

from partnerships.errors import ConventionError
from partnerships.services.activity import (
    activity_record,
    deliverable_deliver,
    indicator_value_record,
    supervision_record,
    synthesis_analysis_write,
)
from partnerships.services.amendments import amendment_add, convention_renew
from partnerships.services.conventions import (
    commitment_add,
    convention_create,
    convention_sign,
    convention_submit,
    convention_update,
    party_add,
)
from partnerships.services.dates import refresh_all_convention_dates, refresh_convention_dates
from partnerships.services.incidents import incident_acknowledge, incident_report_create
from partnerships.services.members import member_deactivate, member_invite, member_set_role
from partnerships.services.notifications import (
    notification_preferences_set,
    notify,
    preferences_of,
    purge_old_notifications,
    send_digests,
    send_notification_emails,
)
from partnerships.services.organisations import organisations_import
from partnerships.services.papers import convention_paper_remove, convention_paper_upload
from partnerships.services.proposals import (
    amendment_proposal_decide,
    amendment_propose,
    termination_proposal_decide,
    termination_propose,
)
from partnerships.services.sheets import (
    deliverable_add,
    deliverable_update,
    indicator_add,
    indicator_update,
    sheet_create,
    sheet_update,
)
from partnerships.services.terminations import (
    amendment_denounce,
    convention_denounce,
    convention_terminate,
)

__all__ = [
    "convention_paper_remove",
    "convention_paper_upload",
    "ConventionError",
    "activity_record",
    "amendment_add",
    "amendment_proposal_decide",
    "amendment_propose",
    "commitment_add",
    "convention_create",
    "amendment_denounce",
    "convention_denounce",
    "convention_renew",
    "convention_sign",
    "convention_submit",
    "convention_terminate",
    "convention_update",
    "deliverable_add",
    "deliverable_deliver",
    "deliverable_update",
    "incident_acknowledge",
    "incident_report_create",
    "indicator_add",
    "indicator_update",
    "indicator_value_record",
    "supervision_record",
    "synthesis_analysis_write",
    "member_deactivate",
    "member_invite",
    "member_set_role",
    "notification_preferences_set",
    "notify",
    "organisations_import",
    "preferences_of",
    "purge_old_notifications",
    "send_digests",
    "send_notification_emails",
    "party_add",
    "refresh_all_convention_dates",
    "refresh_convention_dates",
    "sheet_create",
    "sheet_update",
    "termination_proposal_decide",
    "termination_propose",
]
