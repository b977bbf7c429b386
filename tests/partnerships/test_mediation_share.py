"""Mediation (seed 003): each signatory commune reads its own share of the activity (§VI),
the supervision time is compared to the half-day a week (§IV.1), the operator writes the
analysis and recommendations of the monthly synthesis, read by the partners (§V.2)."""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.urls import reverse

from partnerships import services
from partnerships.enums import Role
from partnerships.models import (
    ActivityRecord,
    SupervisionTime,
    SynthesisAnalysis,
    Territory,
)
from partnerships.selectors import (
    SupervisionState,
    activity_dashboard,
    monthly_synthesis,
    supervision_weeks,
)
from partnerships.services import ConventionError
from tests.partnerships.convention_factories import mediation_convention
from tests.partnerships.factories import PASSWORD, UserFactory, member

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def med():
    convention, orgs, axes, kinds = mediation_convention()
    places = {t.name: t for t in Territory.objects.all()}
    return SimpleNamespace(
        convention=convention,
        orgs=orgs,
        axes=axes,
        kinds=kinds,
        places=places,
        admin=UserFactory(is_superuser=True, is_staff=True),
        operator=member(Role.SOCIAL_WORKER, orgs["citeo"]),
        asl=member(Role.DIRECTOR, orgs["asl"]),
        capinghem=member(Role.SIGNATORY_PARTNER, orgs["capinghem"]),
        capinghem_director=member(Role.DIRECTOR, orgs["capinghem"]),
        lille=member(Role.SIGNATORY_PARTNER, orgs["lille"]),
    )


def login(client, user):
    assert client.login(email=user.email, password=PASSWORD)
    return client


SEPT_9 = D(2019, 9, 9)


def record(med, commune, hours="3.00", day=SEPT_9, kind=0, **extra):
    return services.activity_record(
        convention=med.convention,
        by=med.operator,
        operator=med.orgs["citeo"],
        day=day,
        kind=med.kinds[kind],
        axis=med.axes[0],
        hours=Decimal(hours),
        commune=med.places[commune] if commune else None,
        **extra,
    )


@pytest.fixture
def shares(med):
    """One record in each commune of the quartier Humanicité (seed 003 §I)."""
    return {
        "Capinghem": record(med, "Capinghem", "4.00", notes="Tournée côté Capinghem"),
        "Lille": record(med, "Lille", "2.50", notes="Orientation vers le CCAS de Lille"),
        "Lomme": record(med, "Lomme", "1.50", notes="Réunion d'habitants à Lomme"),
    }


# ------------------------------------------------------------------- §VI: each one's share
def test_each_signatory_commune_reads_its_own_share_and_the_others_read_all(med, shares):
    """seed 003 §VI: « Codes d'accès personnalisés donnés à chaque signataire pour une mise à
    disposition sécurisée des données de réalisations et de résultats, sur le périmètre
    d'intervention respectif de chacun. » Capinghem reads Capinghem; the Ville de Lille et sa
    commune associée de Lomme reads Lille and Lomme; ASL Humanicité (commanditaire, 40 600 €)
    and Citéo (opérateur) read all."""

    def seen(user):
        return set(ActivityRecord.objects.visible_to(user).values_list("commune__name", flat=True))

    assert seen(med.capinghem) == {"Capinghem"}
    assert seen(med.lille) == {"Lille", "Lomme"}
    assert seen(med.asl) == {"Capinghem", "Lille", "Lomme"}
    assert seen(med.operator) == {"Capinghem", "Lille", "Lomme"}
    assert seen(med.admin) == {"Capinghem", "Lille", "Lomme"}


def test_a_record_without_commune_is_not_a_communes_share(med, shares):
    # seed 003 §VI: a record from before the communes were recorded is nobody's share
    ActivityRecord.objects.filter(pk=shares["Lomme"].pk).update(commune=None)
    assert not ActivityRecord.objects.visible_to(med.lille).filter(commune=None).exists()
    assert ActivityRecord.objects.visible_to(med.asl).filter(commune=None).exists()


