"""The papers of a grant (issue 19): the bank identity statement (seed 001 art. 4.3), the
certified financial report and the certified budget copy (seed 001 art. 6), the Cerfa
financial report n° 15059 (seed 004 §7).

Who files them (`funding.attach_grant_paper`, funding/rules.py): the director or the
department staff of the beneficiary, which produces them, or the department staff of the
funder, who receive them; the same people may take a paper filed by mistake off the grant."""

from django.db import transaction
from django.utils.translation import gettext as _

from common.history import as_author
from common.papers import paper_discard, paper_fill
from common.uploads import UploadRefused
from funding.enums import GrantPaperKind, InstalmentStatus
from funding.errors import FundingError
from funding.models import Grant, GrantPaper, Instalment
from funding.rules import require

ATTACH = "funding.attach_grant_paper"


def has_bank_statement(grant: Grant) -> bool:
    """seed 001 art. 4.3: a bank identity statement is on file for the grant."""
    # unscoped: the service that pays has checked the person who acts
    return GrantPaper.objects.filter(grant=grant, kind=GrantPaperKind.BANK_STATEMENT).exists()


@transaction.atomic
def grant_paper_upload(*, grant: Grant, kind: str, dated, upload, by) -> GrantPaper:
    """File a paper of the grant; a file that is not a PDF, PNG or JPEG by its content, or
    too large, is refused with a French message and nothing stored."""
    require(by, ATTACH, grant)
    paper = GrantPaper(grant=grant)
    try:
        paper_fill(paper, kind=kind, dated=dated, upload=upload, by=by)
    except UploadRefused as error:
        raise FundingError(error.messages) from error
    as_author(paper, by).save()
    return paper


@transaction.atomic
def grant_paper_remove(*, paper: GrantPaper, by) -> None:
    """Take a paper off the grant. The last bank identity statement of a grant already paid
    stays: it is the proof the payment was made on a produced statement (seed 001 art. 4.3)."""
    paper = GrantPaper.objects.select_for_update().select_related("grant").get(pk=paper.pk)
    require(by, ATTACH, paper.grant)
    if paper.kind == GrantPaperKind.BANK_STATEMENT:
        others = GrantPaper.objects.filter(
            grant=paper.grant_id, kind=GrantPaperKind.BANK_STATEMENT
        ).exclude(pk=paper.pk)
        paid = Instalment.objects.filter(grant=paper.grant_id, status=InstalmentStatus.PAID)
        if paid.exists() and not others.exists():
            raise FundingError(
                _(
                    "Ce relevé d'identité bancaire est le seul de la participation et des "
                    "versements ont été faits sur sa base : il reste au dossier."
                )
            )
    as_author(paper, by)
    paper_discard(paper)
