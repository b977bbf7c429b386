"""issue 18: the site has its own icon (an SVG drawn for it), on every page and in the admin;
browsers no longer ask for /favicon.ico in vain."""

from pathlib import Path
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse

from partnerships.enums import Role
from tests.partnerships.factories import member

ICON = Path(settings.BASE_DIR) / "static" / "img" / "favicon.svg"


def test_the_icon_is_an_svg_with_a_title():
    root = ElementTree.parse(ICON).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.find("{http://www.w3.org/2000/svg}title").text == "Maillage"


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["login", "home", "admin:index"])
def test_pages_link_the_icon(client, name):
    user = member(Role.DIRECTOR)
    user.is_staff = True
    user.save()
    if name != "login":
        client.force_login(user)
    html = client.get(reverse(name)).content.decode()
    assert f'<link rel="icon" href="{static("img/favicon.svg")}" type="image/svg+xml">' in html
