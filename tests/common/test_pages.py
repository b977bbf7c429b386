"""The page kit (common/pages.py): sorting, list context, form pages, buttons, refusals."""

import django_filters
import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import RequestFactory
from django.urls import reverse

from common.pages import (
    QuickSelect,
    SortFilter,
    form_page,
    list_page,
    post_action,
    quick_selects,
    require_perm,
    url_maker,
)
from partnerships.models import Organisation
from tests.partnerships.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


class OrganisationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains")
    tri = SortFilter(columns={"nom": "name", "sigle": ("short_name", "name")}, default="nom")


def get(query: str = ""):
    request = RequestFactory().get(f"/liste/?{query}")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


@pytest.fixture
def organisations():
    return [OrganisationFactory(name=name) for name in ("Brume", "Azur", "Cèdre")]


def names(context) -> list[str]:
    return [o.name for o in context["rows"]]


def test_a_list_sorts_by_its_default_column_with_aria_sort(organisations):
    context = list_page(get(), Organisation.objects.all(), OrganisationFilter)
    assert names(context) == ["Azur", "Brume", "Cèdre"]
    assert context["sort"]["nom"].state == "ascending"
    assert context["sort"]["nom"].url == "?tri=-nom"  # a second click sorts descending
    assert context["sort"]["sigle"].state == "none"


def test_a_column_header_sorts_descending_and_keeps_the_filters(organisations):
    context = list_page(get("q=r&tri=-nom&page=1"), Organisation.objects.all(), OrganisationFilter)
    assert names(context) == ["Cèdre", "Brume", "Azur"]
    assert context["sort"]["nom"].state == "descending"
    assert context["sort"]["nom"].url == "?q=r&tri=nom"
    assert context["query"] == "q=r&tri=-nom"


@pytest.mark.parametrize("asked", ["tri=password", "tri=,nom", "tri="])
def test_an_unknown_column_sorts_by_the_default_instead_of_failing(organisations, asked):
    context = list_page(get(asked), Organisation.objects.all(), OrganisationFilter)
    assert names(context) == ["Azur", "Brume", "Cèdre"]
    assert context["filter"].is_valid()


def test_the_export_links_carry_the_filters_without_the_page(organisations):
    context = list_page(
        get("q=r&page=2"),
        Organisation.objects.all(),
        OrganisationFilter,
        export="partnerships:convention_export",
    )
    assert [url for _label, url in context["exports"]] == [
        "/partenariats/conventions/export/?q=r&format=csv",
        "/partenariats/conventions/export/?q=r&format=xlsx",
    ]


class NameForm(forms.Form):
    name = forms.CharField()


def refuse(form):
    raise ValidationError("Refusé par la règle.")


def post(data):
    request = RequestFactory().post("/formulaire/", data)
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


@pytest.mark.parametrize(
    ("data", "save"), [({}, lambda form: None), ({"name": "x"}, refuse)], ids=["invalid", "refused"]
)
def test_an_invalid_or_refused_form_answers_400_with_its_errors(data, save):
    request = post(data)
    response = form_page(
        request, NameForm(request.POST), save, success_url="/fini/", page=lambda f, s: (f, s)
    )
    form, status = response
    assert status == 400
    assert form.errors
    if save is refuse:
        assert form.non_field_errors() == ["Refusé par la règle."]


def test_a_saved_form_redirects_with_its_message():
    request = post({"name": "x"})
    response = form_page(
        request, NameForm(request.POST), lambda form: 7, done="Enregistré.", success_url="/fini/"
    )
    assert (response.status_code, response["Location"]) == (302, "/fini/")
    assert [str(m) for m in request._messages] == ["Enregistré."]


def test_a_refused_button_becomes_an_error_message():
    request = post({})
    response = post_action(request, lambda: refuse(None), done="Fait.", then="/retour/")
    assert response["Location"] == "/retour/"
    assert [str(m) for m in request._messages] == ["Refusé par la règle."]


def test_a_refused_permission_is_a_404():
    with pytest.raises(Http404):
        require_perm(AnonymousUser(), "partnerships.create_convention")


