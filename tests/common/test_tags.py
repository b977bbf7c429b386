"""The kit's cheaper template filters write what Django's own would (issue 15)."""

import datetime as dt

import pytest
from django import forms
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


class EveryInput(forms.Form):
    text = forms.CharField(required=False, help_text="Aide")
    number = forms.DecimalField(required=False, localize=True)
    day = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    email = forms.EmailField(max_length=50, disabled=True)
    search = forms.CharField(widget=forms.TextInput(attrs={"placeholder": 'Nom "exact" & <b>'}))


@pytest.mark.parametrize(
    "data",
    [None, {"text": "a\"b&c<d>'", "number": "1,5", "day": "2026-13-45", "search": "é"}],
)
def test_an_input_is_written_as_django_s_template_writes_it(data):
    from common.templatetags.maillage import _input

    written, reference = EveryInput(data), EveryInput(data)
    written.is_valid(), reference.is_valid()
    with translation.override("fr"):
        for name in reference.fields:
            field = written[name]
            assert _input(field, field.field.widget) == str(reference[name])
