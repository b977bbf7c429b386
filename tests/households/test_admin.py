"""The director's approval in the admin (seed 000 art. IV: each structure agrees)."""

import pytest
from django.urls import reverse

from households.enums import ProjectStatus
from households.models import ProjectApproval
from tests.households.factories import HouseholdFactory, ProjectFactory

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
    )
    project.partners.add(world.orgs.mta)
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