# ------------------------------------------------------------- issue 15: cheaper cells
class ChoiceOfOrganisation(django_filters.FilterSet):
    organisation = django_filters.ModelChoiceFilter(
        field_name="network", queryset=Organisation.objects.order_by("name"), empty_label="Toutes"
    )
    genre = django_filters.ChoiceFilter(
        field_name="kind", choices=[("a", "L'un & <l'autre>"), ("b", "Autre")], empty_label="Tous"
    )


@pytest.mark.parametrize("query", ["", "genre=a", "organisation=PK"])
def test_a_quick_select_renders_what_django_s_select_renders(organisations, query):
    query = query.replace("PK", str(organisations[1].pk))
    reference = ChoiceOfOrganisation(get(query).GET, queryset=Organisation.objects.all())
    quick = list_page(get(query), Organisation.objects.all(), ChoiceOfOrganisation)["filter"]
    for name in ("organisation", "genre"):
        assert isinstance(quick.form.fields[name].widget, QuickSelect)
        expected = str(reference.form[name]).replace("\n", "")
        assert str(quick.form[name]) == expected.replace(">  <", "><").replace(">    <", "><")


def test_url_maker_builds_the_url_reverse_would():
    convention_url = url_maker("partnerships:convention_detail")
    for pk in (1, 42, 4242424242):
        assert convention_url(pk) == reverse("partnerships:convention_detail", args=[pk])


class EveryKindOfFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", label="Nom", lookup_expr="icontains")
    year = django_filters.NumberFilter(field_name="pk", label="Exercice")
    since = django_filters.DateFilter(field_name="pk", label="Depuis", help_text="JJ/MM/AAAA")
    genre = django_filters.ChoiceFilter(field_name="kind", choices=[("a", "L'un & <l'autre>")])
    active = django_filters.BooleanFilter(field_name="is_active", label="Active")
    several = django_filters.MultipleChoiceFilter(
        field_name="kind", choices=[("a", "A"), ("b", "B")], widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["q"].required = True


@pytest.mark.parametrize("query", ["", "q=x&year=abc&since=2025-13-45&genre=z", "year=3&genre=a"])
def test_a_form_field_renders_what_crispy_renders(query):
    from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
    from django.test.html import parse_html

    from common.templatetags.maillage import form_field

    data, none = get(query).GET or None, Organisation.objects.none()
    reference = quick_selects(EveryKindOfFilter(data, queryset=none)).form
    fast = quick_selects(EveryKindOfFilter(data, queryset=none)).form
    reference.is_valid(), fast.is_valid()
    for name in reference.fields:
        assert parse_html(form_field(fast[name])) == parse_html(as_crispy_field(reference[name]))


class Upload(forms.Form):
    kind = forms.ChoiceField(choices=[("", "---------"), ("a", "A")], label="Type")
    upload = forms.FileField(label="Fichier", help_text="PDF, <b>1 Mo</b> au plus.")
    optional = forms.FileField(label="Autre", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["upload"].widget.attrs["accept"] = ".pdf"


@pytest.mark.parametrize("data", [None, {"kind": "z"}])
def test_a_file_field_renders_what_crispy_renders(data):
    from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
    from django.test.html import parse_html

    from common.templatetags.maillage import form_field

    reference, fast = Upload(data), Upload(data)
    reference.is_valid(), fast.is_valid()
    for name in reference.fields:
        assert parse_html(form_field(fast[name])) == parse_html(as_crispy_field(reference[name]))


class NullChoiceOfOrganisation(django_filters.FilterSet):
    organisation = django_filters.ModelChoiceFilter(
        field_name="network", queryset=Organisation.objects.order_by("name"), null_label="Aucune"
    )


def test_a_quick_select_lists_the_choices_django_s_iterator_gives(organisations):
    """Read by one plain query (ListedChoices, not .iterator()'s server-side cursor on
    PostgreSQL), the choices are Django's own, null choice included."""
    reference = NullChoiceOfOrganisation(queryset=Organisation.objects.all())
    quick = quick_selects(NullChoiceOfOrganisation(queryset=Organisation.objects.all()))
    widget = quick.form.fields["organisation"].widget
    assert isinstance(widget, QuickSelect)
    assert [(str(v), str(label)) for v, label in widget.choices] == [
        (str(v), str(label)) for v, label in reference.form.fields["organisation"].choices
    ]
    assert str(quick.form["organisation"]) == str(reference.form["organisation"]).replace(
        "\n", ""
    ).replace(">  <", "><").replace(">    <", "><")
