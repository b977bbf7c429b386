"""Conventions: list, detail, terms, parties, signature, amendments, renewal, termination."""

import datetime as dt

from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.compiled import compiled, remember_list
from common.pages import form_page, list_page, post_action, require_perm, url_maker
from common.templatetags.maillage import day
from partnerships import services
from partnerships.enums import ConventionKind, ConventionStatus, PartyRole, RenewalPolicy
from partnerships.filters import ConventionFilter
from partnerships.forms import (
    AmendmentForm,
    AmendmentProposalForm,
    CommitmentForm,
    ConventionForm,
    DenounceForm,
    NewConventionForm,
    PartyForm,
    RenewForm,
    SignForm,
    TerminateForm,
    TerminationProposalForm,
)
from partnerships.models import (
    ActivityKind,
    Amendment,
    AmendmentProposal,
    Commitment,
    Convention,
    ConventionPaper,
    ConventionParty,
    Termination,
    TerminationProposal,
)
from partnerships.perimeter import get_visible_or_404, per_user
from partnerships.selectors import ConventionRow, convention_page
from partnerships.views.papers import convention_papers

MANAGE = "partnerships.manage_convention"


def crumbs(convention: Convention | None = None) -> list[tuple[str, str]]:
    """The breadcrumb of a convention's pages, up to the page itself."""
    trail = [(_("Conventions"), reverse("partnerships:convention_list"))]
    if convention is not None:
        trail.append(
            (convention.reference, reverse("partnerships:convention_detail", args=[convention.pk]))
        )
    return trail


def _parse_date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def convention_list(request: HttpRequest) -> HttpResponse:
    # The page of keys is read on the conventions alone; convention_page reads what it shows.
    queryset = Convention.objects.visible_to(request.user).order_by("-start_date", "reference")
    context = list_page(
        request,
        queryset,
        ConventionFilter,
        paged=lambda rows: rows.values_list("pk", flat=True),
        export="partnerships:convention_export",
    )
    context["rows"] = convention_page(list(context["page_obj"].object_list))
    # Seen from today (columns kept by the services and the nightly run): a tacit convention
    # runs to its current term's end. The labels are looked up once here: get_FOO_display()
    # rebuilds its dictionary of choices at each call, a cell (issue 15).
    kinds, statuses = dict(ConventionKind.choices), dict(ConventionStatus.choices)
    roles = {value: str(label).lower() for value, label in PartyRole.choices}
    convention_url = url_maker("partnerships:convention_detail")
    # The rows written here, not by the template's loop (issue 15: a tenth of its cost).
    context["rows_html"] = mark_safe(
        "".join(
            _row_html(row, convention_url(row.pk), kinds, statuses, roles)
            for row in context["rows"]
        )
    )
    today = timezone.localdate()
    context["can_create"] = request.user.has_perm("partnerships.create_convention")
    context["today"] = today
    return render(request, "partnerships/convention_list.html", context)


def _row_html(convention: ConventionRow, url: str, kinds, statuses, roles) -> str:
    """A row of the convention list: the markup of the template it replaced (whitespace
    aside), every value escaped."""
    parties = "".join(
        f' <li>{escape(organisation)} <span class="mg-lead">({escape(roles[role])})</span></li>'
        for organisation, role in convention.parties
    )
    return (
        f'<tr> <th scope="row" class="mg-convention-cell">'
        f' <a href="{escape(url)}">{escape(convention.reference)}</a>'
        f' <span class="d-block fw-normal">{escape(convention.title)}</span>'
        f' <span class="d-block fw-normal small mg-lead">{escape(kinds[convention.kind])}</span>'
        f' </th> <td> <ul class="list-unstyled mb-0">{parties} </ul> </td>'
        f' <td class="text-nowrap">{escape(day(convention.start_date))}</td>'
        f' <td class="text-nowrap">{escape(day(convention.effective_end))}</td>'
        f' <td class="text-nowrap">{escape(day(convention.denounce_by) or "—")}</td>'
        f' <td><span class="mg-status mg-status-{escape(convention.status)}">'
        f"{escape(statuses[convention.status])}</span></td> </tr>"
    )


