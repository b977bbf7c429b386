"""The director's approval in the admin (seed 000 art. IV: each structure agrees)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from households.enums import AccessReason, ProjectStatus
from households.models import Household, ProjectApproval, ReferentChange
from partnerships.enums import Role
from tests.households.factories import HouseholdFactory, MemberFactory, ProjectFactory
from tests.partnerships.factories import ProgrammeFactory, member

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:households_interventionproject_changelist")


@pytest.fixture
def proposed_joint(world):
    project = ProjectFactory(
        household=HouseholdFactory(
            organisation=world.orgs.soliha, territory=world.territories.marcq
        ),
        programme=world.joint,
        operator=world.orgs.soliha,
        referent=world.users.soliha_worker,
        proposed=True,
        partners=[world.orgs.mta],
    )
    return project


def approve(client, user, project):
    client.force_login(user)
    return client.post(
        CHANGELIST,
        {"action": "approve_for_my_organisation", "_selected_action": [project.pk]},
        follow=True,
    )


def test_each_director_approves_for_own_structure_then_the_project_is_approved(
    client, world, proposed_joint
):
    first = approve(client, world.users.soliha_director, proposed_joint)
    assert "attend encore l&#x27;accord des autres structures" in first.content.decode()
    proposed_joint.refresh_from_db()
    assert proposed_joint.status == ProjectStatus.PROPOSED

    second = approve(client, world.users.mta_director, proposed_joint)
    assert "le projet est validé" in second.content.decode()
    proposed_joint.refresh_from_db()
    assert proposed_joint.status == ProjectStatus.APPROVED
    assert set(proposed_joint.approvals.values_list("approved_by", flat=True)) == {
        world.users.soliha_director.pk,
        world.users.mta_director.pk,
    }


def test_director_of_another_organisation_cannot_approve(client, world, proposed_joint):
    response = approve(client, world.users.outsider_director, proposed_joint)
    assert response.status_code == 200
    # Said, not silent (issue 13 write crawl): the row is outside the perimeter.
    assert "Aucun projet de votre périmètre n&#x27;est sélectionné." in response.content.decode()
    assert not ProjectApproval.objects.exists()


def test_second_approval_by_same_structure_only_warns(client, world, proposed_joint):
    approve(client, world.users.soliha_director, proposed_joint)
    response = approve(client, world.users.soliha_director, proposed_joint)
    assert "aucune structure que vous dirigez n&#x27;a d&#x27;accord à donner" in (
        response.content.decode()
    )
    assert ProjectApproval.objects.count() == 1


def test_status_is_read_only_in_the_admin(client, world, proposed_joint):
    client.force_login(world.users.soliha_director)
    url = reverse("admin:households_interventionproject_change", args=[proposed_joint.pk])
    form = client.get(url).context["adminform"].form
    assert "status" not in form.fields


# ------------------------------------------------------------------ the household (issue 13)
def household_form(household, **changes):
    """The household's admin form as the page renders it, members' names included."""
    members = list(household.members.order_by("pk"))
    data = {
        "housing_situation": household.housing_situation,
        "informed_on": household.informed_on.isoformat() if household.informed_on else "",
        "seen_version": household.version,
        "members-TOTAL_FORMS": len(members),
        "members-INITIAL_FORMS": len(members),
        "members-MIN_NUM_FORMS": 0,
        "members-MAX_NUM_FORMS": 1000,
        "priorities-TOTAL_FORMS": 0,
        "priorities-INITIAL_FORMS": 0,
        "accesses-TOTAL_FORMS": 0,  # shown only (issue 15: kept by the services)
        "accesses-INITIAL_FORMS": 0,
        "_save": "Enregistrer",
    }
    for index, person in enumerate(members):
        data |= {
            f"members-{index}-id": person.pk,
            f"members-{index}-household": household.pk,
            f"members-{index}-first_name": person.first_name,
            f"members-{index}-last_name": person.last_name,
        }
    return data | changes


def test_the_household_is_saved_by_its_service_in_the_admin(client, world, household):
    """The situation goes through household_update_situation: a future information date is
    refused with the service's own message, and nothing is saved."""
    client.force_login(world.users.director)
    url = reverse("admin:households_household_change", args=[household.pk])
    response = client.post(url, household_form(household, informed_on="2099-01-01"))
    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert "La date d'information du ménage ne peut pas être dans le futur." in errors
    stored = Household.objects.get(pk=household.pk)
    assert (stored.informed_on, stored.version) == (household.informed_on, household.version)

    response = client.post(url, household_form(household, housing_situation="homeless"))
    assert response.status_code == 302
    stored = Household.objects.get(pk=household.pk)
    assert (stored.housing_situation, stored.version) == ("homeless", household.version + 1)
    assert stored.history.first().history_user == world.users.director


