"""common.choices.labelled: a drop-down's names read as values give what str() gives."""

import pytest
from django.apps import apps

from common.choices import labelled
from partnerships.models import Organisation

pytestmark = pytest.mark.django_db

LABELLED = [m for m in apps.get_models() if getattr(m, "label_of", None) is not None]


def test_the_models_that_name_themselves_from_values_are_those_of_the_drop_downs():
    assert {m.__name__ for m in LABELLED} == {"Organisation", "Programme", "Territory"}


@pytest.mark.parametrize("model", LABELLED, ids=lambda m: m.__name__)
def test_each_name_read_as_values_is_the_row_s_str(world, model, django_assert_num_queries):
    rows = model.objects.order_by("pk")
    expected = [(row.pk, str(row)) for row in rows]
    assert len(expected) >= 2
    with django_assert_num_queries(1):
        assert labelled(rows) == expected


def test_an_organisation_without_a_short_name_is_named_by_its_name(world):
    # world.orgs.fas has a short name ("FAS"); the CHRS has none.
    rows = dict(
        labelled(Organisation.objects.filter(pk__in=[world.orgs.fas.pk, world.orgs.chrs.pk]))
    )
    assert rows == {world.orgs.fas.pk: "FAS", world.orgs.chrs.pk: "CHRS Le Relais"}