def _convention(request, pk: int, *, detail: bool = False) -> Convention:
    if not detail:
        # unscoped: handed to get_visible_or_404 below
        queryset = Convention.objects.select_related("parent").prefetch_related(
            Prefetch(
                "amendments",
                # unscoped: prefetch for the convention get_visible_or_404 loads
                queryset=Amendment.objects.select_related("denounced_by"),
            ),
            "terminations__by_organisation",
            "parties__organisation",
        )
        return get_visible_or_404(queryset, request.user, pk=pk)
    # The page's lists, each ordered on its own columns (the models' orderings would join the
    # convention again); what is rare (terminations, proposals, kinds of activity, papers) is
    # only read when the convention's row says there is some (issue 15: a query costs the
    # page more than its SQL; an EXISTS costs about as much Python as a plain query that
    # finds nothing, a prefetch that finds nothing twice that).
    convention = _page_convention.first(request.user, pk)
    if convention is None:
        raise Http404
    # Its amendments and parties, as prefetch_related would leave them, by statements
    # compiled once per process (issue 15).
    amendments = _page_amendments.list(convention.pk, convention=convention)
    remember_list(convention, "amendments", amendments)
    remember_list(convention, "parties", _page_parties.list(convention.pk, convention=convention))
    # The amendments that added or removed a party are the convention's, read above (not
    # joined again to each party); a convention framework is read only when there is one.
    by_pk = {amendment.pk: amendment for amendment in convention.amendments.all()}
    for party in convention.parties.all():
        if party.added_by_id in by_pk:
            party.added_by = by_pk[party.added_by_id]
        if party.removed_by_id in by_pk:
            party.removed_by = by_pk[party.removed_by_id]
    return convention


@per_user(int)
def _page_convention(user, pk):
    """The convention of the page, if the user sees it, with whether it has what is rare:
    compiled once per process for each user's perimeter (issue 15)."""
    # unscoped: subqueries bound to the convention visible_to loads
    kinds = ActivityKind.objects.filter(convention=OuterRef("pk"))
    # unscoped: subqueries bound to the convention visible_to loads
    amendment_proposals = AmendmentProposal.objects.filter(convention=OuterRef("pk"))
    # unscoped: subqueries bound to the convention visible_to loads
    termination_proposals = TerminationProposal.objects.filter(convention=OuterRef("pk"))
    # unscoped: subqueries bound to the convention visible_to loads
    papers = ConventionPaper.objects.filter(convention=OuterRef("pk"))
    # unscoped: subqueries bound to the convention visible_to loads
    terminations = Termination.objects.filter(convention=OuterRef("pk"))
    return (
        Convention.objects.annotate(
            has_activity_kinds=Exists(kinds),
            has_proposals=Exists(amendment_proposals) | Exists(termination_proposals),
            has_papers=Exists(papers),
            has_terminations=Exists(terminations),
        )
        .visible_to(user)
        .filter(pk=pk)
        .order_by()
    )


# The convention page's lists, by the id of the convention get_visible_or_404 loaded: built
# and compiled once per process (common/compiled.py, issue 15).
@compiled(int)
def _page_amendments(convention_id):
    return (
        # unscoped: the amendments of the convention get_visible_or_404 loads
        Amendment.objects.filter(convention_id=convention_id)
        .select_related("denounced_by")
        .order_by("number")
    )


@compiled(int)
def _page_parties(convention_id):
    return (
        # unscoped: the parties of the convention get_visible_or_404 loads
        ConventionParty.objects.filter(convention_id=convention_id)
        .select_related("organisation", "representative")
        .order_by("pk")
    )


@compiled(int)
def _page_children(convention_id):
    return (
        Convention(pk=convention_id)
        .children.order_by("-start_date", "reference")
        .values_list("pk", "reference", "kind")
    )


@compiled(int)
def _page_committees(convention_id):
    return (
        Convention(pk=convention_id)
        .committees.order_by("name", "pk")
        .values_list("pk", "name", "frequency")
    )


@compiled(int)
def _page_sheets(convention_id):
    return (
        Convention(pk=convention_id)
        .action_sheets.order_by("number", "pk")
        .values_list("pk", "number", "title")
    )


@compiled(int)
def _page_commitments(convention_id):
    return (
        # unscoped: the commitments of the parties of the convention _convention loaded
        Commitment.objects.filter(party__convention=convention_id)
        .order_by("party_id", "pk")
        .values_list("party_id", "text", "due_on")
    )