def test_a_member_s_name_is_corrected_but_not_what_counts_the_adults(client, world, household):
    """seed 004 §5: the adults of a household count its measures; their relationship and
    birth date are not changed here, nor a member added (member_add, on the household's
    page). A name is corrected."""
    person = MemberFactory(household=household, first_name="Zoe", last_name="Martin")
    client.force_login(world.users.director)
    url = reverse("admin:households_household_change", args=[household.pk])
    data = household_form(household, **{"members-0-first_name": "Zoé"})
    data |= {"members-0-relationship": "child", "members-0-birth_date": "2015-01-01"}
    data |= {
        "members-TOTAL_FORMS": 2,
        "members-1-household": household.pk,
        "members-1-first_name": "Ajout",
        "members-1-last_name": "Interdit",
    }
    client.post(url, data)
    person.refresh_from_db()
    assert (person.first_name, person.relationship) == ("Zoé", "head")
    assert person.birth_date != dt.date(2015, 1, 1)
    assert household.members.count() == 1


def test_an_anonymised_household_is_only_shown(client, world, household):
    household.anonymised_at = timezone.now()
    household.save()
    client.force_login(world.users.director)
    url = reverse("admin:households_household_change", args=[household.pk])
    assert client.get(url).status_code == 200
    assert (
        client.post(url, household_form(household, housing_situation="homeless")).status_code == 404
    )


# ------------------------------------------------------------------ access table (issue 15)
def change_form_data(response, **changes):
    """What the project's change page would send back unchanged, with `changes`."""
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        if isinstance(value, list | tuple) or hasattr(value, "all"):
            data[name] = [getattr(v, "pk", v) for v in value]
        else:
            data[name] = getattr(value, "pk", value)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[f"{formset.prefix}-{name}"] = management[name].value()
        for index, inline_form in enumerate(formset.forms):
            for name in inline_form.fields:
                value = inline_form[name].value()
                if value is not None:
                    data[f"{formset.prefix}-{index}-{name}"] = value
    return data | changes | {"_save": "Enregistrer"}


def test_a_volunteer_removed_in_the_admin_loses_access(client, world, joint_project):
    household = joint_project.household
    url = reverse("admin:households_interventionproject_change", args=[joint_project.pk])
    client.force_login(world.users.soliha_director)
    response = client.post(url, change_form_data(client.get(url), volunteers=[]))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not joint_project.volunteers.exists()
    assert not household.accesses.filter(user=world.users.volunteer).exists()
    client.force_login(world.users.volunteer)
    assert client.get(household.get_absolute_url()).status_code == 404


# ------------------------------------------------------------------ handover (issue 16)
def test_the_referent_is_not_editable_around_the_handover(client, world, joint_project):
    colleague = member(Role.SOCIAL_WORKER, world.orgs.soliha)
    url = reverse("admin:households_interventionproject_change", args=[joint_project.pk])
    client.force_login(world.users.soliha_director)
    page = client.get(url)
    assert "referent" not in page.context["adminform"].form.fields
    client.post(url, change_form_data(page, referent=colleague.pk))
    joint_project.refresh_from_db()
    assert joint_project.referent == world.users.soliha_worker
    assert not ReferentChange.objects.exists()


