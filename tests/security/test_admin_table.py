"""issue 13, proof of the administration: one table says who may do what in it.

For every ModelAdmin registered on the site, `TABLE` says which people of the world
(tests/world.py), plus a superuser, a director who is not staff and an anonymous visitor, may
reach it, see the sample row of side A (tests/security/conftest.py, `admin_samples`), add,
change and delete it, run each action, and which fields a permitted change may touch. The
tests walk `admin.site._registry`: an admin without a row fails, and so does any difference.

Then the forms are sent as users would send them: every change and add form is POSTed, with
every field of the row changed, by each role the table forbids, and the database must be the
same afterwards; the same POST by a role the table allows changes the declared fields and no
other (fields a rule guards are read-only, superusers included). A past version is read by
whoever sees the row and restored by nobody (django-simple-history's revert is off).
"""

from dataclasses import dataclass, field

import pytest
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse

from partnerships.enums import Role
from tests.partnerships.factories import UserFactory, member
from tests.security.admin_forms import admin_request, admin_url, database_rows, form_data
from tests.shards import SHARDS, shard

pytestmark = pytest.mark.django_db

DIRECTORS = frozenset(
    {"director", "soliha_director", "mta_director", "fas_director", "outsider_director"}
)
STAFF = frozenset({"staff"})
SU = frozenset({"superuser"})
ADMINS = DIRECTORS | STAFF | SU
NOBODY = frozenset()
# Who sees the CHRS's rows of the ASRL convention: its director, the Département's staff.
CHRS_SIDE = frozenset({"director", "staff", "superuser"})
# The CHRS's households: its director only (department staff never see names, domain.md).
CHRS_HOUSEHOLDS = frozenset({"director", "superuser"})
# seed 001's grant: the funder's staff, the beneficiary's director.
FAS_GRANT = frozenset({"staff", "fas_director", "superuser"})


@dataclass(frozen=True)
class Row:
    """module: reaches the admin; add: may add; view, change, delete: for the sample row;
    actions: {action: roles}; fields: what a permitted change of the sample may change;
    history: whether the row has a history page (the access log is never changed, an activity
    kind keeps none)."""

    module: frozenset
    view: frozenset
    add: frozenset = NOBODY
    change: frozenset = NOBODY
    delete: frozenset = NOBODY
    actions: dict = field(default_factory=dict)
    fields: tuple = ()
    history: bool = True


def shown(module, view):
    """An admin that only shows: the pages of Maillage make its changes."""
    return Row(module=module, view=view)


DELETE_SELECTED = {"delete_selected": SU}

# issue 18: a director's home of the administration lists only what a director uses (their
# projects to approve, their organisation's logo, their members, the access log); the other
# admins keep their rights below, reached by their links.
DIRECTOR_HOME = {
    "households.interventionproject",
    "partnerships.organisation",
    "partnerships.membership",
    "households.auditentry",
    "portal.importrun",
}


def module_roles(label: str, row: Row) -> frozenset:
    return row.module if label in DIRECTOR_HOME else row.module - DIRECTORS


