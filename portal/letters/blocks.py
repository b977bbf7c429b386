"""The « Courriers » block of an object's page: its letters kept on the file, and a button per
letter the reader may write about it."""

from django.urls import reverse

from portal.letters.services import SPECS, kinds_for, may_issue
from portal.models import Letter, LetterKind


def letters_block(context, obj) -> dict:
    request = context["request"]
    user = request.user
    kinds = kinds_for(type(obj))
    field = SPECS[kinds[0]].field
    letters = list(
        Letter.objects.visible_to(user, about=field)
        .filter(**{field: obj})
        .select_related("created_by")
        .defer("content")
    )
    buttons = [
        {
            "kind": kind,
            "label": SPECS[kind].button,
            "url": reverse("portal:letter_create", args=[kind, obj.pk]),
            "reason": kind == LetterKind.CALL_OUTCOME,
        }
        for kind in kinds
        if may_issue(user, kind, obj)
    ]
    return {
        "letters": letters,
        "buttons": buttons,
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
        "anchor": f"courriers-{field}-{obj.pk}",
    }