def hand_over_in_admin(client, project, follow=False, **data):
    return client.post(
        CHANGELIST,
        {"action": "change_referent", "_selected_action": [project.pk], **data},
        follow=follow,
    )


def test_the_admin_hands_over_through_the_service(client, world, joint_project):
    colleague = member(Role.SOCIAL_WORKER, world.orgs.soliha)
    client.force_login(world.users.soliha_director)
    page = hand_over_in_admin(client, joint_project)
    assert page.status_code == 200
    assert "Motif du changement" in page.content.decode()

    refused = hand_over_in_admin(
        client,
        joint_project,
        confirm="1",
        version=joint_project.version,
        new_referent=colleague.pk,
        reason=" ",
    )
    assert refused.status_code == 400
    assert "Ce champ est obligatoire." in refused.content.decode()
    joint_project.refresh_from_db()
    assert joint_project.referent == world.users.soliha_worker

    done = hand_over_in_admin(
        client,
        joint_project,
        confirm="1",
        version=joint_project.version,
        new_referent=colleague.pk,
        reason="Congé long.",
    )
    assert done.status_code == 302
    change = ReferentChange.objects.get()
    assert (change.former_referent, change.new_referent) == (world.users.soliha_worker, colleague)
    assert (change.reason, change.changed_by) == ("Congé long.", world.users.soliha_director)
    assert joint_project.household.accesses.filter(
        user=world.users.soliha_worker, reason=AccessReason.HANDOVER
    ).exists()


def test_a_partner_director_cannot_hand_the_operators_project_over(client, world, joint_project):
    """MTA co-follows the joint project; SOLiHA, its operator, names the referent."""
    colleague = member(Role.SOCIAL_WORKER, world.orgs.soliha)
    client.force_login(world.users.mta_director)
    response = hand_over_in_admin(
        client,
        joint_project,
        confirm="1",
        version=joint_project.version,
        new_referent=colleague.pk,
        reason="Congé long.",
    )
    assert response.status_code == 400
    assert "Vous n&#x27;avez pas le droit de changer ce référent." in response.content.decode()
    assert not ReferentChange.objects.exists()


def test_another_organisation_s_director_hands_nothing_over(client, world, joint_project):
    client.force_login(world.users.outsider_director)
    response = hand_over_in_admin(
        client,
        joint_project,
        follow=True,
        confirm="1",
        new_referent=world.users.outsider.pk,
        reason="x",
    )
    assert "Choisissez un seul projet de votre périmètre" in response.content.decode()
    assert not ReferentChange.objects.exists()


def test_a_directors_project_filters_offer_the_values_of_their_perimeter_only(client, world):
    """issue 15: the choices are read from the director's households first (PostgreSQL), and
    stay those of the projects the director sees: the partner's operator of a co-followed
    household, never the operator or programme of a project outside the perimeter."""
    followed = HouseholdFactory(organisation=world.orgs.chrs, territory=world.territories.arras)
    ProjectFactory(
        household=followed,
        programme=world.asrl,
        operator=world.orgs.chrs,
        referent=world.users.social_worker,
    )
    ProjectFactory(
        household=followed,
        programme=world.joint,
        operator=world.orgs.soliha,
        referent=world.users.soliha_worker,
    )
    outside = ProjectFactory(
        household=HouseholdFactory(
            organisation=world.orgs.other, territory=world.territories.marcq
        ),
        programme=ProgrammeFactory(code="autre", name="Un autre dispositif"),
        operator=world.orgs.other,
        referent=world.users.outsider,
    )
    client.force_login(world.users.director)
    response = client.get(CHANGELIST)
    choices = {
        spec.field_path: {pk for pk, _label in spec.lookup_choices}
        for spec in response.context["cl"].filter_specs
        if hasattr(spec, "lookup_choices") and spec.field_path in ("programme", "operator")
    }
    assert choices == {
        "programme": {world.asrl.pk, world.joint.pk},
        "operator": {world.orgs.chrs.pk, world.orgs.soliha.pk},
    }
    assert outside.programme_id not in choices["programme"]
    assert outside.operator_id not in choices["operator"]
