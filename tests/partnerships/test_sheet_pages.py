"""Action sheets written in pages by the department's staff (seed 001 annexes, art. 3: the
sheets may evolve when the parties agree in the follow-up committees)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from partnerships import services
from partnerships.enums import IndicatorPeriod, Role
from partnerships.errors import ConventionError
from partnerships.models import ActionSheet, Deliverable, Indicator, IndicatorValue
from tests.partnerships.convention_factories import ActionSheetFactory, IndicatorFactory
from tests.partnerships.factories import PASSWORD, member

pytestmark = pytest.mark.django_db


def log_in(client, user):
    assert client.login(email=user.email, password=PASSWORD)
    return client


def text(response) -> str:
    body = response.content.decode().replace("\xa0", " ").replace("\u202f", " ")
    return body.replace("&#x27;", "'")


def test_staff_write_the_network_sheet_with_its_indicator_and_deliverable(client, cpom, agent):
    # seed 001 annexe: FICHE ACTION « Animation de réseau »
    log_in(client, agent)
    convention_page = text(client.get(reverse("partnerships:convention_detail", args=[cpom.pk])))
    assert "Nouvelle fiche action" in convention_page
    response = client.post(
        reverse("partnerships:sheet_create", args=[cpom.pk]),
        {"number": 1, "title": "Animation de réseau", "objectives": "Animer le réseau."},
    )
    sheet = ActionSheet.objects.get()
    assert response["Location"] == reverse("partnerships:sheet_detail", args=[sheet.pk])
    client.post(
        reverse("partnerships:indicator_add", args=[sheet.pk]),
        {
            "label": "Nombre de participants aux commissions",
            "unit": "personnes",
            "target": "120",
            "period": IndicatorPeriod.YEAR,
        },
    )
    client.post(
        reverse("partnerships:deliverable_add", args=[sheet.pk]),
        {"label": "Comptes rendus des rencontres", "due_on": "2023-12-31"},
    )
    indicator = Indicator.objects.get()
    assert (indicator.sheet, indicator.target) == (sheet, Decimal("120.00"))
    assert Deliverable.objects.get().due_on == dt.date(2023, 12, 31)
    page = text(client.get(reverse("partnerships:sheet_detail", args=[sheet.pk])))
    assert "Modifier la fiche" in page and "Comptes rendus des rencontres" in page
    assert sheet.history.first().history_user == agent


def test_a_second_sheet_with_the_same_number_is_refused_in_french(client, cpom, agent):
    ActionSheetFactory(convention=cpom, number=1)
    response = log_in(client, agent).post(
        reverse("partnerships:sheet_create", args=[cpom.pk]),
        {"number": 1, "title": "Veille sociale"},
    )
    assert response.status_code == 400
    assert "La convention 2023-121 a déjà une fiche action n° 1." in text(response)
    assert ActionSheet.objects.count() == 1


def test_a_negative_target_is_refused_naming_the_field(client, cpom, agent):
    sheet = ActionSheetFactory(convention=cpom)
    response = log_in(client, agent).post(
        reverse("partnerships:indicator_add", args=[sheet.pk]),
        {"label": "Participants", "target": "-5", "period": IndicatorPeriod.YEAR},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["target"] == [
        "La cible de l'indicateur ne peut pas être négative."
    ]
    assert not Indicator.objects.exists()


def test_the_period_of_an_indicator_with_values_stays(cpom, agent):
    indicator = IndicatorFactory(sheet=ActionSheetFactory(convention=cpom))
    IndicatorValue.objects.create(
        indicator=indicator, period_start=dt.date(2023, 1, 1), value=Decimal("3")
    )
    with pytest.raises(ConventionError, match="la période de l'indicateur ne change plus"):
        services.indicator_update(
            indicator=indicator,
            label=indicator.label,
            period=IndicatorPeriod.QUARTER,
            by=agent,
        )


def test_the_beneficiary_records_values_but_does_not_rewrite_the_sheet(client, cpom, world):
    sheet = ActionSheetFactory(convention=cpom)
    director = world.users.fas_director
    log_in(client, director)
    page = text(client.get(reverse("partnerships:sheet_detail", args=[sheet.pk])))
    assert "Modifier la fiche" not in page
    edit = reverse("partnerships:sheet_edit", args=[sheet.pk])
    assert client.get(edit).status_code == 404
    assert client.post(edit, {"number": 1, "title": "Réécrite"}).status_code == 404
    with pytest.raises(PermissionDenied):
        services.sheet_update(sheet=sheet, number=1, title="Réécrite", by=director)
    sheet.refresh_from_db()
    assert sheet.title != "Réécrite"


@pytest.mark.parametrize(
    "name", ["sheet_edit", "indicator_add", "deliverable_add", "indicator_edit", "sheet_create"]
)
def test_staff_of_another_department_get_404(client, cpom, name):
    sheet = ActionSheetFactory(convention=cpom)
    target = {
        "sheet_edit": sheet.pk,
        "indicator_add": sheet.pk,
        "deliverable_add": sheet.pk,
        "indicator_edit": IndicatorFactory(sheet=sheet).pk,
        "sheet_create": cpom.pk,
    }[name]
    log_in(client, member(Role.DEPARTMENT_STAFF))
    url = reverse(f"partnerships:{name}", args=[target])
    assert client.get(url).status_code == 404
    assert client.post(url, {"number": 9, "title": "x", "label": "x"}).status_code == 404
    assert ActionSheet.objects.count() == 1