def _links(convention: Convention) -> dict:
    """The page's short lists (its local conventions, committees and action sheets, and the
    parties' commitments): the columns they show, not objects, each in a plain query ordered
    as before (issue 15: a UNION of the four, with the annotations that align their columns,
    cost twice the Python of four plain queries). Each party gets its `commitment_rows`."""
    kind_labels = dict(ConventionKind.choices)
    # (governance's choices, read from the field: partnerships does not import governance)
    frequency_labels = dict(convention.committees.model._meta.get_field("frequency").flatchoices)
    children = [
        {"pk": pk, "reference": reference, "kind_label": kind_labels.get(kind, kind)}
        for pk, reference, kind in _page_children.list(convention.pk)
    ]
    committees = [
        {"pk": pk, "name": name, "frequency_label": frequency_labels.get(frequency, frequency)}
        for pk, name, frequency in _page_committees.list(convention.pk)
    ]
    sheets = [
        {"pk": pk, "number": number, "title": title}
        for pk, number, title in _page_sheets.list(convention.pk)
    ]
    by_party = {}
    for party_id, text, due_on in _page_commitments.list(convention.pk):
        by_party.setdefault(party_id, []).append({"text": text, "due_on": due_on})
    for party in convention.parties.all():
        party.commitment_rows = by_party.get(party.pk, [])
    return {"children": children, "committees": committees, "sheets": sheets}


def _terminations(convention: Convention) -> list:
    """The convention's denunciations and terminations, read only when its row says it has."""
    if not convention.has_terminations:
        return []
    # unscoped: the terminations of the convention _convention loaded by visible_to
    terminations = Termination.objects.filter(convention=convention)
    return list(terminations.select_related("by_organisation").order_by("notified_on", "pk"))


def _proposals(convention: Convention) -> tuple[list, list]:
    """The amendments and terminations proposed to the convention's committee, if any."""
    if not convention.has_proposals:
        return [], []
    # unscoped: the proposals of the convention _convention loaded by visible_to
    amendments = AmendmentProposal.objects.filter(convention=convention)
    # unscoped: the proposals of the convention _convention loaded by visible_to
    terminations = TerminationProposal.objects.filter(convention=convention)
    return (
        list(amendments.select_related("amendment").order_by("proposed_on", "pk")),
        list(terminations.select_related("by_organisation").order_by("proposed_on", "pk")),
    )


def convention_detail(request: HttpRequest, pk: int) -> HttpResponse:
    convention = _convention(request, pk, detail=True)
    user = request.user
    today = timezone.localdate()
    # "Status at any date": ?au=AAAA-MM-JJ shows the convention as it stood that day.
    asked = _parse_date(request.GET.get("au"))
    on = asked or today
    can_manage = user.has_perm(MANAGE, convention)
    draft = convention.status in (ConventionStatus.DRAFT, ConventionStatus.AWAITING_SIGNATURE)
    amendment_proposals, termination_proposals = _proposals(convention)
    context = {
        "convention": convention,
        "on": on,
        "asked": asked,
        "bad_date": bool(request.GET.get("au")) and asked is None,
        "status_on": ConventionStatus(convention.status_on(on)),
        "end_on": convention.end_on(on),
        "term_end": convention.term_end_on(on),
        "notice_on": convention.last_day_to_denounce(on),
        "amount_on": convention.amount_in_force(on),
        "parties_on": convention.parties_on(on),
        "can_manage": can_manage,
        "can_edit": can_manage and not convention.signed_on,
        "can_submit": can_manage and convention.status == ConventionStatus.DRAFT,
        "can_sign": can_manage
        and convention.status == ConventionStatus.AWAITING_SIGNATURE
        and not convention.signed_on,
        "can_amend": can_manage and convention.in_force_on(today),
        "can_renew": can_manage
        and convention.renewal_policy == RenewalPolicy.BY_DECISION
        and convention.signed_on is not None,
        "can_end": can_manage and convention.in_force_on(today) and not draft,
        "report_years": range(
            convention.start_date.year, min(convention.end_in_force().year, today.year) + 1
        ),
        "can_edit_sheets": user.has_perm("partnerships.manage_action_sheet", convention),
        "can_record_activity": user.has_perm("partnerships.record_activity", convention),
        "can_report_incident": user.has_perm("partnerships.report_incident", convention),
        "amendment_proposals": amendment_proposals,
        "termination_proposals": termination_proposals,
        "amendments": convention.amendments.all(),
        "terminations": _terminations(convention),
        **_links(convention),
        **convention_papers(request, convention),
    }
    return render(request, "partnerships/convention_detail.html", context)


def convention_create(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "partnerships.create_convention")
    form = NewConventionForm(request.POST or None, user=request.user)

    def create(form):
        data = dict(form.cleaned_data)
        first = (data.pop("organisation"), data.pop("role"), None)
        return services.convention_create(by=request.user, parties=[first], **data)

    return form_page(
        request,
        form,
        create,
        done=lambda convention: _("Convention %(ref)s créée.") % {"ref": convention},
        success_url=lambda convention: reverse(
            "partnerships:convention_detail", args=[convention.pk]
        ),
        title=_("Nouvelle convention"),
        submit_label=_("Créer le brouillon"),
        back_url=reverse("partnerships:convention_list"),
        crumbs=crumbs(),
        intro=_(
            "Les termes se modifient librement jusqu'à la signature, puis uniquement par avenant."
        ),
    )


