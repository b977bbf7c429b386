"""The objectives of an annual action plan are followed one by one, and the annual review
studies them (seed 002 §V: two yearly meetings « afin … d'étudier l'atteinte des objectifs du
plan d'actions annuel dans une démarche qualitative d'amélioration du présent partenariat »)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance import services
from governance.enums import ObjectiveStatus
from governance.errors import GovernanceError
from governance.models import PlanObjective
from tests.governance.factories import ActionPlanFactory, AnnualReportFactory
from tests.partnerships.factories import PASSWORD, convention_between
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db
D = dt.date

# seed 002 §III-1: « Un plan d'actions annuel sera défini … Des actions sont d'ores et déjà
# identifiées sur différentes thématiques » — the four themes, as a department would type them.
THEMES = """
- En matière d'accès aux droits : rechercher des collaborations avec les institutions
• En termes de collaboration intercommunale en matière sociale : sensibiliser les élus

3. En matière d'accueil et de travail social : initier des temps de sensibilisation communs
4) En matière d'insertion : optimiser les modes d'accompagnements des allocataires du RSA
"""


@pytest.fixture
def framework(world):
    """seed 002: the convention cadre 2019-2021 between the Département and a union of CCAS."""
    return convention_between(
        world.orgs.department,
        world.orgs.chrs,
        reference="CD59-UDCCAS-2019-2021",
        start_date=D(2019, 1, 1),
        end_date=D(2021, 12, 31),
    )


@pytest.fixture
def plan(world, framework):
    return services.action_plan_create(
        convention=framework,
        by=world.users.staff,
        period="year",
        period_start=D(2019, 1, 1),
        objectives=THEMES,
    )


def login(client, user):
    assert client.login(email=user.email, password=PASSWORD)
    return client


def test_each_line_of_the_plan_is_an_objective_to_assess(plan):
    # seed 002 §III-1: four themes, each becomes an objective, in the order written.
    objectives = list(plan.objective_lines.order_by("position"))
    assert [o.text.split(" :")[0] for o in objectives] == [
        "En matière d'accès aux droits",
        "En termes de collaboration intercommunale en matière sociale",
        "En matière d'accueil et de travail social",
        "En matière d'insertion",
    ]
    assert {o.status for o in objectives} == {ObjectiveStatus.TO_ASSESS}


def test_the_partners_assess_each_objective_and_explain_what_was_not_reached(world, plan):
    # seed 002 §V: « étudier l'atteinte des objectifs du plan d'actions annuel ».
    first, second, *_ = plan.objective_lines.order_by("position")
    services.plan_objective_assess(
        objective=first, by=world.users.staff, status="achieved", comment="", on=D(2019, 11, 28)
    )
    with pytest.raises(GovernanceError, match="Expliquez en commentaire"):
        services.plan_objective_assess(
            objective=second, by=world.users.staff, status="partly", comment=" ", on=D(2019, 6, 1)
        )
    second.refresh_from_db()
    assert (second.status, second.assessed_on) == (ObjectiveStatus.TO_ASSESS, None)
    services.plan_objective_assess(
        objective=second,
        by=world.users.director,
        status="partly",
        comment="Support rédigé, diffusion aux élus en 2020.",
        on=D(2019, 11, 28),
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.assessed_on, first.assessed_by) == (
        ObjectiveStatus.ACHIEVED,
        D(2019, 11, 28),
        world.users.staff,
    )
    assert (second.status, second.assessed_by) == (ObjectiveStatus.PARTLY, world.users.director)


@pytest.mark.parametrize(
    ("status", "on", "message"),
    [
        ("to_assess", D(2019, 6, 1), "atteint, partiellement ou non"),
        ("bogus", D(2019, 6, 1), "atteint, partiellement ou non"),
        ("achieved", D(2018, 12, 31), "après le début du plan \\(01/01/2019\\)"),
        ("achieved", dt.date.today() + dt.timedelta(days=1), "dans le futur"),
    ],
)
def test_a_bad_assessment_is_refused_in_french_and_nothing_changes(
    world, plan, status, on, message
):
    objective = plan.objective_lines.first()
    with pytest.raises(GovernanceError, match=message):
        services.plan_objective_assess(
            objective=objective, by=world.users.staff, status=status, comment="x", on=on
        )
    objective.refresh_from_db()
    assert (objective.status, objective.comment, objective.assessed_on) == ("to_assess", "", None)


def test_only_those_who_run_the_convention_assess_its_objectives(world, plan):
    objective = plan.objective_lines.first()
    for outsider in (world.users.outsider_director, world.users.social_worker):
        with pytest.raises(GovernanceError, match="pilotent la convention"):
            services.plan_objective_assess(
                objective=objective, by=outsider, status="achieved", comment="", on=D(2019, 6, 1)
            )
    objective.refresh_from_db()
    assert objective.status == ObjectiveStatus.TO_ASSESS


def test_a_later_meeting_assesses_again_and_the_history_keeps_the_first_answer(world, plan):
    # seed 002 §V: two meetings a year; the second may revise what the first found.
    objective = plan.objective_lines.first()
    services.plan_objective_assess(
        objective=objective,
        by=world.users.staff,
        status="not_achieved",
        comment="Pas encore de contact à la CAF.",
        on=D(2019, 6, 20),
    )
    services.plan_objective_assess(
        objective=objective, by=world.users.staff, status="achieved", comment="", on=D(2019, 11, 28)
    )
    states = list(objective.history.order_by("history_date").values_list("status", flat=True))
    assert states == ["to_assess", "not_achieved", "achieved"]


def test_the_plan_page_assesses_an_objective_and_refuses_bad_input(client, world, plan):
    objective = plan.objective_lines.order_by("position")[1]
    login(client, world.users.staff)
    page = client.get(reverse("governance:plan_detail", args=[plan.pk])).content.decode()
    assert "En termes de collaboration intercommunale" in page and "À évaluer" in page
    url = reverse("governance:plan_objective_assess", args=[plan.pk, objective.pk])
    assert "Atteinte de l" in client.get(url).content.decode()
    bad = client.post(url, {"status": "not_achieved", "comment": "", "on": "2019-11-28"})
    assert bad.status_code == 400
    assert "Expliquez en commentaire" in bad.content.decode()
    objective.refresh_from_db()
    assert objective.status == ObjectiveStatus.TO_ASSESS
    response = client.post(
        url,
        {"status": "partly", "comment": "Élus de 12 communes sensibilisés.", "on": "2019-11-28"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#objectif-{objective.position}")
    objective.refresh_from_db()
    assert (objective.status, objective.comment) == ("partly", "Élus de 12 communes sensibilisés.")
    page = client.get(response["Location"]).content.decode()
    assert "Partiellement atteint" in page and "Élus de 12 communes sensibilisés." in page


def test_another_organisation_gets_404_on_the_plan_and_its_objectives(client, world, plan):
    objective = plan.objective_lines.first()
    login(client, world.users.outsider_director)
    for url in (
        reverse("governance:plan_detail", args=[plan.pk]),
        reverse("governance:plan_objective_assess", args=[plan.pk, objective.pk]),
    ):
        assert client.get(url).status_code == 404
        assert client.post(url, {"status": "achieved", "on": "2019-11-28"}).status_code == 404
    objective.refresh_from_db()
    assert objective.status == ObjectiveStatus.TO_ASSESS


def test_an_objective_of_another_plan_is_404_through_this_plan(client, world, plan, framework):
    other = ActionPlanFactory(convention=framework, period_start=D(2020, 1, 1))
    login(client, world.users.staff)
    url = reverse(
        "governance:plan_objective_assess", args=[plan.pk, other.objective_lines.get().pk]
    )
    assert client.get(url).status_code == 404


def test_the_plan_page_costs_the_same_queries_with_more_objectives(
    client, world, framework, django_assert_max_num_queries
):
    small = services.action_plan_create(
        convention=framework,
        by=world.users.staff,
        period="year",
        period_start=D(2019, 1, 1),
        objectives="Un\nDeux",
    )
    large = services.action_plan_create(
        convention=framework,
        by=world.users.staff,
        period="year",
        period_start=D(2020, 1, 1),
        objectives="\n".join(f"Objectif {n}" for n in range(1, 21)),
    )
    for objective in large.objective_lines.all():
        services.plan_objective_assess(
            objective=objective,
            by=world.users.staff,
            status="achieved",
            comment="",
            on=D(2020, 6, 1),
        )
    login(client, world.users.staff)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("governance:plan_detail", args=[small.pk]))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("governance:plan_detail", args=[large.pk]))
    assert response.content.decode().count("Réévaluer") == 20


def test_the_annual_review_studies_the_year_objectives(client, world, plan, framework):
    # seed 002 §V: the review of 2019 shows how far the 2019 plan's objectives were reached.
    first, second, *_ = plan.objective_lines.order_by("position")
    services.plan_objective_assess(
        objective=first, by=world.users.staff, status="achieved", comment="", on=D(2019, 11, 28)
    )
    services.plan_objective_assess(
        objective=second,
        by=world.users.staff,
        status="not_achieved",
        comment="Aucun élu rencontré.",
        on=D(2019, 11, 28),
    )
    report = AnnualReportFactory(convention=framework, year=2019)
    login(client, world.users.staff)
    page = client.get(reverse("governance:report_detail", args=[report.pk])).content.decode()
    assert "Atteinte des objectifs du plan d’actions 2019" in page
    assert "2 objectifs évalués sur 4" in page
    assert "atteint 1" in page and "non atteint 1" in page and "à évaluer 2" in page
    assert "Aucun élu rencontré." in page

    response = client.get(reverse("portal:convention_report_pdf", args=[framework.pk, 2019]))
    text = " ".join(pdf_text(response.content).split())
    assert "Atteinte des objectifs du plan d’actions 2019" in text.replace("'", "’")
    assert "2 évalués sur 4" in text
    assert "Aucun élu rencontré." in text


def test_the_admin_shows_the_objectives_and_cannot_change_them(admin_client, plan):
    objective = plan.objective_lines.first()
    url = reverse("admin:governance_actionplan_change", args=[plan.pk])
    page = admin_client.get(url).content.decode()
    assert "En matière d&#x27;accès aux droits" in page or "En matière d'accès aux droits" in page
    assert 'name="objective_lines-0-status"' not in page
    objective.refresh_from_db()
    assert objective.status == ObjectiveStatus.TO_ASSESS
    assert PlanObjective.objects.filter(plan=plan).count() == 4
