"""issue 13, proof "a write crawl": every state-changing URL of the pages and of the admin,
found from the URL resolver (the same walk as test_every_url.py), is POSTed

- by each role of organisation A (social worker, volunteer, director, coordinator of another
  territory, department staff, signatory partner, the beneficiary's director) with
  organisation B's objects in its URL and, for creation pages, in its form;
- by the roles the rules forbid on A's own objects (`FORBIDDEN_ON_OWN`: a volunteer approving,
  a social worker paying an instalment, a beneficiary validating its own report…).

The data sent is plausible: the form the page shows to a superuser for that object (its current
values), with its texts and numbers changed; the admin's own change form (admin_forms.py). The
database is digested before and after each request (every table, but `VOLATILE`, which a
refused request legitimately writes) and must not change; the answer must be a refusal: 404,
403 or 405, a form shown again with its errors (400, or the admin's 200 with errors), or a
redirect to a login page or with an error message — never a redirect after success, never a
500. Each URL is crawled inside a savepoint rolled back afterwards, so that one write cannot
hide another.

A URL the walk finds and this file does not know fails the test (test_every_url.py's
URL_PARAMETERS, plus `NOT_CRAWLED` here for the few that are not about somebody's objects).
"""

import datetime as dt
import hashlib
import re
from html.parser import HTMLParser
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.messages import constants as message_levels
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from governance.enums import CommitteeKind
from partnerships.enums import PartyRole
from tests.funding.factories import GrantFactory, InstalmentFactory
from tests.governance.factories import (
    AnnualReportFactory,
    AttendanceFactory,
    CommitteeFactory,
    CommitteeMemberFactory,
    MeetingFactory,
)
from tests.households.factories import (
    FinancialHelpFactory,
    HouseholdFactory,
    ProjectFactory,
    ReferralFactory,
    ReviewFactory,
)
from tests.partnerships.convention_factories import ActivityAxisFactory, ActivityKindFactory
from tests.partnerships.factories import ConventionFactory, ConventionPartyFactory, UserFactory
from tests.security import test_every_url
from tests.security.admin_forms import admin_request, form_data
from tests.security.test_admin_table import TABLE as ADMIN_TABLE
from tests.security.test_every_url import (
    ADMIN_OBJECTS,
    _fill,
    _object_parameters,
    every_pattern,
    requests_for,
)
from tests.shards import SHARDS, shard

pytestmark = pytest.mark.django_db

# The fixture `b`: organisation B with one object of every kind (test_every_url.py).
objects_of_b = test_every_url.b

# Tables a refused request writes, whatever it asks: the session and its bookkeeping, the
# second factor's counters, the lockout's log (django-axes), the access log of personal data
# (households_auditentry: a refused read of a file is logged, issue 8).
VOLATILE = {
    "django_session",
    "partnerships_usersession",
    "otp_totp_totpdevice",
    "axes_accessattempt",
    "axes_accesslog",
    "axes_accessfailurelog",
    "households_auditentry",
    # The read API's journal: every call is written, refused ones too (issue 19, docs/api.md).
    "portal_apicall",
}

