"""`|form_field` draws a field as crispy-forms does, without its templates (issue 15)."""

import re

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms

from common.templatetags.fields import label
from common.templatetags.maillage import form_field
from households.enums import ProjectStatus
from households.models import InterventionProject


class SampleForm(forms.Form):
    name = forms.CharField(label="Nom <du> ménage", help_text="Tel qu’il <em>signe</em>.")
    kind = forms.ChoiceField(label="Type", choices=[("a", "A"), ("b", "B")], required=False)
    day = forms.DateField(label="Jour", widget=forms.DateInput(attrs={"class": "mine"}))
    note = forms.CharField(label="", widget=forms.Textarea, required=False)
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)
    agreed = forms.BooleanField(label="D’accord", required=False)
    colour = forms.ChoiceField(choices=[("r", "Rouge")], widget=forms.RadioSelect)


def _flat(html) -> str:
    return re.sub(r"\s*(<|>)\s*", r"\1", re.sub(r"\s+", " ", str(html))).strip()


@pytest.mark.parametrize(
    "data", [None, {"name": "", "kind": "z", "day": "pas une date"}], ids=["blank", "errors"]
)
def test_a_field_is_drawn_as_crispy_draws_it(data):
    form = SampleForm(data)
    if data:
        assert not form.is_valid()
    for field in form:
        # crispy adds its classes to the widget: draw ours first, on a fresh widget
        ours = _flat(form_field(field))
        assert ours == _flat(as_crispy_field(SampleForm(data)[field.name])), field.name


def test_a_label_and_an_error_are_escaped():
    form = SampleForm({"name": "", "day": "x"})
    form.is_valid()
    html = str(form_field(form["name"]))
    assert "Nom &lt;du&gt; ménage" in html
    assert 'class="textinput form-control is-invalid"' in html
    assert '<div id="id_name_helptext" class="form-text">Tel qu’il <em>signe</em>.</div>' in html


def test_a_choice_label_is_what_get_display_gives():
    project = InterventionProject(status=ProjectStatus.ACTIVE)
    assert str(label(project, "status")) == project.get_status_display()
    project.status = "inconnu"
    assert label(project, "status") == project.get_status_display() == "inconnu"
