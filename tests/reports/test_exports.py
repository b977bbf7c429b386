"""CSV / XLSX exports of the filtered lists (streamed, BOM, French headers) and the household
file PDF (professionals of the perimeter only)."""

import csv
import io

import pytest
from django.urls import reverse

from funding import services
from partnerships.enums import Role
from tests.funding.factories import GrantFactory, GrantYearFactory
from tests.households.factories import HouseholdFactory, MemberFactory
from tests.partnerships.factories import member
from tests.pdf import pdf_text
from tests.reports.conftest import SECRET_NAME, SECRET_NOTE

pytestmark = pytest.mark.django_db


def _rows(response) -> list[list[str]]:
    assert response.streaming is True
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))


def test_instalments_export_streams_the_70_30_schedule_in_csv(client, agent, fas_grant):
    # seed 001 art. 4.2: 70 % then 30 % of 20 000 € a year, for 2023, 2024 and 2025.
    services.instalments_generate(grant=fas_grant, by=agent)
    client.force_login(agent)
    rows = _rows(client.get(reverse("funding:instalment_export"), {"year": 2023}))
    assert rows[0][:4] == ["Convention", "Financeur", "Bénéficiaire", "Exercice"]
    assert [(r[0], r[3], r[5], r[6]) for r in rows[1:]] == [
        ("2023-121", "2023", "70,00", "14000,00"),
        ("2023-121", "2023", "30,00", "6000,00"),
    ]


def test_instalments_export_in_xlsx_keeps_amounts_as_numbers(client, agent, fas_grant):
    from openpyxl import load_workbook

    services.instalments_generate(grant=fas_grant, by=agent)
    client.force_login(agent)
    response = client.get(reverse("funding:instalment_export"), {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    response.close()
    assert sheet["G1"].value == "Montant (€)"
    assert sorted(row[6].value for row in sheet.iter_rows(min_row=2)) == [6000] * 3 + [14000] * 3


def test_instalments_export_leaves_out_another_organisations_rows(
    client, agent, outsider, fas_grant
):
    services.instalments_generate(grant=fas_grant, by=agent)
    client.force_login(outsider)
    assert len(_rows(client.get(reverse("funding:instalment_export")))) == 1  # headers only


def test_export_in_an_unknown_format_is_refused_in_french(client, agent):
    client.force_login(agent)
    response = client.get(reverse("funding:instalment_export"), {"format": "pdf"})
    assert response.status_code == 400
    assert "Format d'export inconnu" in response.content.decode()


def test_grants_export_queries_do_not_grow_with_rows(client, agent, department, count_queries):
    def export():
        _rows(client.get(reverse("funding:grant_export")))

    client.force_login(agent)
    for _ in range(2):
        GrantYearFactory(grant=GrantFactory(funder=department))
    few, _sql = count_queries(export)
    for _ in range(5):
        GrantYearFactory(grant=GrantFactory(funder=department))
    many, sql = count_queries(export)
    assert few == many, "\n".join(sql)


# ---------------------------------------------------------------------- household lists
def test_household_export_lists_references_never_names(client, world, household):
    MemberFactory(household=household, first_name=SECRET_NAME)
    client.force_login(world.users.social_worker)
    rows = _rows(client.get(reverse("households:household_export")))
    assert rows[1][0] == household.reference
    assert SECRET_NAME not in str(rows)


def test_household_export_is_refused_to_department_staff(client, world):
    client.force_login(world.users.staff)
    assert client.get(reverse("households:household_export")).status_code == 404


def test_project_export_queries_do_not_grow_with_rows(client, world, count_queries):
    from tests.households.factories import ProjectFactory

    def export():
        _rows(client.get(reverse("households:project_export")))

    client.force_login(world.users.social_worker)
    for _ in range(2):
        ProjectFactory(household__organisation=world.orgs.chrs, programme=world.asrl, active=True)
    few, _sql = count_queries(export)
    for _ in range(5):
        ProjectFactory(household__organisation=world.orgs.chrs, programme=world.asrl, active=True)
    many, sql = count_queries(export)
    assert few == many, "\n".join(sql)


# ---------------------------------------------------------------------- household file
def test_household_file_pdf_holds_contract_and_reviews_but_no_note(client, world, asrl_project):
    from tests.households.factories import ContactFactory, ReviewFactory

    MemberFactory(household=asrl_project.household, first_name=SECRET_NAME)
    ReviewFactory(project=asrl_project, assessment="Droits ouverts, bail signé.")
    ContactFactory(project=asrl_project, confidential_note=SECRET_NOTE)
    client.force_login(world.users.social_worker)
    url = reverse("households:household_file", args=[asrl_project.household.pk])
    text = pdf_text(client.get(url).content)
    assert asrl_project.household.reference in text and SECRET_NAME in text
    # seed 004 §4: started 1 October 2019, review at 3 months, end after 6.
    # French writes the first of a month as an ordinal (issue 18).
    assert "1er octobre 2019" in text and "1er janvier 2020" in text
    assert "Droits ouverts, bail signé." in text
    assert SECRET_NOTE not in text


@pytest.mark.parametrize("who", ["staff", "volunteer"])
def test_household_file_is_refused_to_staff_and_volunteers(client, world, joint_project, who):
    client.force_login(getattr(world.users, who))
    url = reverse("households:household_file", args=[joint_project.household.pk])
    assert client.get(url).status_code == 404


def test_household_file_of_another_organisation_is_404(client, world):
    household = HouseholdFactory(organisation=world.orgs.other)
    client.force_login(world.users.social_worker)
    url = reverse("households:household_file", args=[household.pk])
    assert client.get(url).status_code == 404


def test_household_file_of_a_signatory_partner_is_refused(client, world, household):
    client.force_login(member(Role.SIGNATORY_PARTNER, world.orgs.chrs))
    url = reverse("households:household_file", args=[household.pk])
    assert client.get(url).status_code == 404


def test_household_file_and_exports_are_written_to_the_access_log(client, world, household):
    from households.enums import AuditAction
    from households.models import AuditEntry

    client.force_login(world.users.social_worker)
    client.get(reverse("households:household_file", args=[household.pk]))
    b"".join(client.get(reverse("households:household_export")).streaming_content)
    actions = list(AuditEntry.objects.values_list("action", "household"))
    assert (AuditAction.FILE_PDF, household.pk) in actions
    assert (AuditAction.EXPORT, None) in actions
