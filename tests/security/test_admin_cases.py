"""issue 13 in the administration, case by case, with the source documents' figures.

Case 4: the admin skipped the money and convention rules. Each write of the issue is sent
again, by the person who made it and by a superuser: nothing changes, and the page says where
the change is made. Case 6: lists, filters, pickers, autocomplete answers and prefilled forms
of the admin offer nothing outside the perimeter.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from funding import services as funding_services
from funding.enums import InstalmentStatus, ReimbursementStatus
from funding.models import BudgetLine, Grant, GrantYear, MeasureAllocation
from governance.enums import ReportStatus
from households.enums import HelpStatus, ReferralStatus
from partnerships.enums import Role
from partnerships.models import ActivityRecord, Organisation
from tests.funding.factories import (
    AllocationFactory,
    ApplicationFactory,
    CallFactory,
    EnvelopeFactory,
    ReimbursementClaimFactory,
)
from tests.governance.factories import AnnualReportFactory
from tests.households.factories import (
    FinancialHelpFactory,
    HouseholdFactory,
    ProjectFactory,
    ReferralFactory,
)
from tests.partnerships.convention_factories import (
    ActivityAxisFactory,
    ActivityKindFactory,
    ActivityRecordFactory,
)
from tests.partnerships.factories import ConventionFactory, ConventionPartyFactory, member
from tests.security.admin_forms import admin_url, database_rows, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser():
    from tests.partnerships.factories import UserFactory

    return UserFactory(is_staff=True, is_superuser=True)


def post_as(client, user, obj, view="change", **changes):
    """The admin form of `obj` sent by `user`, every field changed, `changes` on top."""
    client.force_login(user)
    client.user = user
    return post(client, obj, view, **changes)


def post(client, obj, view="change", **changes):
    model_admin = admin.site._registry[type(obj)]
    data = form_data(model_admin, obj, client.user, **changes)
    url = admin_url(obj, view, obj.pk) if view == "change" else admin_url(obj, view)
    return client.post(url, data)


def logged_in(*users):
    """A client per person, logged in before anything is compared (a login writes)."""
    clients = []
    for user in users:
        client = Client()
        client.force_login(user)
        client.user = user
        clients.append(client)
    return clients


# ------------------------------------------------------------------------------ case 4
@pytest.fixture
def paid_2023(fas_grant, agent):
    """seed 001 art. 4.2: the 14 000 € (70 % of 2023) paid after notification."""
    funding_services.instalments_generate(grant=fas_grant, by=agent)
    funding_services.grant_notify(grant=fas_grant, on=dt.date(2023, 4, 19), by=agent)
    first = fas_grant.instalments.get(year=2023, position=1)
    funding_services.instalment_pay(
        instalment=first,
        version=first.version,
        paid_on=dt.date(2023, 5, 2),
        mandate_reference="MANDAT-2023-0042",
        by=agent,
    )
    return fas_grant


def test_no_grant_of_500_000_on_a_line_left_with_315_000(
    client, world, paid_2023, budget_line, superuser
):
    """seed 001: AE 375 000 €, 60 000 € granted to the FAS, 315 000 € left. A 500 000 € grant
    sent to the admin's add form is refused for the agent and for a superuser alike: grants
    are created on the Participations page (grant_create keeps the line's balance)."""
    line = BudgetLine.objects.with_figures().get(pk=budget_line.pk)
    assert (line.available, line.balance) == (Decimal("375000.00"), Decimal("315000.00"))
    clients = logged_in(world.users.staff, superuser)
    before = database_rows()
    for logged in clients:
        response = post(
            logged,
            paid_2023,
            view="add",
            **{"grantyears-TOTAL_FORMS": 1, "grantyears-0-year": 2024},
            **{"grantyears-0-amount": "500000"},
        )
        assert response.status_code == 404
    assert database_rows() == before
    assert Grant.objects.count() == 1


@pytest.mark.parametrize("amount", ["2", "19000"])
def test_a_paid_year_is_never_cut_in_the_admin(client, world, paid_2023, superuser, amount):
    """The grant cut to 2 € after 14 000 € were paid, or its 2023 amount lowered under the
    generated 14 000 + 6 000 schedule: the admin shows the grant and its years, changes
    neither (agent, superuser)."""
    year = paid_2023.years.get(year=2023)
    changes = {
        "grantyears-TOTAL_FORMS": 1,
        "grantyears-INITIAL_FORMS": 1,
        "grantyears-0-id": year.pk,
        "grantyears-0-grant": paid_2023.pk,
        "grantyears-0-year": 2023,
        "grantyears-0-amount": amount,
    }
    for user in (world.users.staff, superuser):
        client.force_login(user)
        page = client.get(admin_url(paid_2023, "change", paid_2023.pk))
        assert page.status_code == 200
        assert 'name="grantyears-0-amount"' not in page.content.decode()
        assert "Consultation seulement" in page.content.decode()
        assert post_as(client, user, paid_2023, **changes).status_code == 404
    assert GrantYear.objects.get(pk=year.pk).amount == Decimal("20000.00")
    assert sorted(paid_2023.instalments.filter(year=2023).values_list("amount", flat=True)) == [
        Decimal("6000.00"),
        Decimal("14000.00"),
    ]


def test_no_60_measures_on_the_25_of_lens_henin(client, envelope_seed, superuser):
    """seed 004 §5: 25 measures for Lens-Hénin. 60 sent through the allocation's admin form
    (or its envelope's inline) change nothing: allocations are set on the Enveloppes page."""
    lens = MeasureAllocation.objects.get(
        envelope=envelope_seed.envelope, territory__name="Lens-Hénin"
    )
    for user in (envelope_seed.agent, superuser):
        assert post_as(client, user, lens, measures=60).status_code == 404
        inline = {
            "allocations-TOTAL_FORMS": 1,
            "allocations-INITIAL_FORMS": 1,
            "allocations-0-id": lens.pk,
            "allocations-0-envelope": envelope_seed.envelope.pk,
            "allocations-0-territory": lens.territory_id,
            "allocations-0-measures": 60,
        }
        assert post_as(client, user, envelope_seed.envelope, **inline).status_code == 404
    assert MeasureAllocation.objects.get(pk=lens.pk).measures == 25


def test_a_signed_convention_keeps_its_end_and_renewal_without_an_amendment(
    client, world, superuser
):
    """A convention signed until 2029 without tacit renewal: its end moved to 2040 and tacit
    renewal without notice, sent by a party's staff and by a superuser, change nothing —
    only an amendment does, on the convention's page."""
    convention = ConventionFactory(end_date=dt.date(2029, 12, 31), renewal_policy="none")
    ConventionPartyFactory(convention=convention, organisation=world.orgs.department)
    changes = {"end_date": "2040-12-31", "renewal_policy": "tacit", "notice_months": ""}
    for user in (world.users.staff, superuser):
        assert post_as(client, user, convention, **changes).status_code == 404
    convention.refresh_from_db()
    assert (convention.end_date, convention.renewal_policy) == (dt.date(2029, 12, 31), "none")
    assert not convention.amendments.exists()


def test_an_annual_report_is_never_validated_in_the_admin(
    client, world, paid_2023, cpom, superuser
):
    """seed 001 art. 4.2: the 30 % is due when the funder validates the report on a decision.
    "Validated" sent through the admin leaves the report submitted and the 6 000 € planned."""
    report = AnnualReportFactory(convention=cpom, year=2023, submitted=True)
    for user in (world.users.staff, world.users.fas_director, superuser):
        response = post_as(client, user, report, status=ReportStatus.VALIDATED)
        assert response.status_code == 404
    report.refresh_from_db()
    assert (report.status, report.validated_by_id) == (ReportStatus.SUBMITTED, None)
    balance = paid_2023.instalments.get(year=2023, position=2)
    assert (balance.amount, balance.status) == (Decimal("6000.00"), InstalmentStatus.PLANNED)


def test_statuses_are_never_edited_by_hand_in_the_admin(
    client, world, asrl_project, fas_grant, superuser
):
    """Referral, financial help (and its granted amount), reimbursement claim, application:
    their statuses move through their services only; the admin forms refuse the change for
    the directors and staff who see them, and for a superuser."""
    household = asrl_project.household
    referral = ReferralFactory(household=household, referred_by=world.orgs.siao)
    help_ = FinancialHelpFactory(project=asrl_project, amount_requested=Decimal("150.00"))
    claim = ReimbursementClaimFactory(grant=fas_grant)
    call = CallFactory(programme=world.asrl, publisher=world.orgs.department)
    application = ApplicationFactory(call=call, organisation=world.orgs.chrs)
    attempts = [
        (referral, world.users.director, {"status": ReferralStatus.ORIENTED}),
        (help_, world.users.director, {"status": HelpStatus.GRANTED, "amount_granted": "900"}),
        (claim, world.users.fas_director, {"status": ReimbursementStatus.CANCELLED}),
        (claim, world.users.staff, {"status": ReimbursementStatus.RECOVERED}),
        (application, world.users.director, {"status": "submitted"}),
    ]
    people = (world.users.director, world.users.fas_director, world.users.staff, superuser)
    clients = dict(zip(people, logged_in(*people), strict=True))
    before = database_rows()
    for obj, user, changes in attempts:
        assert post(clients[user], obj, **changes).status_code == 404, obj
        assert post(clients[superuser], obj, **changes).status_code == 404, obj
    assert database_rows() == before


def test_an_organisation_s_address_is_changed_only_by_its_director_or_the_department(client, world):
    """issue 13 case 4: the director of another organisation (the SIAO, a party to the same
    convention, who sees the CHRS) cannot change the CHRS's address nor its representatives;
    the CHRS's director and department staff can."""
    chrs = world.orgs.chrs
    siao_director = member(Role.DIRECTOR, world.orgs.siao)
    contact = chrs.contacts.create(full_name="Claire Dubois", title="Directrice")
    client.force_login(siao_director)
    assert client.get(admin_url(chrs, "change", chrs.pk)).status_code == 200  # sees it
    address = {"address": "1 rue du Détour", "postal_code": "62000", "city": "Arras"}
    assert post_as(client, siao_director, chrs, **address).status_code == 404
    assert post_as(client, siao_director, contact, full_name="Quelqu'un d'autre").status_code == 404
    chrs.refresh_from_db()
    contact.refresh_from_db()
    assert (chrs.address, contact.full_name) == ("", "Claire Dubois")

    for user, city in ((world.users.director, "Arras"), (world.users.staff, "Lens")):
        response = post_as(client, user, chrs, **(address | {"city": city}))
        assert response.status_code == 302
        chrs.refresh_from_db()
        assert (chrs.address, chrs.city) == ("1 rue du Détour", city)


def test_a_director_cannot_add_a_representative_to_another_organisation(client, world):
    """The organisation of a new representative is one the director may edit: their own."""
    client.force_login(world.users.director)
    url = reverse("admin:partnerships_organisationcontact_add")
    data = {"organisation": world.orgs.siao.pk, "full_name": "Intrus", "_save": "1"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "organisation" in response.context["adminform"].form.errors
    assert not world.orgs.siao.contacts.exists()


# ------------------------------------------------------------------------------ case 6
def _filter_choices(response, name):
    for spec in response.context["cl"].filter_specs:
        if getattr(spec, "field_path", None) == name:
            return {label for _pk, label in spec.lookup_choices}
    raise AssertionError(f"pas de filtre {name}")


def test_activity_filters_offer_only_the_axes_and_kinds_of_the_perimeter(client, world):
    """issue 13 case 6: the activity list of the admin offered the axes and kinds of every
    convention; the CHRS's director now sees those of the records they see."""
    mediation, asrl = world.conventions.mediation, world.conventions.asrl
    ActivityRecordFactory(
        convention=mediation,
        operator=world.orgs.other,
        axis=ActivityAxisFactory(convention=mediation, label="AXE-B-SECRET"),
        kind=ActivityKindFactory(convention=mediation, label="ACTIVITE-B-SECRETE"),
    )
    for axis, kind in (("Accompagnement", "Visite à domicile"), ("Logement", "Permanence")):
        ActivityRecordFactory(
            convention=asrl,
            operator=world.orgs.chrs,
            axis=ActivityAxisFactory(convention=asrl, label=axis),
            kind=ActivityKindFactory(convention=asrl, label=kind),
        )
    assert ActivityRecord.objects.count() == 3
    client.force_login(world.users.director)
    response = client.get(reverse("admin:partnerships_activityrecord_changelist"))
    assert _filter_choices(response, "axis") == {"Accompagnement", "Logement"}
    assert _filter_choices(response, "kind") == {"Visite à domicile", "Permanence"}
    assert "B-SECRET" not in response.content.decode()


def test_reservation_filters_offer_only_the_envelopes_of_the_perimeter(client, world):
    """issue 13 case 6: another organisation's measure envelope is not offered."""
    from funding.models import MeasureReservation

    own = [
        AllocationFactory(
            envelope=EnvelopeFactory(programme=world.asrl, label=label),
            territory=world.territories.artois,
            operator=world.orgs.chrs,
        )
        for label in ("Enveloppe 2019-2020", "Enveloppe 2021")
    ]
    other = AllocationFactory(
        envelope=EnvelopeFactory(programme=world.asrl, label="ENVELOPPE-B-SECRETE"),
        territory=world.territories.lens,
        operator=world.orgs.other,
    )
    mine = [(allocation, world.orgs.chrs) for allocation in own]
    for allocation, organisation in [*mine, (other, world.orgs.other)]:
        project = ProjectFactory(
            household=HouseholdFactory(organisation=organisation), operator=organisation
        )
        MeasureReservation.objects.create(
            project=project, allocation=allocation, measures=1, reserved_by=world.users.director
        )
    client.force_login(world.users.director)
    response = client.get(reverse("admin:funding_measurereservation_changelist"))
    assert _filter_choices(response, "allocation__envelope") == {str(a.envelope) for a in own}
    assert "ENVELOPPE-B-SECRETE" not in response.content.decode()


def test_project_pickers_offer_only_the_people_of_the_project_and_of_the_director(
    client, world, joint_project
):
    """issue 13 case 6: the volunteers' picker listed every user of the platform. MTA's
    director is offered MTA's volunteers; nobody of another structure. The referent is not
    picked in the change form (issue 16: it changes by the handover action, whose form offers
    SOLiHA's other professionals only)."""
    url = admin_url(joint_project, "change", joint_project.pk)
    client.force_login(world.users.mta_director)
    form = client.get(url).context["adminform"].form
    assert set(form.fields["volunteers"].queryset) == {world.users.volunteer}
    assert "referent" not in form.fields

    client.force_login(world.users.soliha_director)
    form = client.get(url).context["adminform"].form
    assert "referent" not in form.fields
    assert set(form.fields["volunteers"].queryset) == {world.users.volunteer}  # current one
    handover = client.post(
        reverse("admin:households_interventionproject_changelist"),
        {"action": "change_referent", "_selected_action": [joint_project.pk]},
    )
    assert set(handover.context["form"].fields["new_referent"].queryset) == {
        world.users.soliha_director
    }


def test_a_contact_s_participants_are_shown_not_picked(client, world, asrl_project):
    """The contacts of the admin are read-only: no picker of participants at all."""
    from tests.households.factories import ContactFactory

    contact = ContactFactory(project=asrl_project, author=world.users.social_worker)
    client.force_login(world.users.director)
    page = client.get(admin_url(contact, "change", contact.pk))
    assert page.status_code == 200
    assert "participants" not in page.context["adminform"].form.fields
    assert world.users.outsider.last_name not in page.content.decode()


def test_a_prefilled_form_never_shows_an_object_outside_the_perimeter(client, world):
    """issue 13 case 6: `?household=<id>` / `?referral=<id>` printed the label of another
    organisation's household. Those add forms are the pages' (404); an add form that remains
    drops a prefilled value the user may not choose."""
    other = HouseholdFactory(organisation=world.orgs.other, reference="MEN-B-SECRET")
    referral = ReferralFactory(household=other, referred_by=world.orgs.other)
    client.force_login(world.users.director)
    for path, parameter in (
        ("admin:households_interventionproject_add", f"household={other.pk}"),
        ("admin:households_interventionproject_add", f"referral={referral.pk}"),
        ("admin:households_orientationdecision_add", f"referral={referral.pk}"),
        ("admin:households_document_add", f"household={other.pk}"),
    ):
        response = client.get(f"{reverse(path)}?{parameter}")
        assert response.status_code == 404
        assert "MEN-B-SECRET" not in response.content.decode()

    url = reverse("admin:partnerships_organisationcontact_add")
    response = client.get(f"{url}?organisation={world.orgs.other.pk}")
    assert response.status_code == 200
    assert "organisation" not in response.context["adminform"].form.initial
    assert world.orgs.other.name not in response.content.decode()
    response = client.get(f"{url}?organisation={world.orgs.chrs.pk}")
    assert response.context["adminform"].form.initial["organisation"] == str(world.orgs.chrs.pk)


def _autocomplete(client, model, field):
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": model._meta.app_label, "model_name": model._meta.model_name}
        | {"field_name": field, "term": ""},
    )
    assert response.status_code == 200
    return {row["text"] for row in response.json()["results"]}


def test_autocomplete_answers_only_what_the_asking_form_accepts(client, world):
    """The autocomplete of a representative's organisation lists the director's own
    organisation, not the partners they see; that of an activity axis's convention, the
    conventions the director runs, never another organisation's."""
    from partnerships.models import ActivityAxis, OrganisationContact

    client.force_login(world.users.director)
    assert _autocomplete(client, OrganisationContact, "organisation") == {world.orgs.chrs.name}
    assert _autocomplete(client, ActivityAxis, "convention") == {str(world.conventions.asrl)}
    client.force_login(world.users.staff)
    staff_sees = _autocomplete(client, OrganisationContact, "organisation")
    assert staff_sees == set(
        Organisation.objects.visible_to(world.users.staff).values_list("name", flat=True)
    )
    assert world.orgs.other.name not in staff_sees


def test_a_raw_id_field_never_prints_the_label_of_a_row_outside_the_choices(world, joint_project):
    """Django's raw-id widget prints the label of whatever id a form is sent back with, read
    from the whole table; the admin's own prints it only within the field's choices."""
    from households.admin import InterventionProjectAdmin
    from households.models import InterventionProject
    from tests.security.admin_forms import admin_request

    class RawIdProjectAdmin(InterventionProjectAdmin):
        # The referent is read-only in the real admin (issue 16): editable here, to test
        # the widget.
        guarded_fields = tuple(
            f for f in InterventionProjectAdmin.guarded_fields if f != "referent"
        )
        raw_id_fields = ["referent"]

    model_admin = RawIdProjectAdmin(InterventionProject, admin.site)
    request = admin_request(world.users.soliha_director)
    form_class = model_admin.get_form(request, joint_project, change=True)
    outsider = world.users.outsider
    outsider.last_name = "NOM-B-SECRET"
    outsider.save()
    bound = form_class(data={"referent": outsider.pk}, instance=joint_project)
    assert "NOM-B-SECRET" not in str(bound["referent"])
    own = form_class(data={"referent": world.users.soliha_worker.pk}, instance=joint_project)
    assert world.users.soliha_worker.last_name in str(own["referent"])


# ------------------------------------------------------------------------------ case 1
def test_a_director_cannot_give_a_colleague_a_role_in_another_organisation(client, world):
    """issue 13 case 1: the CHRS's director sends `POST /admin/partnerships/membership/add/`
    for his social worker with the Département (a party to their convention) and a department
    role, or as coordinator of the Artois: memberships are read-only in the admin (roles are
    given on the « Membres » page, through the services), nothing is saved, the answer is a
    404."""
    from partnerships.models import Membership

    worker = world.users.social_worker
    client.force_login(world.users.director)
    url = reverse("admin:partnerships_membership_add")
    data = {"user": worker.pk, "organisation": world.orgs.department.pk, "is_active": "on"}
    data |= {"_save": "1"}
    before = database_rows()
    response = client.post(url, data | {"role": Role.DEPARTMENT_STAFF, "territory": ""})
    assert response.status_code == 404
    artois = world.territories.artois.pk
    response = client.post(url, data | {"role": Role.COORDINATOR, "territory": artois})
    assert response.status_code == 404
    assert database_rows() == before
    assert list(Membership.objects.filter(user=worker).values_list("role", flat=True)) == [
        Role.SOCIAL_WORKER
    ]


def test_department_staff_create_an_organisation(client, world):
    """Department staff create an organisation, with its kind; it is registered by their
    department, and so within its perimeter before any convention names it (issue 19)."""
    client.force_login(world.users.staff)
    data = {"name": "Association Nouvelle", "kind": "association", "_save": "1"}
    data |= {"contacts-TOTAL_FORMS": 0, "contacts-INITIAL_FORMS": 0}
    response = client.post(reverse("admin:partnerships_organisation_add"), data)
    assert response.status_code == 302
    assert Organisation.objects.filter(name="Association Nouvelle", kind="association").exists()
