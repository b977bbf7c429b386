"""issue 15: `{% url %}` remembers its addresses per process (common/templatetags/cached_url.py)
and writes exactly what Django's tag writes."""

import pytest
from django.template import Context, Engine, engines
from django.urls import NoReverseMatch, reverse, set_script_prefix

from common.templatetags import cached_url


def project_template(source: str):
    """A template of the project's engine, where the tag is a builtin."""
    return engines["django"].from_string(source)


def django_template(source: str):
    """The same template with Django's own `{% url %}`."""
    return Engine().from_string(source)


SOURCES = [
    "{% url 'home' %}",
    "{% url 'partnerships:convention_detail' pk %}",
    "{% url 'partnerships:convention_detail' pk=pk %}",
    "{% url 'portal:convention_report_pdf' pk year %}",
    "{% url 'partnerships:convention_list' as link %}[{{ link }}]",
    "{% url 'nowhere' as link %}[{{ link }}]",
]


@pytest.mark.parametrize("source", SOURCES)
def test_the_tag_writes_what_django_s_writes(source):
    context = {"pk": 42, "year": 2025}
    assert project_template(source).render(context) == django_template(source).render(
        Context(context)
    )
    # And again, from what it remembered.
    assert project_template(source).render(context) == django_template(source).render(
        Context(context)
    )


def test_an_unknown_view_still_raises():
    with pytest.raises(NoReverseMatch):
        project_template("{% url 'nowhere' %}").render({})


@pytest.fixture
def reversals(monkeypatch) -> list:
    """The calls the tag makes to Django's reverse(), from an empty memory."""
    cached_url._addresses.clear()
    calls = []

    def counting(*args, **kwargs):
        calls.append(args)
        return reverse(*args, **kwargs)

    monkeypatch.setattr(cached_url, "reverse", counting)
    return calls


def test_an_address_is_reversed_once_per_process(reversals):
    calls = reversals
    template = project_template("{% url 'partnerships:convention_detail' pk %}")
    first = template.render({"pk": 7})
    assert template.render({"pk": 7}) == first
    assert len(calls) == 1
    assert template.render({"pk": 8}) != first
    assert len(calls) == 2


def test_an_object_given_as_argument_is_reversed_each_time(reversals):
    # Its address is written from str(obj), which may change: nothing is remembered.
    class Named:
        def __init__(self, text):
            self.text = text

        def __str__(self):
            return self.text

    calls = reversals
    template = project_template("{% url 'partnerships:convention_detail' pk %}")
    obj = Named("5")
    assert template.render({"pk": obj}).endswith("/5/")
    obj.text = "6"
    assert template.render({"pk": obj}).endswith("/6/")
    assert len(calls) == 2


def test_the_script_prefix_is_part_of_the_address():
    template = project_template("{% url 'home' %}")
    try:
        set_script_prefix("/maillage/")
        assert template.render({}) == "/maillage/"
    finally:
        set_script_prefix("/")
    assert template.render({}) == "/"
