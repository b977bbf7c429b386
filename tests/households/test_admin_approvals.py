"""A director's home of the administration starts with « À approuver » (issue 18): each
project awaiting their structure's agreement, approved or refused (with its reason) with one
button and a confirmation, through the services (seed 000 art. IV: each structure agrees)."""

import html
from pathlib import Path

import pytest
from django.urls import reverse

from households import services
from households.enums import ProjectStatus
from households.errors import HouseholdError
from households.models import InterventionProject, ProjectApproval, ProjectRefusal
from tests.households.factories import HouseholdFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db

INDEX = reverse("admin:index")


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _section(response) -> str:
    """The « À approuver » part of the home (messages above it may name a project)."""
    page = _text(response)
    return page[page.index("À approuver") : page.index("</section>")]


def approve_url(project):
    return reverse("admin:project_approve", args=[project.pk])


def refuse_url(project):
    return reverse("admin:project_refuse", args=[project.pk])


def proposed_by_soliha(world, programme, **extra):
    """A project SOLiHA operates, proposed and awaiting approval."""
    return ProjectFactory(
        household=HouseholdFactory(
            organisation=world.orgs.soliha, territory=world.territories.marcq
        ),
        programme=programme,
        operator=world.orgs.soliha,
        referent=world.users.soliha_worker,
        proposed=True,
        **extra,
    )


@pytest.fixture
def proposed_joint(world):
    """seed 000 art. IV: a joint SOLiHA × MTA follow-up needs both structures' agreement."""
    return ProjectFactory(
        household=HouseholdFactory(
            reference="MEN-2021-00042",
            organisation=world.orgs.soliha,
            territory=world.territories.marcq,
        ),
        programme=world.joint,
        operator=world.orgs.soliha,
        referent=world.users.soliha_worker,
        proposed=True,
        partners=[world.orgs.mta],
    )


def test_director_home_lists_the_project_with_reference_programme_referent_and_others(
    client, world, proposed_joint
):
    client.force_login(world.users.mta_director)
    page = _text(client.get(INDEX))
    section = page[page.index("À approuver") : page.index("</section>")]
    assert "MEN-2021-00042" in section
    assert world.joint.name in section
    assert world.users.soliha_worker.get_full_name() in section
    # The other structure of the joint follow-up, and what it said.
    assert "SOLiHA Métropole Nord : n'a pas encore répondu" in section
    assert approve_url(proposed_joint) in section and refuse_url(proposed_joint) in section


def test_approve_asks_a_confirmation_then_records_the_agreement(client, world, proposed_joint):
    client.force_login(world.users.soliha_director)
    confirm = client.get(approve_url(proposed_joint))
    assert confirm.status_code == 200
    assert "Confirmer l'accord" in _text(confirm)
    assert not ProjectApproval.objects.filter(project=proposed_joint).exists()  # GET writes nothing

    response = client.post(approve_url(proposed_joint), follow=True)
    assert "accord de SOLiHA Métropole Nord enregistré ; le projet attend encore" in (
        _text(response)
    )
    assert ProjectApproval.objects.get(project=proposed_joint).organisation == world.orgs.soliha
    proposed_joint.refresh_from_db()
    assert proposed_joint.status == ProjectStatus.PROPOSED
    # Decided: no longer on the director's home, and its page is gone for them.
    assert "MEN-2021-00042" not in _section(client.get(INDEX))
    assert client.get(approve_url(proposed_joint)).status_code == 404

    # The other director sees SOLiHA's agreement, and their own makes the project approved.
    client.force_login(world.users.mta_director)
    assert "SOLiHA Métropole Nord : a donné son accord" in _text(client.get(INDEX))
    client.post(approve_url(proposed_joint))
    proposed_joint.refresh_from_db()
    assert proposed_joint.status == ProjectStatus.APPROVED


def test_refuse_without_a_reason_is_refused_in_french_and_writes_nothing(
    client, world, proposed_joint
):
    client.force_login(world.users.mta_director)
    response = client.post(refuse_url(proposed_joint), {"reason": "   "})
    assert response.status_code == 400
    assert "Indiquez le motif du refus." in _text(response)
    assert not ProjectRefusal.objects.exists()