def convention_edit(request: HttpRequest, pk: int) -> HttpResponse:
    convention = _convention(request, pk)
    require_perm(request.user, MANAGE, convention)
    form = ConventionForm(request.POST or None, instance=convention, user=request.user)
    return form_page(
        request,
        form,
        lambda f: services.convention_update(
            convention=convention, by=request.user, **f.cleaned_data
        ),
        # The form wrote its input on the instance: read the stored terms again.
        refused=lambda error: convention.refresh_from_db(),
        done=_("Termes de la convention enregistrés."),
        success_url=reverse("partnerships:convention_detail", args=[pk]),
        title=_("Termes de la convention"),
        submit_label=_("Enregistrer"),
        back_url=reverse("partnerships:convention_detail", args=[pk]),
        crumbs=crumbs(convention),
        intro=_(
            "La convention est signée : seuls l'intitulé, l'objet et les territoires se "
            "modifient ici ; ses termes changent par avenant (CPOM FAS 2023-2025, art. 9)."
        )
        if convention.signed_on
        else "",
    )


def _convention_form(request, pk, form_class, action, *, form_kwargs=None, **page):
    """A form on one convention whose valid input goes to one service (`action`)."""
    convention = _convention(request, pk)
    require_perm(request.user, MANAGE, convention)
    kwargs = form_kwargs(convention) if form_kwargs else {}
    form = form_class(request.POST or None, **kwargs)
    return form_page(
        request,
        form,
        lambda f: action(convention, f),
        success_url=reverse("partnerships:convention_detail", args=[pk]),
        back_url=reverse("partnerships:convention_detail", args=[pk]),
        crumbs=crumbs(convention),
        **page,
    )


def party_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _convention_form(
        request,
        pk,
        PartyForm,
        lambda c, f: services.party_add(convention=c, by=request.user, **f.cleaned_data),
        title=_("Ajouter une partie"),
        submit_label=_("Ajouter"),
        done=_("Partie ajoutée."),
        form_kwargs=lambda c: {"user": request.user},
    )


def commitment_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _convention_form(
        request,
        pk,
        CommitmentForm,
        lambda c, f: services.commitment_add(by=request.user, **f.cleaned_data),
        title=_("Ajouter un engagement"),
        submit_label=_("Ajouter"),
        done=_("Engagement enregistré."),
        form_kwargs=lambda c: {"convention": c},
    )


@require_POST
def convention_submit(request: HttpRequest, pk: int) -> HttpResponse:
    convention = _convention(request, pk)
    require_perm(request.user, MANAGE, convention)
    return post_action(
        request,
        lambda: services.convention_submit(convention=convention, by=request.user),
        done=_("La convention est en attente de signature."),
        then=reverse("partnerships:convention_detail", args=[pk]),
    )


def convention_sign(request: HttpRequest, pk: int) -> HttpResponse:
    return _convention_form(
        request,
        pk,
        SignForm,
        lambda c, f: services.convention_sign(convention=c, by=request.user, **f.cleaned_data),
        title=_("Enregistrer la signature"),
        submit_label=_("Enregistrer la signature"),
        done=_("Signature enregistrée : la convention engage ses parties."),
    )


def amendment_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _convention_form(
        request,
        pk,
        AmendmentForm,
        lambda c, f: services.amendment_add(convention=c, by=request.user, **f.service_kwargs()),
        title=_("Nouvel avenant"),
        submit_label=_("Enregistrer l'avenant"),
        done=_("Avenant enregistré."),
        intro=_(
            "Un avenant change la date de fin, le montant, le renouvellement (régime, préavis) "
            "ou les parties ; les termes qu'il remplace restent lisibles dans l'historique."
        ),
        form_kwargs=lambda c: {"convention": c, "user": request.user},
    )


def amendment_propose(request: HttpRequest, pk: int) -> HttpResponse:
    return _convention_form(
        request,
        pk,
        AmendmentProposalForm,
        lambda c, f: services.amendment_propose(
            convention=c,
            by=request.user,
            **{k: v for k, v in f.cleaned_data.items() if v is not None},
        ),
        title=_("Proposer un avenant à l'instance de la convention"),
        submit_label=_("Proposer l'avenant"),
        done=_("Avenant proposé : il attend la décision de l'instance de la convention."),
        intro=_(
            "La proposition s'inscrit à l'ordre du jour de l'instance de la convention ; "
            "adoptée, l'avenant est enregistré avec sa décision ; refusée, la convention ne "
            "change pas. Un avenant déjà délibéré s'enregistre directement."
        ),
    )


