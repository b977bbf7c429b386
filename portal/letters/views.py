"""The letters' two doors: write one about an object (POST), download one kept on the file.

Both answer 404 outside the perimeter: the object is loaded through its `visible_to`, the
letter through `Letter.objects.visible_to`."""

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from common.pages import post_action
from common.pdf import pdf_response
from households.audit import audit_record
from households.enums import AuditAction
from partnerships.perimeter import get_visible_or_404
from portal.letters.services import SPECS, letter_generate, may_issue
from portal.models import Letter


@require_POST
def letter_create(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    spec = SPECS.get(kind)
    if spec is None:
        raise Http404
    obj = get_visible_or_404(spec.model.objects.all(), request.user, pk=pk)
    if not may_issue(request.user, kind, obj):
        raise Http404  # as for an object outside the perimeter
    then = request.POST.get("next", "")
    if not then.startswith("/") or not url_has_allowed_host_and_scheme(
        then, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        then = "/"
    return post_action(
        request,
        lambda: letter_generate(
            kind=kind, obj=obj, by=request.user, reason=request.POST.get("reason", "")
        ),
        done=lambda letter: (
            _("Courrier %(reference)s généré : il est gardé au dossier.")
            % {"reference": letter.reference}
        ),
        then=then,
    )


def _household(letter: Letter):
    if letter.referral_id:
        return letter.referral.household
    if letter.project_id:
        return letter.project.household
    return None


@require_GET
def letter_download(request: HttpRequest, pk: int) -> HttpResponse:
    letter = get_visible_or_404(
        Letter.objects.select_related("referral__household", "project__household"),
        request.user,
        pk=pk,
    )
    household = _household(letter)
    if household is not None:  # a household's letter names its members: a read, logged
        audit_record(
            request=request,
            action=AuditAction.DOWNLOAD_DOCUMENT,
            household=household,
            detail=f"Courrier {letter.reference}",
        )
    return pdf_response(bytes(letter.content), letter.filename)