def test_the_activity_list_and_its_export_show_a_commune_only_its_share(client, med, shares):
    """seed 003 §VI: « sur le périmètre d'intervention respectif de chacun »."""
    login(client, med.capinghem)
    page = client.get(reverse("partnerships:activity_list", args=[med.convention.pk]))
    text = page.content.decode()
    assert "Tournée côté Capinghem" in text
    assert "Orientation vers le CCAS de Lille" not in text
    assert "Réunion d'habitants à Lomme" not in text
    # Filtering on another commune gives nothing, not its records.
    other = client.get(
        reverse("partnerships:activity_list", args=[med.convention.pk]),
        {"commune": med.places["Lille"].pk},
    ).content.decode()
    assert "Orientation vers le CCAS de Lille" not in other
    export = client.get(
        reverse("partnerships:activity_export", args=[med.convention.pk]), {"format": "csv"}
    )
    body = b"".join(export.streaming_content).decode("utf-8-sig")
    assert "Tournée côté Capinghem" in body
    assert "Lille" not in body.replace("Ville de Lille", "")


def test_another_communes_record_is_404_in_the_admin(client, med, shares):
    """seed 003 §VI: the admin reads through the same perimeter — Lille's record is not
    Capinghem's, its page answers 404."""
    login(client, med.capinghem_director)
    lille = shares["Lille"]
    url = f"/admin/partnerships/activityrecord/{lille.pk}/change/"
    assert client.get(url).status_code == 404
    own = shares["Capinghem"]
    assert client.get(f"/admin/partnerships/activityrecord/{own.pk}/change/").status_code == 200


def test_the_synthesis_and_dashboard_of_a_commune_sum_its_share_only(med, shares):
    """seed 003 §VI: the monthly synthesis and the dashboard of Capinghem count its 4 h, not
    the 8 h of the whole quartier; the 1 607 h a year (§IV.1) are the whole activity's and are
    not set against a share."""
    synthesis = monthly_synthesis(med.convention, D(2019, 9, 1), med.capinghem)
    assert synthesis.total_hours == Decimal("4.00")
    assert synthesis.target_hours is None
    assert [t.name for t in synthesis.share] == ["Capinghem"]
    dashboard = activity_dashboard(med.convention, 2019, med.lille)
    assert dashboard.total_hours == Decimal("4.00")  # Lille 2,5 h + Lomme 1,5 h
    assert dashboard.yearly_target is None
    whole = activity_dashboard(med.convention, 2019, med.asl)
    assert whole.total_hours == Decimal("8.00")
    assert whole.yearly_target == Decimal("1607.00")
    assert whole.share == []


def test_a_record_names_one_of_the_signatory_communes(med):
    """seed 003 §VI: each record carries its commune, so that each commune reads its share;
    without it, or with a commune that is not a signatory's, nothing is stored."""
    with pytest.raises(ConventionError, match="Indiquez la commune"):
        record(med, None)
    elsewhere = Territory.objects.create(name="Croix", kind="commune")
    with pytest.raises(ConventionError, match="n'est pas une commune de la convention"):
        services.activity_record(
            convention=med.convention,
            by=med.operator,
            operator=med.orgs["citeo"],
            day=D(2019, 9, 9),
            kind=med.kinds[0],
            axis=None,
            hours=Decimal("2"),
            commune=elsewhere,
        )
    assert not ActivityRecord.objects.exists()


def test_the_district_straddles_the_communes(med):
    """seed 003 §I: « le quartier Humanicité [...] situé sur les villes de Lille et sa commune
    associée de Lomme et Capinghem »: a record in Lomme names the quartier too."""
    row = record(med, "Lomme", district=med.places["Quartier Humanicité"])
    assert (row.commune.name, row.district.name) == ("Lomme", "Quartier Humanicité")


def test_a_commune_may_not_record_activity(med):
    # seed 003 §IV.2: the operator records its activities; a partner reads them
    with pytest.raises(ConventionError, match="Seuls l'opérateur"):
        services.activity_record(
            convention=med.convention,
            by=med.capinghem,
            operator=med.orgs["citeo"],
            day=D(2019, 9, 9),
            kind=med.kinds[0],
            axis=None,
            hours=Decimal("2"),
            commune=med.places["Capinghem"],
        )
    assert not ActivityRecord.objects.exists()


