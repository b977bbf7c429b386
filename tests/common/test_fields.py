"""`|form_field` draws a field as crispy-forms does, without its templates (issue 15)."""

import re

import django_filters
import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms
from django.utils.safestring import mark_safe

from common.templatetags.fields import label
from common.templatetags.maillage import PYTHON_SELECTS, _widget, form_field
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


class Dropdowns(forms.Form):
    """Every kind of drop-down a page draws: groups, several values, numbers, lazy, safe and
    hostile labels, a disabled option, django-filter's sort widget."""

    plain = forms.ChoiceField(choices=[("", "---------"), ("a", "A <b>"), ("b", "B & co")])
    grouped = forms.ChoiceField(
        choices=[("", "Tous"), ("Groupe « un »", [("g1", "G1"), ("g2", 2024)]), ("z", "Z")],
        required=False,
        help_text="Aide",
    )
    several = forms.MultipleChoiceField(choices=[("1", "un"), ("2", "deux"), ("3", "trois")])
    lazy = forms.TypedChoiceField(
        choices=ProjectStatus.choices, coerce=str, required=False, label="État"
    )
    safe = forms.ChoiceField(choices=[("s", mark_safe("<em>sûr</em>")), ('"q"', "guillemets")])
    flag = forms.NullBooleanField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plain"].widget.attrs.update({"data-x": 'a"b', "autofocus": True})
        self.fields["flag"].widget.attrs["disabled"] = False


class Sorted(django_filters.FilterSet):
    tri = django_filters.OrderingFilter(fields=(("reference", "ref"), ("created_at", "cree")))

    class Meta:
        model = InterventionProject
        fields = []


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"plain": "b", "grouped": "g2", "several": ["1", "3"], "lazy": "active", "flag": "true"},
        {"plain": "nope", "several": ["9"], "safe": '"q"'},
    ],
    ids=["blank", "chosen", "errors"],
)
def test_a_drop_down_is_the_html_django_s_templates_write(data):
    """Character for character: the Python renderer of |form_field against Django's own
    select.html and select_option.html (issue 15)."""
    form = Dropdowns(data)
    form.is_valid()
    for field in form:
        widget = field.field.widget
        attrs = field.build_widget_attrs({}, widget)
        attrs.setdefault("id", field.auto_id)
        value = field.value()
        ours = widget.render(field.html_name, value, attrs, renderer=PYTHON_SELECTS)
        theirs = widget.render(field.html_name, value, attrs)
        assert ours == theirs, field.name


@pytest.mark.parametrize("query", [{}, {"tri": "-cree"}, {"tri": "ref,-cree"}, {"tri": "x<"}])
def test_the_sort_drop_down_of_a_list_is_django_s_html(query):
    ours = Sorted(query, queryset=InterventionProject.objects.none()).form["tri"]
    theirs = Sorted(query, queryset=InterventionProject.objects.none()).form["tri"]
    html = _widget(ours)
    # the classes crispy wants, which _widget puts on the widget; the rest is Django's
    theirs.field.widget.attrs["class"] = ours.field.widget.attrs["class"]
    assert html == str(theirs)
    if "," not in query.get("tri", ""):  # several sorts: django-filter draws a text input
        assert html.startswith('<select name="tri" class="csvselect form-select')
