from django import template

from portal.letters.blocks import letters_block as build

register = template.Library()


@register.inclusion_tag("portal/letters/_block.html", takes_context=True)
def letters_block(context, obj):
    """`{% letters_block grant %}`: the « Courriers » block of an object's page."""
    return build(context, obj)