def test_refuse_with_a_reason_is_kept_and_shown_to_the_other_structure(
    client, world, proposed_joint
):
    client.force_login(world.users.mta_director)
    assert "Motif du refus" in _text(client.get(refuse_url(proposed_joint)))
    client.post(refuse_url(proposed_joint), {"reason": "Pas de bénévole disponible à Marcq."})
    refusal = ProjectRefusal.objects.get(project=proposed_joint)
    assert refusal.organisation == world.orgs.mta
    assert refusal.refused_by == world.users.mta_director
    proposed_joint.refresh_from_db()
    assert proposed_joint.status == ProjectStatus.PROPOSED
    assert "MEN-2021-00042" not in _section(client.get(INDEX))

    client.force_login(world.users.soliha_director)
    page = _text(client.get(INDEX))
    assert "Marcq Terre d'Accueil : a refusé" in page
    assert "Pas de bénévole disponible à Marcq." in page
    # The referent reads it on the project's page.
    client.force_login(world.users.soliha_worker)
    detail = _text(client.get(proposed_joint.get_absolute_url()))
    assert "Refus de" in detail and "Pas de bénévole disponible à Marcq." in detail


def test_another_organisations_project_is_never_listed_and_its_pages_are_404(
    client, world, proposed_joint
):
    # world.users.director directs the CHRS: nothing to say on a SOLiHA × MTA follow-up.
    client.force_login(world.users.director)
    assert "MEN-2021-00042" not in _section(client.get(INDEX))
    assert client.get(approve_url(proposed_joint)).status_code == 404
    assert client.post(approve_url(proposed_joint)).status_code == 404
    assert client.post(refuse_url(proposed_joint), {"reason": "non"}).status_code == 404
    client.force_login(world.users.outsider_director)
    assert client.post(approve_url(proposed_joint)).status_code == 404
    assert not ProjectApproval.objects.exists() and not ProjectRefusal.objects.exists()


def test_a_social_worker_cannot_approve_from_the_admin(client, world, proposed_joint):
    client.force_login(world.users.soliha_worker)
    response = client.post(approve_url(proposed_joint))
    assert response.status_code in (302, 404)
    assert not ProjectApproval.objects.exists()


def test_director_home_lists_only_the_models_a_director_uses(client, world):
    client.force_login(world.users.mta_director)
    models = {
        (app["app_label"], model["object_name"])
        for app in client.get(INDEX).context["app_list"]
        for model in app["models"]
    }
    assert models == {
        ("households", "InterventionProject"),
        ("partnerships", "Organisation"),
        ("partnerships", "Membership"),
        # The access log of their structure (GDPR): the director answers for it.
        ("households", "AuditEntry"),
        # issue 19: the log of the imports into their structure, read only.
        ("portal", "ImportRun"),
    }


def test_department_staff_still_see_every_model_they_may_read(client, world):
    client.force_login(world.users.staff)
    response = client.get(INDEX)
    assert len([m for app in response.context["app_list"] for m in app["models"]]) > 10
    assert "À approuver" not in _text(response)


def test_director_home_queries_do_not_grow_with_projects(client, world, count_queries):
    def make():
        proposed_by_soliha(world, world.joint, partners=[world.orgs.mta])

    make()
    client.force_login(world.users.mta_director)
    few = count_queries(lambda: client.get(INDEX))
    for _ in range(4):
        make()
    many = count_queries(lambda: client.get(INDEX))
    assert many[0] == few[0], many[1]


def test_a_structure_that_refused_cannot_approve_then_and_the_project_is_never_approved(
    world, proposed_joint
):
    """seed 000 art. IV: « sur la base d'un accord de chacune des structures »: one refusal and
    the follow-up is not approved, whatever the other structure says."""
    services.project_approve(
        project=proposed_joint, by=world.users.soliha_director, organisation=world.orgs.soliha
    )
    services.project_refuse(
        project=proposed_joint,
        by=world.users.mta_director,
        organisation=world.orgs.mta,
        reason="Pas de bénévole disponible.",
    )
    with pytest.raises(HouseholdError, match="a déjà refusé ce projet"):
        services.project_approve(
            project=proposed_joint, by=world.users.mta_director, organisation=world.orgs.mta
        )
    with pytest.raises(HouseholdError, match="a déjà approuvé ce projet"):
        services.project_refuse(
            project=proposed_joint,
            by=world.users.soliha_director,
            organisation=world.orgs.soliha,
            reason="Changement d'avis.",
        )
    proposed_joint.refresh_from_db()
    assert proposed_joint.status == ProjectStatus.PROPOSED
    assert not InterventionProject.objects.awaiting_approval_of([world.orgs.mta.pk]).exists()