TABLE = {
    # ------------------------------------------------------------------ partnerships
    "partnerships.territory": Row(
        ADMINS, ADMINS, add=SU, change=SU, fields=("name", "kind", "code")
    ),
    "partnerships.organisation": Row(
        ADMINS,
        CHRS_SIDE,
        add=STAFF | SU,
        change=CHRS_SIDE,
        fields=("name", "short_name", "address", "postal_code", "city"),
    ),
    "partnerships.organisationcontact": Row(
        ADMINS,
        CHRS_SIDE,
        add=ADMINS,
        change=CHRS_SIDE,
        fields=("full_name", "title", "email", "phone"),
    ),
    # Membership and User: people and roles (issue 13, its own part).
    # Roles are given, changed and taken back on the « Membres » page, through the services.
    "partnerships.membership": Row(DIRECTORS | SU, frozenset({"director", "superuser"})),
    "partnerships.user": Row(
        SU,
        SU,
        add=SU,
        change=SU,
        delete=SU,
        actions=DELETE_SELECTED,
        fields=("email", "first_name", "last_name", "is_active", "is_staff", "is_superuser"),
    ),
    "partnerships.programme": Row(
        ADMINS,
        ADMINS,
        add=SU,
        change=SU,
        fields=(
            "name",
            "duration_months",
            "review_after_months",
            "renewals_allowed",
            "renewal_months",
            "min_contacts_per_week",
            "requires_each_partner_approval",
            "counts_measures",
        ),
    ),
    "partnerships.convention": shown(ADMINS, CHRS_SIDE),
    "partnerships.conventionparty": shown(ADMINS, CHRS_SIDE),
    "partnerships.commitment": shown(ADMINS, CHRS_SIDE),
    "partnerships.actionsheet": shown(ADMINS, CHRS_SIDE),
    "partnerships.indicatorvalue": shown(ADMINS, CHRS_SIDE),
    "partnerships.activitykind": Row(
        ADMINS,
        CHRS_SIDE,
        add=ADMINS,
        change=CHRS_SIDE,
        fields=("label", "axis", "position"),
        history=False,
    ),
    "partnerships.activityaxis": Row(
        ADMINS, CHRS_SIDE, add=ADMINS, change=CHRS_SIDE, fields=("label", "position")
    ),
    "partnerships.activityrecord": shown(ADMINS, CHRS_SIDE),
    "partnerships.supervisiontime": shown(ADMINS, CHRS_SIDE),
    "partnerships.synthesisanalysis": shown(ADMINS, CHRS_SIDE),
    "partnerships.incidentreport": shown(ADMINS, CHRS_SIDE),
    "partnerships.incidentacknowledgement": shown(ADMINS, CHRS_SIDE),
    "partnerships.usersession": Row(SU, SU, delete=SU, actions=DELETE_SELECTED),
    # A person's own notifications and choices (issue 16): written by services and their own
    # pages; an operator reads them, nobody edits them here.
    "partnerships.notification": Row(SU, SU),
    "partnerships.notificationpreference": Row(SU, SU),
    # ------------------------------------------------------------------ governance
    "governance.committee": shown(ADMINS, CHRS_SIDE),
    "governance.meeting": shown(ADMINS, CHRS_SIDE),
    "governance.decision": shown(ADMINS, CHRS_SIDE),
    "governance.actionplan": shown(ADMINS, CHRS_SIDE),
    "governance.annualreport": shown(ADMINS, CHRS_SIDE),
    # ------------------------------------------------------------------ funding
    "funding.budgetline": shown(ADMINS, STAFF | SU),
    "funding.grant": shown(ADMINS, FAS_GRANT),
    "funding.instalment": shown(ADMINS, FAS_GRANT),
    "funding.reimbursementclaim": shown(ADMINS, FAS_GRANT),
    # The operator given an allocation sees its envelope.
    "funding.measureenvelope": shown(ADMINS, CHRS_SIDE),
    "funding.measureallocation": shown(ADMINS, CHRS_SIDE),
    "funding.measurereservation": shown(ADMINS, CHRS_SIDE),
    "funding.cofundingplan": shown(ADMINS, CHRS_SIDE),
    # A call for applications is public to every partner (seed 004 §6).
    "funding.callforapplications": shown(ADMINS, ADMINS),
    "funding.application": shown(ADMINS, CHRS_SIDE),
    # seed 002 §VI: an annual request, seen by the applicant's people and the funder's staff.
    "funding.subsidyrequest": shown(ADMINS, FAS_GRANT),
    # ------------------------------------------------------------------ households
    "households.household": Row(
        DIRECTORS | SU,
        CHRS_HOUSEHOLDS,
        change=CHRS_HOUSEHOLDS,
        fields=("housing_situation", "informed_on"),
    ),
    "households.referral": shown(DIRECTORS | SU, CHRS_HOUSEHOLDS),
    "households.orientationdecision": shown(DIRECTORS | SU, CHRS_HOUSEHOLDS),
    "households.interventionproject": Row(
        DIRECTORS | SU,
        CHRS_HOUSEHOLDS,
        change=CHRS_HOUSEHOLDS,
        actions={
            "approve_for_my_organisation": DIRECTORS | SU,
            "approve_beyond_allocation": DIRECTORS | SU,
            # issue 16: offered to directors; the service refuses one outside the operator
            "change_referent": DIRECTORS | SU,
        },
        fields=("objectives",),
    ),
    "households.contact": shown(DIRECTORS | SU, CHRS_HOUSEHOLDS),
    "households.appointment": shown(DIRECTORS | SU, CHRS_HOUSEHOLDS),
    "households.review": shown(DIRECTORS | SU, CHRS_HOUSEHOLDS),
    "households.closure": shown(DIRECTORS | SU, CHRS_HOUSEHOLDS),
    "households.financialhelp": shown(DIRECTORS | SU, CHRS_HOUSEHOLDS),
    "households.dwelling": shown(DIRECTORS | SU, CHRS_HOUSEHOLDS),
    "households.document": shown(DIRECTORS | SU, CHRS_HOUSEHOLDS),
    "households.auditentry": Row(DIRECTORS | SU, CHRS_HOUSEHOLDS, history=False),
    # ------------------------------------------------------------------ portal
    "portal.reportjob": Row(ADMINS, STAFF | SU, delete=SU, actions=DELETE_SELECTED),
    "portal.calendartoken": Row(
        ADMINS, frozenset({"director", "superuser"}), delete=SU, actions=DELETE_SELECTED
    ),
    # issue 19: an attestation of the CHRS's household, read where the household is read.
    "portal.letter": Row(ADMINS, CHRS_HOUSEHOLDS, history=False),
    # issue 19: the read API's keys (read-only, revoked through the service) and its journal.
    "portal.apitoken": Row(
        ADMINS, frozenset({"director", "superuser"}), actions={"revoke": CHRS_SIDE}
    ),
    "portal.apicall": Row(
        ADMINS - DIRECTORS | frozenset({"director"}), CHRS_HOUSEHOLDS, history=False
    ),
    # issue 19: the log of imports, read only: the CHRS's run, uploaded by its social worker,
    # is read by the CHRS's director (who sees its households), never by the Département.
    "portal.importrun": Row(DIRECTORS | STAFF | SU, CHRS_HOUSEHOLDS, history=False),
    # ------------------------------------------------------------------ libraries: operators
    "auth.group": Row(
        SU, SU, add=SU, change=SU, delete=SU, actions=DELETE_SELECTED, fields=("name",)
    ),
    "django_tasks_database.dbtaskresult": Row(SU, SU),
    "otp_totp.totpdevice": Row(SU, SU, delete=SU, actions=DELETE_SELECTED),
    "otp_email.emaildevice": Row(SU, SU, delete=SU, actions=DELETE_SELECTED),
    "otp_static.staticdevice": Row(SU, SU, delete=SU, actions=DELETE_SELECTED),
    "axes.accessattempt": Row(
        SU, SU, delete=SU, actions={"cleanup_expired_attempts": SU, **DELETE_SELECTED}
    ),
    "axes.accesslog": Row(SU, SU, delete=SU, actions=DELETE_SELECTED),
    "axes.accessfailurelog": Row(SU, SU, delete=SU, actions=DELETE_SELECTED),
}