def termination_propose(request: HttpRequest, pk: int) -> HttpResponse:
    return _convention_form(
        request,
        pk,
        TerminationProposalForm,
        lambda c, f: services.termination_propose(
            convention=c,
            by=request.user,
            **{k: v for k, v in f.cleaned_data.items() if v is not None},
        ),
        title=_("Proposer une dénonciation ou une résiliation à l'instance"),
        submit_label=_("Proposer"),
        done=_("Proposition enregistrée : elle attend la décision de l'instance."),
        intro=_(
            "Adoptée par l'instance de la convention, la lettre est enregistrée avec sa date "
            "de notification : préavis de la dénonciation (convention-cadre Nord × UDCCAS, "
            "§VII), mise en demeure "
            "préalable à la résiliation par le financeur (CPOM FAS 2023-2025, art. 9)."
        ),
        form_kwargs=lambda c: {"convention": c},
    )


def convention_renew(request: HttpRequest, pk: int) -> HttpResponse:
    return _convention_form(
        request,
        pk,
        RenewForm,
        lambda c, f: services.convention_renew(convention=c, by=request.user, **f.cleaned_data),
        title=_("Reconduire la convention"),
        submit_label=_("Enregistrer la reconduction"),
        done=_("Reconduction enregistrée."),
        intro=_(
            "Reconduction expresse, décidée par les parties (convention-cadre SOLiHA × MTA, "
            "art. VII)."
        ),
    )


def convention_denounce(request: HttpRequest, pk: int) -> HttpResponse:
    return _convention_form(
        request,
        pk,
        DenounceForm,
        lambda c, f: services.convention_denounce(convention=c, by=request.user, **f.cleaned_data),
        title=_("Dénoncer la convention"),
        submit_label=_("Enregistrer la dénonciation"),
        done=_("Dénonciation enregistrée ; la convention reste en vigueur pendant le préavis."),
        intro=_(
            "Par lettre recommandée avec accusé de réception ; la convention reste applicable "
            "durant le préavis (convention-cadre Nord × UDCCAS, §VII)."
        ),
        form_kwargs=lambda c: {"convention": c},
    )


def amendment_denounce(request: HttpRequest, pk: int) -> HttpResponse:
    """seed 002 §VII: one amendment denounced by a party, with the convention's notice."""
    amendment = get_visible_or_404(
        Amendment.objects.select_related("convention"), request.user, pk=pk
    )
    convention = _convention(request, amendment.convention_id)
    require_perm(request.user, MANAGE, convention)
    back = reverse("partnerships:convention_detail", args=[convention.pk])
    return form_page(
        request,
        DenounceForm(request.POST or None, convention=convention),
        lambda f: services.amendment_denounce(
            amendment=amendment, by=request.user, **f.cleaned_data
        ),
        done=_("Dénonciation de l'avenant enregistrée ; il reste applicable pendant le préavis."),
        success_url=back + "#titre-avenants",
        back_url=back,
        crumbs=crumbs(convention),
        title=_("Dénoncer l'avenant n° %(number)s") % {"number": amendment.number},
        submit_label=_("Enregistrer la dénonciation"),
        intro=_(
            "%(summary)s — Par lettre recommandée avec accusé de réception ; l'avenant reste "
            "applicable durant le préavis de %(months)s mois de la convention, puis la "
            "convention continue sans lui (convention-cadre Nord × UDCCAS, §VII)."
        )
        % {"summary": amendment.summary, "months": convention.notice_months}
        + (
            _(" Les conditions qu'il avait remplacées s'appliqueront de nouveau : %(terms)s.")
            % {"terms": amendment.replaced_terms_display()}
            if amendment.replaced_terms
            else ""
        ),
    )


def convention_terminate(request: HttpRequest, pk: int) -> HttpResponse:
    def terminate(convention, form):
        data = dict(form.cleaned_data)
        if data.get("amount_to_repay") is None:
            data.pop("amount_to_repay", None)
        services.convention_terminate(convention=convention, by=request.user, **data)

    return _convention_form(
        request,
        pk,
        TerminateForm,
        terminate,
        title=_("Résilier la convention"),
        submit_label=_("Enregistrer la résiliation"),
        done=_("Résiliation enregistrée."),
        intro=_(
            "Le financeur résilie après une mise en demeure restée sans effet ; le bénéficiaire "
            "peut renoncer à la participation (CPOM FAS 2023-2025, art. 9)."
        ),
        form_kwargs=lambda c: {"convention": c},
    )