# URLs not crawled, each with its reason: they act on the person's own account, or are the
# public doors of authentication; none takes another organisation's object.
NOT_CRAWLED = {
    "login": "authentication: a POST logs in (test_authentication.py, test_lockout.py)",
    "logout": "ends the person's own session",
    "admin:login": "authentication, as login",
    "admin:logout": "ends the person's own session",
    "password_change": "changes the person's own password (test_authentication.py)",
    "admin:password_change": "changes the person's own password",
    "password_reset": "public: sends a reset link to an address (test_authentication.py)",
    "password_reset_confirm": "public: a token nobody sent is refused (test_every_url.py)",
    "password_set": "public: an invitation's token (test_every_url.py)",
    "security:otp_verify": "the person's own second factor",
    "security:otp_setup": "the person's own second factor",
    "security:reauth": "the person's own password, asked again",
    "security:session_revoke_others": "ends the person's own other sessions",
    "admin:view_on_site": (
        "Django's redirect to the object's own page, which answers 404 (test_every_url.py)"
    ),
    "portal:calendar": "creates or revokes the person's own calendar address (portal/calendar.py)",
    "notifications:preferences": (
        "the person's own choices of notification (tests/partnerships/test_notification_pages.py)"
    ),
    "notifications:read_all": "marks the person's own notifications read, nobody else's",
    "portal:department_report_request": (
        "queues a report of the person's own perimeter (portal/jobs.py); no object in it"
    ),
    "portal:import_home": (
        "uploads a file for a structure the person works for, chosen among theirs by the form "
        "(tests/portal/test_imports_households.py); no other organisation's object in it"
    ),
    "portal:api_tokens": (
        "creates a key for an organisation the person runs, checked by the service "
        "(tests/portal/test_api_tokens.py); no other organisation's object in it"
    ),
}


# Pages that read: a POST is answered like a GET (a list, an export, a dashboard, the search
# sent by POST so that its words stay out of the logs, a call published to every partner, the
# admin's list shown again when the action is not offered). They are crawled all the same: the
# database must not change; only their 200 is not a refusal to look for.
READS = {
    "home",
    "admin:index",
    "admin:app_list",
    "portal:search",
    "portal:reports",
    "security:sessions",
    "portal:due",
    "funding:dashboard",
    "funding:call_detail",
    "rgpd:log",
    "notifications:list",
    "households:review_inbox",
    "portal:import_template",
}
READ_SUFFIXES = ("_list", "_export", "_changelist", "_history")


def reads(label: str) -> bool:
    return label in READS or label.endswith(READ_SUFFIXES)


# --------------------------------------------------------------------------- the database
def digest() -> dict[str, str]:
    """Every table (but VOLATILE), as a hash of its sorted rows."""
    tables = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names()):
            if table in VOLATILE:
                continue
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 — names from the schema
            rows = sorted(map(repr, cursor.fetchall()))
            tables[table] = hashlib.blake2b("\n".join(rows).encode(), digest_size=16).hexdigest()
    return tables


def writes():
    """What tells a write apart, cheap enough for every URL: on PostgreSQL, the rows written
    so far outside VOLATILE (the transaction's table statistics); on SQLite, whose
    total_changes() also counts the session saved by most requests, the digest itself."""
    if connection.vendor != "postgresql":
        return digest()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)"
            " FROM pg_stat_xact_user_tables WHERE NOT (relname = ANY(%s))",
            [sorted(VOLATILE)],
        )
        return cursor.fetchone()[0]


def changed_tables(before, after) -> list[str]:
    return sorted(
        table for table in before.keys() | after.keys() if before.get(table) != after.get(table)
    )