# The people the forms are POSTed as: a director of side A and of side B, the beneficiary's
# director, department staff, a superuser, a director without the staff flag, nobody.
POSTERS = (
    "director",
    "outsider_director",
    "fas_director",
    "staff",
    "superuser",
    "director_not_staff",
    "anonymous",
)


@pytest.fixture
def people(world):
    everyone = dict(vars(world.users))
    everyone["superuser"] = UserFactory(is_staff=True, is_superuser=True)
    not_staff = member(Role.DIRECTOR, world.orgs.chrs)
    not_staff.is_staff = False
    not_staff.save()
    everyone["director_not_staff"] = not_staff
    everyone["anonymous"] = AnonymousUser()
    return everyone


def registered():
    return {model._meta.label_lower: (model, model_admin) for model, model_admin in _site()}


def _site():
    return admin.site._registry.items()


def test_every_admin_has_a_row_and_a_sample(admin_samples):
    labels = set(registered())
    assert sorted(labels - set(TABLE)) == [], "admin sans ligne dans la table"
    assert sorted(set(TABLE) - labels) == [], "ligne de la table sans admin"
    assert sorted(labels - set(admin_samples)) == [], "admin sans ligne d'exemple"


def test_every_admin_grants_exactly_what_the_table_says(admin_samples, people):
    differences = []
    for label, (_model, model_admin) in sorted(registered().items()):
        row = TABLE[label]
        sample = admin_samples[label]
        for role, user in people.items():
            request = admin_request(user)
            found = {
                "module": model_admin.has_module_permission(request),
                "view": model_admin.has_view_permission(request, sample),
                "add": model_admin.has_add_permission(request),
                "change": model_admin.has_change_permission(request, sample),
                "delete": model_admin.has_delete_permission(request, sample),
            }
            for what, allowed in found.items():
                roles = module_roles(label, row) if what == "module" else getattr(row, what)
                if allowed != (role in roles):
                    differences.append(f"{label} {what} {role}: {allowed}")
            reaches = found["module"] or found["view"]
            actions = set(model_admin.get_actions(request)) if reaches else set()
            expected = {name for name, roles in row.actions.items() if role in roles}
            if actions != expected:
                differences.append(f"{label} actions {role}: {sorted(actions)}")
    assert not differences, "\n".join(differences)


# ------------------------------------------------------------------------------ HTTP
@pytest.fixture
def clients(people):
    """One logged-in client for each person (second factor given), the anonymous one bare."""
    logged = {}
    for role, user in people.items():
        client = Client(raise_request_exception=False)
        if role != "anonymous":
            client.force_login(user)
        logged[role] = client
    return logged