# ----------------------------------------------------------------- §IV.1: supervision time
def test_supervision_is_compared_to_half_a_day_a_week(med):
    """seed 003 §IV.1: « La prestation inclut un temps d'encadrement équivalent à 1/2 journée
    par semaine » — half a 7-hour day of the « moyenne hebdomadaire de 35 heures »: 3,5 h.
    In September 2019 (weeks of Monday 2, 9, 16, 23 and 30): 3,5 h the first week, 2 h the
    second (short), nothing the third (late)."""
    for monday, hours in ((D(2019, 9, 2), "3.50"), (D(2019, 9, 9), "2.00")):
        services.supervision_record(
            convention=med.convention,
            by=med.operator,
            operator=med.orgs["citeo"],
            week_start=monday,
            hours=Decimal(hours),
        )
    weeks = supervision_weeks(med.convention, D(2019, 9, 1), D(2019, 9, 30), today=D(2019, 10, 1))
    assert [w.week_start.day for w in weeks] == [2, 9, 16, 23, 30]
    assert all(w.expected == Decimal("3.50") for w in weeks)
    assert [w.state for w in weeks[:3]] == [
        SupervisionState.DONE,
        SupervisionState.SHORT,
        SupervisionState.LATE,
    ]
    # The week of 30 September is not over on 1 October: not late yet.
    assert weeks[-1].state == SupervisionState.RUNNING


def test_the_dashboard_sums_the_supervision_of_each_month(med):
    """seed 003 §IV.1: September 2019 has five Mondays, 5 × 3,5 h = 17,5 h expected."""
    services.supervision_record(
        convention=med.convention,
        by=med.operator,
        operator=med.orgs["citeo"],
        week_start=D(2019, 9, 2),
        hours=Decimal("3.50"),
    )
    dashboard = activity_dashboard(med.convention, 2019, med.capinghem)
    september = next(m for m in dashboard.supervision if m.month == D(2019, 9, 1))
    assert (september.expected, september.recorded) == (Decimal("17.50"), Decimal("3.50"))
    assert september.late == 4 and september.flagged


def test_supervision_of_a_week_is_corrected_not_doubled(med):
    for hours in ("2.00", "3.50"):
        services.supervision_record(
            convention=med.convention,
            by=med.operator,
            operator=med.orgs["citeo"],
            week_start=D(2019, 9, 2),
            hours=Decimal(hours),
        )
    assert SupervisionTime.objects.get().hours == Decimal("3.50")


def test_supervision_week_starts_on_monday_and_bad_input_stores_nothing(med):
    with pytest.raises(ConventionError, match="le lundi : le 02/09/2019"):
        services.supervision_record(
            convention=med.convention,
            by=med.operator,
            operator=med.orgs["citeo"],
            week_start=D(2019, 9, 4),
            hours=Decimal("3.50"),
        )
    with pytest.raises(ConventionError, match="Seuls l'opérateur"):
        services.supervision_record(
            convention=med.convention,
            by=med.capinghem,
            operator=med.orgs["citeo"],
            week_start=D(2019, 9, 2),
            hours=Decimal("3.50"),
        )
    with pytest.raises(ConventionError, match="n'est pas opérateur"):
        services.supervision_record(
            convention=med.convention,
            by=med.admin,
            operator=med.orgs["asl"],
            week_start=D(2019, 9, 2),
            hours=Decimal("3.50"),
        )
    assert not SupervisionTime.objects.exists()


def test_operator_records_supervision_on_its_page_and_the_month_marks_it(client, med):
    login(client, med.operator)
    url = reverse("partnerships:supervision_add", args=[med.convention.pk])
    response = client.post(
        url, {"week_start": "2019-09-09", "operator": med.orgs["citeo"].pk, "hours": "2"}
    )
    assert response.status_code == 302
    month = client.get(
        reverse("partnerships:activity_month", args=[med.convention.pk]), {"month": "2019-09"}
    ).content.decode()
    assert "Inférieur au temps prévu" in month  # 2 h < 3,5 h
    assert "Non saisi, en retard" in month  # the weeks of 2, 16, 23 and 30 September
    login(client, med.capinghem)
    assert client.get(url).status_code == 404


# ---------------------------------------------------------- §V.2: analysis and préconisations
ANALYSIS = (
    "Baisse des conflits de stationnement depuis la réunion d'habitants ; hausse des "
    "sollicitations des nouveaux habitants."
)
ADVICE = "Coordonner avec le bailleur une permanence dans la nouvelle résidence."


