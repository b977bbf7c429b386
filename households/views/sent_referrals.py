"""A partner's own referrals (seed 004 §4): submitted in its organisation's name by its staff
with no professional role, who then read a receipt and the outcome — never the household's
file, which the coordinator and the designated operator follow."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from common.pages import PER_PAGE, form_page, perm_required
from households import services
from households.forms import PartnerReferralForm
from households.selectors import coordination_of, sent_referrals_for

READ = "households.read_sent_referrals"


@perm_required("households.submit_referral")
def referral_submit(request: HttpRequest) -> HttpResponse:
    return form_page(
        request,
        PartnerReferralForm(request.POST or None, user=request.user),
        lambda f: services.referral_receive_new_household(by=request.user, **f.cleaned_data),
        done=_("Saisine transmise."),
        success_url=lambda referral: reverse("households:referral_receipt", args=[referral.pk]),
        title=_("Transmettre une saisine"),
        submit_label=_("Transmettre la saisine"),
        back_url=reverse("households:referral_sent_list"),
        crumbs=((_("Mes saisines transmises"), reverse("households:referral_sent_list")),),
        intro=_(
            "Fiche saisine de la plateforme : tout partenaire peut saisir la plateforme pour "
            "un ménage confronté à une situation de parcours complexe liée au logement "
            "(cahier des charges ASRL, §4). Le coordinateur du territoire l'étudie et décide "
            "de l'orientation. Une fois transmise, la saisine ne vous est plus accessible que "
            "par son accusé de réception : le dossier du ménage est suivi par la plateforme."
        ),
    )


def _of(territory) -> str:
    """« de Lens-Hénin », « d'Artois », or the platform's without a coordinator."""
    if territory is None:
        return _("de la plateforme")
    elided = territory.name[:1].lower() in "aeiouyàâéèêîôû"
    return f"d’{territory.name}" if elided else f"de {territory.name}"


@perm_required(READ)
def referral_receipt(request: HttpRequest, pk: int) -> HttpResponse:
    # Another organisation's referral, or an unknown one: 404 (never 403).
    referral = get_object_or_404(sent_referrals_for(request.user), pk=pk)
    context = {
        "referral": referral,
        "orientation": getattr(referral, "orientation", None),  # None until decided
        "coordination": _of(coordination_of(referral.household.territory)),
    }
    return render(request, "households/referral_receipt.html", context)


@perm_required(READ)
def referral_sent_list(request: HttpRequest) -> HttpResponse:
    rows = sent_referrals_for(request.user).order_by("-received_on", "-pk")
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "rows": page.object_list,
        "query": "",
        "can_submit": request.user.has_perm("households.submit_referral"),
    }
    return render(request, "households/referral_sent_list.html", context)
