"""The kit's cheaper template filters write what Django's own would (issue 15)."""

import datetime as dt

import pytest
from django.template.defaultfilters import date as date_filter
from django.utils import translation

from common.templatetags.maillage import day


@pytest.mark.parametrize(
    "value",
    [dt.date(2026, 12, 3), dt.date(2025, 1, 1), dt.datetime(2026, 8, 1, 23, 30), None, ""],
)
def test_day_writes_what_the_date_filter_writes(value):
    with translation.override("fr"):
        assert day(value) == date_filter(value, "j F Y")
    with translation.override("en"):
        assert day(value) == date_filter(value, "j F Y")


def test_day_is_written_in_the_active_language():
    with translation.override("fr"):
        assert day(dt.date(2026, 12, 3)) == "3 décembre 2026"