def test_the_operator_writes_the_analysis_and_the_partners_read_it(client, med):
    """seed 003 §V.2, « Synthèse mensuelle des activités de médiation sociale »: « analyse
    des résultats et des évolutions » and « Préconisations d'ajustements opérationnels,
    d'actions coordonnées visant la résolution durable des problématiques », written by
    Citéo and read by ASL Humanicité, Capinghem and Lille-Lomme."""
    login(client, med.operator)
    url = reverse("partnerships:synthesis_write", args=[med.convention.pk]) + "?month=2019-09"
    response = client.post(
        url,
        {"operator": med.orgs["citeo"].pk, "analysis": ANALYSIS, "recommendations": ADVICE},
    )
    assert response.status_code == 302
    row = SynthesisAnalysis.objects.get()
    assert (row.month, row.operator, row.written_by) == (
        D(2019, 9, 1),
        med.orgs["citeo"],
        med.operator,
    )
    month_url = reverse("partnerships:activity_month", args=[med.convention.pk])
    for reader in (med.asl, med.capinghem, med.lille):
        login(client, reader)
        page = client.get(month_url, {"month": "2019-09"}).content.decode()
        assert "Coordonner avec le bailleur une permanence" in page
        assert "Baisse des conflits de stationnement" in page
    # a partner reads it, but does not write it
    assert client.get(url).status_code == 404
    assert client.post(url, {"analysis": "Autre"}).status_code == 404
    assert SynthesisAnalysis.objects.get().analysis == ANALYSIS


def test_an_empty_analysis_is_refused_and_leaves_the_text_intact(client, med):
    services.synthesis_analysis_write(
        convention=med.convention,
        by=med.operator,
        operator=med.orgs["citeo"],
        month=D(2019, 9, 1),
        analysis=ANALYSIS,
        recommendations=ADVICE,
    )
    login(client, med.operator)
    url = reverse("partnerships:synthesis_write", args=[med.convention.pk]) + "?month=2019-09"
    response = client.post(url, {"operator": med.orgs["citeo"].pk, "analysis": "   "})
    assert response.status_code == 400
    row = SynthesisAnalysis.objects.get()
    assert (row.analysis, row.recommendations) == (ANALYSIS, ADVICE)


def test_analysis_of_a_month_outside_the_convention_is_refused(med):
    with pytest.raises(ConventionError, match="hors de la durée"):
        services.synthesis_analysis_write(
            convention=med.convention,
            by=med.operator,
            operator=med.orgs["citeo"],
            month=D(2020, 3, 1),
            analysis=ANALYSIS,
        )
    assert not SynthesisAnalysis.objects.exists()


def test_analysis_written_again_is_updated_not_doubled(med):
    for text in ("Première version", ANALYSIS):
        services.synthesis_analysis_write(
            convention=med.convention,
            by=med.operator,
            operator=med.orgs["citeo"],
            month=D(2019, 9, 15),
            analysis=text,
        )
    assert SynthesisAnalysis.objects.get().analysis == ANALYSIS
    assert SynthesisAnalysis.history.count() == 2


def test_another_organisation_gets_404_on_the_new_pages(client, med):
    outsider = member(Role.DIRECTOR)
    login(client, outsider)
    for name in ("synthesis_write", "supervision_add"):
        url = reverse(f"partnerships:{name}", args=[med.convention.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {}).status_code == 404


def test_the_partners_hear_once_a_month_that_the_analysis_is_written(med):
    """seed 003 §VI: « Synthèse mensuelle et tableau de bord de la médiation [...] analyse
    partagée des résultats » — ASL Humanicité, Capinghem and Lille-Lomme are told once that
    Citéo's analysis of September 2019 is written; a correction tells nobody again, and
    Citéo's own people are not told of what they wrote."""
    from partnerships.enums import NotificationKind
    from partnerships.models import Notification

    colleague = member(Role.DIRECTOR, med.orgs["citeo"])
    for text in (ANALYSIS, ANALYSIS + " Correction."):
        services.synthesis_analysis_write(
            convention=med.convention,
            by=med.operator,
            operator=med.orgs["citeo"],
            month=D(2019, 9, 1),
            analysis=text,
            recommendations=ADVICE,
        )
    told = Notification.objects.filter(kind=NotificationKind.SYNTHESIS_WRITTEN)
    assert set(told.values_list("recipient", flat=True)) == {
        med.asl.pk,
        med.capinghem.pk,
        med.capinghem_director.pk,
        med.lille.pk,
    }
    assert colleague.pk not in set(told.values_list("recipient", flat=True))
    assert told.first().title == (
        "Analyse et préconisations de septembre 2019 — convention MEDIATION-HUMANICITE-2019"
    )