# ------------------------------------------------------------------------------ the forms
class _Forms(HTMLParser):
    """The POST forms of a page: action → {field: value or [values]}."""

    def __init__(self, page_path):
        super().__init__(convert_charrefs=True)
        self.page_path = page_path
        self.forms = {}
        self.current = None
        self.select = None
        self.textarea = None

    def _add(self, name, value):
        fields = self.current
        if name in fields:
            existing = fields[name]
            fields[name] = [*existing, value] if isinstance(existing, list) else [existing, value]
        else:
            fields[name] = value

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            if (attrs.get("method") or "get").lower() != "post":
                self.current = None
                return
            action = urlsplit(attrs.get("action") or self.page_path).path or self.page_path
            self.current = self.forms.setdefault(action, {})
            return
        if self.current is None:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self._add(name, attrs.get("value", "on"))
                elif kind == "radio" and name not in self.current:
                    self.current.setdefault(f"__radio__{name}", attrs.get("value", ""))
                return
            if kind == "file":
                self.current[name] = SimpleUploadedFile(
                    "piece.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"
                )
                return
            self.current[name] = changed_text(kind, attrs.get("value", ""), name)
        elif tag == "select" and name:
            self.select = {
                "name": name,
                "first": None,
                "chosen": [],
                "multiple": "multiple" in attrs,
            }
        elif tag == "option" and self.select is not None:
            value = attrs.get("value", "")
            if self.select["first"] is None and value:
                self.select["first"] = value
            if "selected" in attrs:
                self.select["chosen"].append(value)
        elif tag == "textarea" and name:
            self.textarea = {"name": name, "text": ""}

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea["text"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            if self.current is not None:
                for key in [k for k in self.current if k.startswith("__radio__")]:
                    value = self.current.pop(key)
                    self.current.setdefault(key.removeprefix("__radio__"), value)
            self.current = None
        elif tag == "select" and self.select is not None and self.current is not None:
            select = self.select
            if select["multiple"]:
                if select["chosen"]:
                    self.current[select["name"]] = select["chosen"]
            else:
                chosen = [value for value in select["chosen"] if value]
                self.current[select["name"]] = (chosen or [select["first"] or ""])[0]
            self.select = None
        elif tag == "textarea" and self.textarea is not None and self.current is not None:
            name = self.textarea["name"]
            self.current[name] = changed_text("textarea", self.textarea["text"], name)
            self.textarea = None


def changed_text(kind: str, value: str, name: str = "") -> str:
    """A value changed as a person going around a rule would change it; an empty one filled
    (a year, an amount, a day) so that the form is complete."""
    if kind == "number":
        if not value:
            return "2024" if "year" in name else "10"
        if re.fullmatch(r"(19|20)\d\d", value):
            return value  # a year: an exercice changed is another form
        try:
            return str(int(value) + 1)
        except ValueError:
            return value
    if kind == "date":
        return value or "2024-03-01"
    if kind == "hidden" or kind in ("datetime-local", "time", "email", "password"):
        return value
    if value.strip().replace(" ", "").isdigit():
        return value
    return f"{value.strip()} modifié".strip()


def release(response) -> None:
    """Close a download's file; not response.close(), whose request_finished signal would
    close the test's database connection inside its transaction (PostgreSQL)."""
    closers = getattr(response, "_resource_closers", [])
    for closer in closers:
        closer()
    closers.clear()


def forms_of(client, path) -> dict[str, dict]:
    response = client.get(path)
    release(response)
    if response.status_code != 200 or response.streaming:
        return {}
    if "html" not in response.get("Content-Type", ""):
        return {}
    parser = _Forms(path)
    parser.feed(response.content.decode(errors="replace"))
    return parser.forms


def fresh(data: dict) -> dict:
    """The same data, with new file objects (a file is read once per request)."""
    return {
        key: SimpleUploadedFile(value.name, b"%PDF-1.4\n%%EOF\n", content_type=value.content_type)
        if isinstance(value, SimpleUploadedFile)
        else value
        for key, value in data.items()
    }


# ------------------------------------------------------------------------------ the targets
# Creation pages: the form points at B's objects (the superuser's form would point at any).
CREATION_REFERENCES = {
    "partnerships:convention_create": lambda b: {
        "organisation": b.org.pk,
        "start_date": "2024-01-01",
        "end_date": "2026-12-31",
    },
    "partnerships:member_invite": lambda b: {
        "organisation": b.org.pk,
        "email": "invitee-b@exemple.test",
        "first_name": "Inès",
        "last_name": "Vitée",
    },
    "governance:committee_create": lambda b: {
        "convention": b.convention.pk,
        "organisation": b.org.pk,
    },
    "governance:plan_create": lambda b: {
        "convention": b.convention.pk,
        "period_start": "2024-01-01",
    },
    "governance:report_create": lambda b: {"convention": b.convention.pk, "year": "2024"},
    "funding:grant_create": lambda b: {
        "convention": b.convention.pk,
        "funder": b.department.pk,
        "beneficiary": b.org.pk,
        "budget_line": b.budget_line.pk,
        "first_year": "2024",
        "years": "1",
        "yearly_amount": "1000",
    },
    "funding:budget_line_create": lambda b: {
        "funder": b.department.pk,
        "year": "2024",
        "label": "Ligne B",
        "commitment_authorisation": "1000",
    },
    "funding:cofunding_create": lambda b: {
        "convention": b.convention.pk,
        "label": "Plan B",
        "cost": "1000",
    },
    "funding:envelope_create": lambda b: {
        "programme": b.programme.pk,
        "funder": b.department.pk,
        "manager": b.department.pk,
        "period_start": "2024-01-01",
        "period_end": "2024-12-31",
        "measures": "10",
        "unit_cost": "100",
    },
    "funding:call_create": lambda b: {
        "programme": b.programme.pk,
        "publisher": b.department.pk,
        "territories": [str(b.territory.pk)],
        "eligible_kinds": [b.org.kind],
        "title": "Appel B",
    },
    "households:referral_create": lambda b: {
        "referred_by": b.org.pk,
        "organisation": b.org.pk,
        "programme": b.programme.pk,
        "territory": b.commune.pk,
        "first_name": "Nouveau",
        "last_name": "Ménage",
        "received_on": "2024-01-02",
    },
    # seed 004 §4: a partner's own referral, sent in B's name: refused to A's people.
    "households:referral_submit": lambda b: {
        "referred_by": b.org.pk,
        "programme": b.programme.pk,
        "territory": b.commune.pk,
        "situation": "Saisine B",
        "housing_situation": "eviction_threat",
        "first_name": "Nouveau",
        "last_name": "Ménage",
        "relationship": "head",
    },
}

# Admin models whose sample in test_every_url.py is a shared reference: B's own row here.
SHARED_ADMIN_ROWS = {
    "partnerships.organisation": lambda b: b.org,
    "partnerships.territory": lambda b: b.territory,
    "partnerships.programme": lambda b: b.programme,
    "partnerships.activityaxis": lambda b: ActivityAxisFactory(convention=b.convention),
    "partnerships.activitykind": lambda b: ActivityKindFactory(convention=b.convention),
    "funding.measureenvelope": lambda b: b.envelope,
    "funding.callforapplications": lambda b: b.call,
}


def _admin_row(model_label, b):
    builder = ADMIN_OBJECTS[model_label] or SHARED_ADMIN_ROWS.get(model_label)
    if builder is not None:
        return builder(b)
    return apps.get_model(model_label).objects.order_by("pk").first()


def admin_targets(b, superuser):
    """(label, path, [data…]) of every URL of every ModelAdmin, with B's row."""
    registry = {m._meta.label_lower: ma for m, ma in admin.site._registry.items()}
    targets = []
    for name, route, model_label in every_pattern():
        if model_label is None:
            continue
        model_admin = registry[model_label]
        row = _admin_row(model_label, b)
        if row is None:
            continue
        path = _fill(route, _object_parameters(row))
        suffix = (name or "").rsplit("_", 1)[-1]
        # An admin add a role may do (test_admin_table.py's TABLE) creates a row of its own.
        allowed = ADMIN_TABLE[model_label].add if suffix == "add" else ()
        if (name and name.endswith("_simple_history")) or suffix in ("add", "change"):
            posts = [form_data(model_admin, row, superuser)]
        elif suffix == "delete":
            posts = [{"post": "yes"}]
        elif suffix == "changelist":
            actions = model_admin.get_actions(admin_request(superuser))
            posts = [
                {"action": action, "_selected_action": [str(row.pk)], "index": "0", "post": "yes"}
                for action in actions
            ] or [{}]
        else:
            posts = [{}]
        targets.append((name or route, path, posts, allowed))
    return targets


def page_targets(b, superuser_client):
    """(label, path, [data]) of every page URL: the form a superuser is shown for B's object,
    wherever it sits (a button on the detail page, a form page), changed."""
    known, unknown = requests_for(b)
    assert not unknown, unknown
    # The ModelAdmins' URLs are admin_targets'; the admin site's own (index, lists of an
    # app, autocomplete, the catch-all) are crawled here.
    models = {name or route for name, route, model in every_pattern() if model is not None}
    pages = [(label, path) for label, path, _owned in known if label not in models]
    index = {}
    for _label, path in pages:
        for action, fields in forms_of(superuser_client, path).items():
            index.setdefault(action, fields)
    targets = []
    for label, path in pages:
        if label in NOT_CRAWLED:
            continue
        data = dict(index.get(path, {}))
        data.update(CREATION_REFERENCES.get(label, lambda b: {})(b))
        targets.append((label, path, [data]))
    return targets


@pytest.fixture
def superuser(db):
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def roles_of_a(world):
    users = world.users
    # world.users' names: the social worker and the director of the CHRS, the volunteer of
    # MTA, the coordinator of Artois (B works in a territory of its own), the Département's
    # staff (B's Département is another), the signatory partner (the commune of Lille).
    return {
        "social_worker": users.social_worker,
        "volunteer": users.volunteer,
        "director": users.director,
        "coordinator": users.coordinator,
        "staff": users.staff,
        "partner": users.partner,
    }


def logged_in(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


LOGINS = ("/connexion/", "/admin/login/")


def refusal(label, path, response) -> str | None:
    """None when the answer is a refusal (or a read page's 200); otherwise what it was."""
    status = response.status_code
    if status in (400, 403, 404, 405):
        return None
    if status == 200 and reads(label):
        return None
    if status == 200 and response.context is not None:
        context = response.context
        errors = context.get("errors") if "errors" in context else None
        form = context.get("form") if "form" in context else None
        adminform = context.get("adminform") if "adminform" in context else None
        if errors or (form is not None and getattr(form, "errors", None)):
            return None
        if adminform is not None and adminform.form.errors:
            return None
    if status == 302:
        location = response["Location"]
        if location.startswith(tuple(reverse(n) for n in ("login", "admin:login"))):
            return None
        if path.startswith("/admin/") and location == f"{path}change/":
            return None
        levels = [m.level for m in get_messages(response.wsgi_request)]
        if (
            levels
            and max(levels) >= message_levels.WARNING
            and message_levels.SUCCESS not in levels
        ):
            return None
        return f"302 → {location} {levels}"
    return str(status)


def crawl(targets, clients) -> list[str]:
    """POST every target as every client, each URL in a savepoint rolled back afterwards;
    a change of the database is traced back to the request that made it."""
    problems = []
    for label, path, posts, *skip in targets:
        allowed = skip[0] if skip else ()
        point = transaction.savepoint()
        written = writes()
        for role, client in clients.items():
            if role in allowed:
                continue
            for data in posts:
                response = client.post(path, fresh(data))
                release(response)
                wrong = refusal(label, path, response)
                if wrong:
                    problems.append(f"{role} POST {path} ({label}) → {wrong}")
        if writes() != written:
            # Something was written: the digest of every table says whether it was outside
            # VOLATILE, and which request wrote (again, one at a time).
            transaction.savepoint_rollback(point)
            before = digest()
            for role, client in clients.items():
                if role in allowed:
                    continue
                for data in posts:
                    client.post(path, fresh(data))
                    after = digest()
                    if after != before:
                        tables = changed_tables(before, after)
                        problems.append(f"{role} POST {path} ({label}) a écrit dans {tables}")
                        transaction.savepoint_rollback(point)
        transaction.savepoint_rollback(point)
        transaction.savepoint_commit(point)
    return problems


def test_every_url_is_crawled_or_known_not_to_write(objects_of_b):
    _known, unknown = requests_for(objects_of_b)
    assert not unknown, "URL inconnues de la preuve :\n" + "\n".join(unknown)
    names = {name for name, _route, _model in every_pattern() if name}
    assert set(NOT_CRAWLED) <= names, sorted(set(NOT_CRAWLED) - names)


@pytest.mark.parametrize("part", range(SHARDS))
def test_no_role_of_a_writes_with_the_objects_of_b(objects_of_b, roles_of_a, superuser, part):
    b = objects_of_b
    root = logged_in(superuser)
    targets = shard(page_targets(b, root) + admin_targets(b, superuser), part)
    clients = {role: logged_in(user) for role, user in roles_of_a.items()}
    problems = crawl(targets, clients)
    posts = sum(len(posts) for _label, _path, posts, *_skip in targets)
    print(f"tournée : {len(targets)} URL ({posts} POST) × {len(clients)} rôles")
    assert not problems, f"{len(problems)} écritures ou réponses non refusées :\n" + "\n".join(
        problems
    )


# ------------------------------------------------------- A's own objects, roles the rules forbid
@pytest.fixture
def own(world, household, asrl_project, joint_project, cpom, fas_grant):
    """A's own objects in the state where the action is possible for the right person."""
    orgs = world.orgs
    proposed = ProjectFactory(
        household=joint_project.household,
        programme=world.joint,
        operator=orgs.soliha,
        referent=world.users.soliha_worker,
        proposed=True,
    )
    proposed.partners.add(orgs.mta)
    committee = CommitteeFactory(
        convention=cpom, organisation=orgs.department, kind=CommitteeKind.STEERING
    )
    CommitteeMemberFactory(committee=committee, organisation=orgs.department)
    CommitteeMemberFactory(committee=committee, organisation=orgs.fas)
    report = AnnualReportFactory(convention=cpom, year=2023, submitted=True)
    meeting = MeetingFactory(committee=committee, held_on=report.submitted_on)
    # seed 000 art. IV: a representative of each structure present (the COPIL's quorum).
    for organisation in (orgs.department, orgs.fas):
        AttendanceFactory(meeting=meeting, organisation=organisation)
    awaiting = ConventionFactory(awaiting_signature=True, reference="ASRL-2024")
    ConventionPartyFactory(convention=awaiting, organisation=orgs.department, role=PartyRole.FUNDER)
    ConventionPartyFactory(convention=awaiting, organisation=orgs.chrs, role=PartyRole.OPERATOR)
    return SimpleNamespace(
        instalment=InstalmentFactory(
            due=True,
            grant=GrantFactory(
                convention=cpom,
                funder=orgs.department,
                beneficiary=orgs.fas,
                budget_line=fas_grant.budget_line,
            ),
        ),
        proposed=proposed,
        quiet_household=HouseholdFactory(organisation=orgs.chrs, territory=world.territories.arras),
        grant=fas_grant,
        report=report,
        meeting=meeting,
        awaiting=awaiting,
        joint=joint_project,
        soliha_director=world.users.soliha_director,
        help_=FinancialHelpFactory(project=joint_project),
        referral=ReferralFactory(household=household, referred_by=orgs.siao, programme=world.asrl),
        household=household,
        membership=world.users.social_worker.memberships.get(),
        artois=world.territories.artois,
        # seed 004 §7: a review sent to the Artois coordinator, not yet read.
        review=ReviewFactory(project=asrl_project, sent_to_coordinator_on=dt.date(2024, 5, 3)),
    )


def _path(name, **kwargs):
    return reverse(name, kwargs=kwargs)


# (what, path, page that holds its form or None for the path itself, roles the rules forbid,
# data sent besides the form's[, the role that may, if not a superuser]). Roles are
# world.users' names.
FORBIDDEN_ON_OWN = [
    # seed 001 art. 4.2: the Département pays; not the beneficiary, nor a coordinator.
    (
        "un versement payé",
        lambda o: _path("funding:instalment_pay", pk=o.instalment.pk),
        lambda o: _path("funding:instalment_detail", pk=o.instalment.pk),
        ("fas_director", "coordinator", "social_worker", "director"),
        lambda o: {"paid_on": "2026-04-02"},
    ),
    (
        "un versement annulé",
        lambda o: _path("funding:instalment_cancel", pk=o.instalment.pk),
        lambda o: _path("funding:instalment_detail", pk=o.instalment.pk),
        ("fas_director", "coordinator", "director"),
        lambda o: {"reason": "Annulé"},
    ),
    (
        "la participation modifiée",
        lambda o: _path("funding:grant_edit", pk=o.grant.pk),
        None,
        ("fas_director", "coordinator"),
        lambda o: {},
    ),
    (
        "un montant annuel baissé",
        lambda o: _path("funding:grant_year_edit", pk=o.grant.pk, year=2023),
        None,
        ("fas_director", "coordinator"),
        lambda o: {"amount": "15000"},
    ),
    (
        "l'échéancier généré",
        lambda o: _path("funding:grant_generate", pk=o.grant.pk),
        lambda o: _path("funding:grant_detail", pk=o.grant.pk),
        ("fas_director", "coordinator"),
        lambda o: {},
    ),
    # issue 19: a grant's papers are filed by its beneficiary's director or staff, or by the
    # funder's staff (seed 001 art. 4.3 and 6); a coordinator reads them, files none.
    (
        "une pièce de participation déposée",
        lambda o: _path("funding:grant_paper_add", pk=o.grant.pk),
        lambda o: _path("funding:grant_detail", pk=o.grant.pk),
        ("coordinator",),
        lambda o: {"kind": "certified_budget", "dated": "2024-03-01"},
    ),
    (
        "le RIB d'une participation retiré",
        lambda o: _path("funding:grant_paper_remove", pk=o.grant.papers.get().pk),
        lambda o: _path("funding:grant_detail", pk=o.grant.pk),
        ("coordinator",),
        lambda o: {},
    ),
    # The signed convention is filed by the direction or the staff of a party.
    (
        "une pièce de convention déposée",
        lambda o: _path("partnerships:convention_paper_add", pk=o.grant.convention_id),
        lambda o: _path("partnerships:convention_detail", pk=o.grant.convention_id),
        ("coordinator",),
        lambda o: {"kind": "signed_convention", "dated": "2023-03-20"},
    ),
    # issue 13 case 3: the beneficiary never validates its own report (seed 001 art. 4.2).
    (
        "son propre bilan validé",
        lambda o: _path("governance:report_validate", pk=o.report.pk),
        None,
        ("fas_director", "director", "coordinator"),
        lambda o: {
            "meeting": o.meeting.pk,
            "title": "Validation du bilan 2023",
            "votes_for": "2",
            "votes_against": "0",
            "abstentions": "0",
        },
    ),
    (
        "une décision de validation",
        lambda o: _path("governance:decision_add", pk=o.meeting.pk),
        None,
        ("fas_director",),
        lambda o: {
            "subject": "validate_report",
            "report": o.report.pk,
            "title": "Validation",
            # two voters present (the attendances above)
            "votes_for": "2",
            "votes_against": "0",
            "abstentions": "0",
        },
    ),
    # seed 000: a volunteer accompanies, the professionals decide.
    (
        "un projet clôturé par un bénévole",
        lambda o: _path("households:project_close", pk=o.joint.pk),
        None,
        ("volunteer",),
        lambda o: {},
    ),
    # issue 16: the operator's people name its referent, not a partner structure's.
    (
        "un référent changé par une structure partenaire",
        lambda o: _path("households:project_referent", pk=o.joint.pk),
        None,
        ("volunteer", "mta_director"),
        lambda o: {"new_referent": o.soliha_director.pk, "reason": "Départ de la référente."},
    ),
    (
        "une aide accordée par un bénévole",
        lambda o: _path("households:help_decide", pk=o.help_.pk),
        None,
        ("volunteer",),
        lambda o: {"granted": "1", "amount_granted": "150", "decided_on": "2024-03-01"},
    ),
    (
        "un projet approuvé par un bénévole (admin)",
        lambda o: reverse("admin:households_interventionproject_changelist"),
        None,
        ("volunteer", "soliha_worker"),
        lambda o: {"action": "approve_for_my_organisation", "_selected_action": [o.proposed.pk]},
        "soliha_director",
    ),
    # seed 004 §3: the coordinator of the territory orients, not the operator.
    (
        "une orientation décidée par l'opérateur",
        lambda o: _path("households:orientation", pk=o.referral.pk),
        lambda o: _path("households:referral_detail", pk=o.referral.pk),
        ("social_worker", "director"),
        lambda o: {"outcome": "oriented", "operator": o.referral.household.organisation_id},
    ),
    (
        "une convention signée par un travailleur social",
        lambda o: _path("partnerships:convention_sign", pk=o.awaiting.pk),
        lambda o: _path("partnerships:convention_detail", pk=o.awaiting.pk),
        ("social_worker",),
        lambda o: {"signed_on": "2024-01-02"},
    ),
    (
        "un ménage anonymisé par un travailleur social",
        lambda o: _path("rgpd:anonymise", pk=o.quiet_household.pk),
        None,
        ("social_worker",),
        lambda o: {"confirm": o.quiet_household.reference, "reason": "Demande de la personne"},
    ),
    # seed 004 §7: the territory's coordinator reads the reviews sent to them, nobody else.
    (
        "un bilan transmis marqué comme lu par l'opérateur",
        lambda o: _path("households:review_acknowledge", pk=o.review.pk),
        lambda o: _path("households:review_inbox"),
        ("social_worker", "director", "staff"),
        lambda o: {},
        "coordinator",
    ),
    # issue 13, people and roles: a director manages the members of the organisation.
    (
        "un membre invité par un travailleur social",
        lambda o: _path("partnerships:member_invite"),
        None,
        ("social_worker", "volunteer"),
        lambda o: {
            "organisation": o.household.organisation_id,
            "email": "nouvelle@exemple.test",
            "first_name": "Nouvelle",
            "last_name": "Recrue",
            "role": "social_worker",
            "territory": "",
        },
        "director",
    ),
]


def own_targets(o, superuser_client):
    targets = []
    for what, path, host, roles, extra, *permitted in FORBIDDEN_ON_OWN:
        target = path(o)
        forms = forms_of(superuser_client, host(o) if host else target)
        data = {**forms.get(target, {}), **extra(o)}
        targets.append((what, target, roles, data, permitted[0] if permitted else None))
    return targets


def test_the_roles_the_rules_forbid_change_nothing_on_their_own_objects(own, world, superuser):
    root = logged_in(superuser)
    problems = []
    for what, path, roles, data, permitted in own_targets(own, root):
        clients = {role: logged_in(getattr(world.users, role)) for role in roles}
        problems += crawl([(what, path, [data])], clients)
        # The same POST by a permitted person (a superuser unless said) writes: the form sent
        # was complete, the refusals above are the rule's.
        point = transaction.savepoint()
        before, written = digest(), writes()
        allowed = logged_in(getattr(world.users, permitted)) if permitted else root
        response = allowed.post(path, fresh(data))
        if digest() != before and writes() == written:
            problems.append(f"{what} : écriture que le compteur writes() n'a pas vue")
        if digest() == before:
            why = ""
            if response.context is not None and "form" in response.context:
                why = dict(response.context["form"].errors)
            why = why or [str(m) for m in get_messages(response.wsgi_request)]
            problems.append(f"{what} : refusé au superutilisateur ({response.status_code} {why})")
        transaction.savepoint_rollback(point)
        transaction.savepoint_commit(point)
    assert not problems, "\n".join(problems)