def test_only_a_director_of_the_structure_refuses(world, proposed_joint):
    with pytest.raises(HouseholdError, match="que vous dirigez"):
        services.project_refuse(
            project=proposed_joint,
            by=world.users.soliha_director,
            organisation=world.orgs.mta,
            reason="Pas pour nous.",
        )
    assert not ProjectRefusal.objects.exists()


def test_each_director_sees_what_their_structure_still_owes(world, proposed_joint):
    """seed 000 art. IV: each structure of a joint follow-up agrees. The list is read among
    the proposed projects a structure operates or co-follows (issue 15): the operator's
    director and the partner's both see the project until their own structure answered."""
    from households.approvals import pending_approvals

    def listed(director):
        return [item.project.pk for item in pending_approvals(director)]

    soliha, mta = world.users.soliha_director, world.users.mta_director
    assert listed(soliha) == [proposed_joint.pk]
    assert listed(mta) == [proposed_joint.pk]
    services.project_approve(project=proposed_joint, by=soliha, organisation=world.orgs.soliha)
    assert listed(soliha) == []
    [item] = pending_approvals(mta)
    assert [(o.organisation.pk, o.state) for o in item.others] == [
        (world.orgs.soliha.pk, "approved")
    ]
    # Another structure's proposed project is never among them.
    other = ProjectFactory(programme=world.joint, proposed=True)
    assert other.pk not in listed(soliha) + listed(mta)


def test_the_articles_written_in_python_are_the_template_s(world, proposed_joint):
    """The list is written in Python (issue 15); its markup is the loop of the template it
    replaced, with a refusal's reason, a referent without a name and characters to escape."""
    from django.template import engines

    from config.templatetags.admin_approvals import approval_articles
    from households.approvals import pending_approvals

    services.project_refuse(
        project=proposed_joint,
        by=world.users.soliha_director,
        organisation=world.orgs.soliha,
        reason="Ménage <déjà> suivi & orienté",
    )
    alone = ProjectFactory(
        household=HouseholdFactory(
            reference="MEN-<b>", organisation=world.orgs.mta, territory=world.territories.marcq
        ),
        programme=world.joint,
        operator=world.orgs.mta,
        referent=UserFactory(first_name="", last_name=""),
        proposed=True,
    )
    items = pending_approvals(world.users.mta_director)
    assert [item.project.pk for item in items] == [proposed_joint.pk, alone.pk]
    # The loop of templates/admin/index.html before it was written in Python.
    former = (Path(__file__).parent / "approval_articles.html").read_text()
    loop = engines["django"].from_string(former).render({"pending_approvals": items})

    def words(markup):
        return " ".join(html.unescape(str(markup)).split())

    assert words(approval_articles(items)) == words(loop)
    assert "&lt;déjà&gt;" in approval_articles(items) and "MEN-&lt;b&gt;" in loop


def test_the_compiled_list_follows_the_structures_a_director_directs(world):
    """The home's list is compiled once per perimeter (issue 15): a director who becomes
    director of another structure too finds that structure's proposed projects at once."""
    from households.approvals import pending_approvals
    from partnerships.enums import Role
    from partnerships.models import User
    from tests.partnerships.factories import MembershipFactory

    project = proposed_by_soliha(world, world.asrl)
    director = world.users.mta_director
    assert project.pk not in [item.project.pk for item in pending_approvals(director)]
    MembershipFactory(user=director, organisation=world.orgs.soliha, role=Role.DIRECTOR)
    again = User.objects.get(pk=director.pk)  # memberships read anew, as on the next request
    assert project.pk in [item.project.pk for item in pending_approvals(again)]
