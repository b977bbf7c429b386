"""Issue 15: the household's priority criteria copied on the household, in the index of a
coordinator's list (commune, situation), so that a list filtered on a criterion counts and
pages from that index alone."""

from collections import defaultdict

from django.conf import settings
from django.db import migrations, models


def copy_criteria(apps, schema_editor):
    """Household.priority_criteria from the HouseholdPriority rows, as
    households.models.priority_codes writes it (issue 15); a household without one keeps ""."""
    Household = apps.get_model("households", "Household")
    HouseholdPriority = apps.get_model("households", "HouseholdPriority")
    criteria = defaultdict(set)
    pairs = HouseholdPriority.objects.order_by().values_list("household_id", "criterion")
    for household, criterion in pairs.iterator(chunk_size=5000):
        criteria[household].add(criterion)
    rows = [
        Household(pk=pk, priority_criteria=f"|{'|'.join(sorted(found))}|")
        for pk, found in criteria.items()
    ]
    Household.objects.bulk_update(rows, ["priority_criteria"], batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("households", "0025_search_folded_columns"),
        ("partnerships", "0019_search_folded_columns"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="household",
            name="household_commune_situation",
        ),
        migrations.AddField(
            model_name="household",
            name="priority_criteria",
            field=models.CharField(
                blank=True,
                default="",
                editable=False,
                max_length=100,
                verbose_name="critères de priorité (copie)",
            ),
        ),
        migrations.RunPython(copy_criteria, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="household",
            index=models.Index(
                fields=["territory", "housing_situation"],
                include=("priority_criteria", "reference", "id"),
                name="household_commune_situation",
            ),
        ),
    ]
