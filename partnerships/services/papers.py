"""The papers of a convention (issue 19): the signed convention and its signed amendments,
filed by the staff of a party (`partnerships.attach_convention_paper`)."""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.history import as_author
from common.papers import paper_discard, paper_fill
from partnerships.enums import ConventionPaperKind
from partnerships.errors import ConventionError
from partnerships.models import Convention, ConventionPaper
from partnerships.services.base import require

ATTACH = "partnerships.attach_convention_paper"
NOT_YOURS = gettext_lazy(
    "Seuls la direction et les agents des parties à la convention en déposent les pièces."
)


@transaction.atomic
def convention_paper_upload(
    *, convention: Convention, kind: str, dated, upload, by, amendment=None
) -> ConventionPaper:
    """File a signed convention or a signed amendment; refuse a file that is not a PDF, PNG
    or JPEG by its content, or too large, with nothing stored."""
    require(by, ATTACH, convention, NOT_YOURS)
    if kind == ConventionPaperKind.SIGNED_AMENDMENT:
        if amendment is None:
            raise ConventionError(_("Indiquez l'avenant signé que ce document porte."))
        if amendment.convention_id != convention.pk:
            raise ConventionError(_("Cet avenant n'est pas un avenant de cette convention."))
    elif amendment is not None:
        raise ConventionError(_("Seul un avenant signé se rattache à un avenant."))
    paper = ConventionPaper(convention=convention, amendment=amendment)
    paper_fill(paper, kind=kind, dated=dated, upload=upload, by=by)
    as_author(paper, by).save()
    return paper


@transaction.atomic
def convention_paper_remove(*, paper: ConventionPaper, by) -> None:
    """Take a paper filed by mistake off the convention (its history keeps the trace)."""
    require(by, ATTACH, paper.convention, NOT_YOURS)
    as_author(paper, by)
    paper_discard(paper)
