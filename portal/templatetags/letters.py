from django import template

from partnerships.models.organisations import with_article
from portal.letters.blocks import letters_block as build

register = template.Library()


@register.inclusion_tag("portal/letters/_block.html", takes_context=True)
def letters_block(context, obj):
    """`{% letters_block grant %}`: the « Courriers » block of an object's page."""
    return build(context, obj)


def _contracted(name: str, preposition: str) -> str:
    """« de » or « à » before an organisation's name, contracted as French writes it: du CHRS,
    de la Fédération, de l'Association, de SOLiHA; au Département, à la Ville, à l'Union."""
    named = with_article(name)
    forms = {"de": {"le ": "du ", "les ": "des "}, "à": {"le ": "au ", "les ": "aux "}}
    for article, contracted in forms[preposition].items():
        if named.startswith(article):
            return contracted + named.removeprefix(article)
    return f"{preposition} {named}"


@register.filter
def of_org(organisation) -> str:
    """`{{ sender|of_org }}` → « du Département du Pas-de-Calais »."""
    return _contracted(getattr(organisation, "name", str(organisation)), "de")


@register.filter
def to_org(organisation) -> str:
    """`{{ beneficiary|to_org }}` → « à la Fédération des Acteurs de la Solidarité »."""
    return _contracted(getattr(organisation, "name", str(organisation)), "à")