def _reaches(response) -> bool:
    return response.status_code == 200


@pytest.mark.parametrize("part", range(SHARDS))
def test_pages_and_history_open_for_whoever_sees_the_row(admin_samples, clients, part):
    """The change page (read-only or not) and the history of the sample answer 200 to whoever
    the table lets see it and 404 (or the admin's login) to everybody else; a past version is
    read by the same people and restored by nobody: a POST is refused with 405."""
    problems = []
    for label in shard(sorted(registered()), part):
        row = TABLE[label]
        sample = admin_samples[label]
        pages = {admin_url(sample, "change", sample.pk): row.view}
        pages[admin_url(sample, "history", sample.pk)] = row.view if row.history else NOBODY
        version = None
        if hasattr(sample._meta, "simple_history_manager_attribute"):
            record = sample.history.order_by("history_id").first()
            version = admin_url(sample, "simple_history", sample.pk, record.history_id)
            pages[version] = row.view
        for role, client in clients.items():
            for url, readers in pages.items():
                response = client.get(url)
                expected = role in readers
                if _reaches(response) != expected or response.status_code not in (200, 302, 404):
                    problems.append(f"{label} GET {url} {role} → {response.status_code}")
            if version and role in row.view:
                response = client.post(version, {"_save": "1"})
                if response.status_code != 405:
                    problems.append(f"{label} POST {version} {role} → {response.status_code}")
    assert not problems, "\n".join(problems)


def _differences(before, after) -> list[str]:
    return [table for table in before if before[table] != after.get(table)]


def _posts(admin_samples, people):
    """(label, role, url, data) of every forbidden POST: change and add forms."""
    superuser = people["superuser"]
    for label, (_model, model_admin) in sorted(registered().items()):
        row = TABLE[label]
        sample = admin_samples[label]
        data = form_data(model_admin, sample, superuser)
        for role in POSTERS:
            if role not in row.change:
                yield label, role, admin_url(sample, "change", sample.pk), data
            if role not in row.add:
                yield label, role, admin_url(sample, "add"), data


def test_a_post_the_table_forbids_changes_nothing(admin_samples, people, clients):
    """issue 13 case 4, and every admin: each change and add form sent, every field changed
    (statuses, amounts, dates, terms, bank details), by each role the table forbids — the
    database is the same afterwards."""
    posts = list(_posts(admin_samples, people))
    before = database_rows()
    answers = [
        (label, role, url, clients[role].post(url, data)) for label, role, url, data in posts
    ]

    after = database_rows()
    logins = (reverse("login"), reverse("admin:login"))
    wrong = [
        f"{label} {role} POST {url} → {response.status_code}"
        for label, role, url, response in answers
        if response.status_code not in (302, 404)
        or (response.status_code == 302 and not response["Location"].startswith(logins))
    ]
    assert not wrong, "\n".join(wrong)
    assert _differences(before, after) == []


def _permitted_changer(row) -> str | None:
    for role in ("director", "staff", "superuser"):
        if role in row.change:
            return role
    return None


def _values(obj) -> dict:
    fresh = type(obj)._default_manager.get(pk=obj.pk)
    # A generated column (the search's folded names) is the database's, not the form's.
    return {
        f.name: f.value_from_object(fresh) for f in fresh._meta.concrete_fields if not f.generated
    }


def test_a_permitted_change_touches_only_the_declared_fields(admin_samples, people, clients):
    """The same POST by a role the table allows: it is saved (so the forbidden POSTs above
    were complete forms), and only the fields the table declares change — the guarded
    ones (statuses, dates, structures, the organisation's kind…) stay as they were, for
    superusers too."""
    problems = []
    for label, (_model, model_admin) in sorted(registered().items()):
        row = TABLE[label]
        role = _permitted_changer(row)
        if role is None:
            assert not row.fields, f"{label} : des champs modifiables mais personne pour le faire"
            continue
        sample = admin_samples[label]
        data = form_data(model_admin, sample, people["superuser"])
        before = _values(sample)
        response = clients[role].post(admin_url(sample, "change", sample.pk), data)
        if response.status_code != 302:
            errors = response.context and response.context.get("errors")
            problems.append(f"{label} {role} → {response.status_code} {errors}")
            continue
        after = _values(sample)
        changed = {name for name in before if before[name] != after[name]} - {"version"}
        if changed != set(row.fields):
            problems.append(f"{label} {role} a changé {sorted(changed)}")
    assert not problems, "\n".join(problems)
