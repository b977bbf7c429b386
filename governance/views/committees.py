"""Committees and their members; meetings, attendance, minutes, decisions and agreements."""

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from common.pages import form_page, list_page, require_perm
from governance import services, voting
from governance.filters import CommitteeFilter, MeetingFilter
from governance.forms import (
    AgreementForm,
    AttendanceForm,
    CancelForm,
    CommitteeForm,
    DecisionForm,
    HoldForm,
    MeetingForm,
    MemberForm,
    MinutesForm,
    PublicationForm,
    SecretaryForm,
)
from governance.models import (
    AgendaItem,
    Attendance,
    Committee,
    CommitteeMember,
    Decision,
    DeliberationPaper,
    Meeting,
)
from governance.schedule import committee_schedule
from governance.selectors import committees_for, with_schedule
from partnerships.perimeter import get_visible_or_404

RUN_COMMITTEE = "governance.run_committee"
RUN_MEETING = "governance.run_meeting"
ATTACH_PAPER = "governance.attach_deliberation_paper"


def crumbs(committee: Committee | None = None, meeting: Meeting | None = None) -> list:
    """The breadcrumb of a governance page, up to the page itself."""
    trail = [(_("Gouvernance"), reverse("portal:due"))]
    if committee is not None:
        trail.append((committee.name, reverse("governance:committee_detail", args=[committee.pk])))
    if meeting is not None:
        label = _("Réunion du %(day)s") % {"day": date_format(meeting.held_on, "j F Y")}
        trail.append((label, reverse("governance:meeting_detail", args=[meeting.pk])))
    return trail


def committee_list(request: HttpRequest) -> HttpResponse:
    queryset = with_schedule(committees_for(request.user)).order_by("name", "pk")
    context = list_page(request, queryset, CommitteeFilter, export="governance:committee_export")
    today = timezone.localdate()
    for committee in context["rows"]:
        periods = committee_schedule(committee, today)
        committee.missed = sum(1 for p in periods if p.state(today) == "missed")
        committee.held = sum(len(p.meetings) for p in periods)
    context["today"] = today
    return render(request, "governance/committee_list.html", context)


def committee_create(request: HttpRequest) -> HttpResponse:
    form = CommitteeForm(request.POST or None, user=request.user)

    def create(form):
        convention = form.cleaned_data["convention"]
        require_perm(request.user, "partnerships.manage_convention", convention)
        return services.committee_create(by=request.user, **form.cleaned_data)

    return form_page(
        request,
        form,
        create,
        done=_("Instance créée."),
        success_url=lambda committee: reverse("governance:committee_detail", args=[committee.pk]),
        title=_("Nouvelle instance"),
        submit_label=_("Créer"),
        back_url=reverse("governance:committee_list"),
        crumbs=crumbs(),
    )


def _committee(request, pk: int) -> Committee:
    return get_visible_or_404(
        # unscoped: passed to get_visible_or_404 through with_schedule()
        with_schedule(Committee.objects.select_related("convention", "organisation", "secretary"))
        .prefetch_related(
            Prefetch(
                "members",
                queryset=CommitteeMember.objects.select_related("organisation").order_by(
                    "organisation__name", "full_name"
                ),
            )
        )
        .prefetch_related("convention__parties"),
        request.user,
        pk=pk,
    )


def committee_detail(request: HttpRequest, pk: int) -> HttpResponse:
    committee = _committee(request, pk)
    today = timezone.localdate()
    periods = committee_schedule(committee, today)
    for period in periods:
        period.state_label = period.get_state_display(today)
        period.state_code = period.state(today)
    return render(
        request,
        "governance/committee_detail.html",
        {
            "committee": committee,
            "periods": periods,
            "meetings": sorted(committee.meetings.all(), key=lambda m: m.held_on, reverse=True),
            "can_run": request.user.has_perm(RUN_COMMITTEE, committee),
            "rule": voting.rule_for(committee.kind),
        },
    )


def _committee_form(request, committee, form, action, **page) -> HttpResponse:
    url = reverse("governance:committee_detail", args=[committee.pk])
    return form_page(
        request,
        form,
        action,
        success_url=url,
        back_url=url,
        crumbs=crumbs(committee),
        **page,
    )


def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    committee = _committee(request, pk)
    require_perm(request.user, RUN_COMMITTEE, committee)
    return _committee_form(
        request,
        committee,
        MemberForm(request.POST or None, user=request.user),
        lambda f: services.committee_member_add(
            committee=committee, by=request.user, **f.cleaned_data
        ),
        done=_("Membre ajouté."),
        title=_("Ajouter un membre à « %(name)s »") % {"name": committee.name},
        submit_label=_("Ajouter"),
    )


def secretary_set(request: HttpRequest, pk: int) -> HttpResponse:
    committee = _committee(request, pk)
    require_perm(request.user, RUN_COMMITTEE, committee)
    return _committee_form(
        request,
        committee,
        SecretaryForm(
            request.POST or None,
            user=request.user,
            initial={"secretary": committee.secretary_id},
        ),
        lambda f: services.committee_secretary_set(
            committee=committee, by=request.user, **f.cleaned_data
        ),
        done=_("Secrétariat enregistré."),
        title=_("Secrétariat de « %(name)s »") % {"name": committee.name},
        submit_label=_("Enregistrer"),
    )


def meeting_add(request: HttpRequest, pk: int) -> HttpResponse:
    committee = _committee(request, pk)
    require_perm(request.user, RUN_COMMITTEE, committee)
    return _committee_form(
        request,
        committee,
        MeetingForm(request.POST or None),
        lambda f: services.meeting_plan(committee=committee, by=request.user, **f.cleaned_data),
        done=_("Réunion prévue."),
        title=_("Prévoir une réunion de « %(name)s »") % {"name": committee.name},
        submit_label=_("Prévoir"),
    )


# -------------------------------------------------------------------------------- meetings
def meeting_list(request: HttpRequest) -> HttpResponse:
    queryset = (
        Meeting.objects.visible_to(request.user)
        .select_related("committee__convention")
        .order_by("-held_on", "pk")
    )
    context = list_page(request, queryset, MeetingFilter, export="governance:meeting_export")
    return render(request, "governance/meeting_list.html", context)


def _meeting(request, pk: int) -> Meeting:
    return get_visible_or_404(
        Meeting.objects.select_related("committee__convention", "committee__organisation"),
        request.user,
        pk=pk,
    )


def decision_papers(request: HttpRequest, decisions) -> None:
    """Give each decision of the meeting's page its papers (prefetched), their links and
    whether the user may file one: no query per decision."""
    for decision in decisions:
        decision.may_attach = request.user.has_perm(ATTACH_PAPER, decision)
        decision.paper_list = list(decision.papers.all())
        decision.papers_anchor = f"pieces-{decision.pk}"
        for paper in decision.paper_list:
            paper.download_url = reverse("governance:deliberation_paper_download", args=[paper.pk])
            paper.remove_url = reverse("governance:deliberation_paper_remove", args=[paper.pk])


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_visible_or_404(
        Meeting.objects.select_related(
            "committee__convention", "committee__organisation"
        ).prefetch_related(
            Prefetch(
                "attendances",
                queryset=Attendance.objects.select_related("organisation", "proxy_holder"),
            ),
            "committee__members",
            # The rights on papers read the parties of the committee's convention.
            "committee__convention__parties",
            Prefetch(
                "items",
                # unscoped: items of the meeting get_visible_or_404 loads
                queryset=AgendaItem.objects.select_related(
                    "decision", "carried_from__meeting"
                ).order_by("position"),
            ),
            Prefetch(
                "decisions",
                # unscoped: prefetch of the decisions of the meeting get_visible_or_404 loads
                queryset=Decision.objects.select_related("convention").prefetch_related(
                    "agreements__organisation",
                    "validated_reports",
                    Prefetch(
                        "papers",
                        # unscoped: papers of the decisions of the meeting get_visible_or_404 loads
                        queryset=DeliberationPaper.objects.select_related("uploaded_by"),
                    ),
                ),
            ),
        ),
        request.user,
        pk=pk,
    )
    attendances = list(meeting.attendances.all())
    counts = {}
    for attendance in attendances:
        counts[attendance.get_status_display()] = counts.get(attendance.get_status_display(), 0) + 1
    tally = voting.count(meeting, attendances)
    decisions = list(meeting.decisions.all())
    for decision in decisions:
        decision.can_agree = request.user.has_perm("governance.give_agreement", decision)
    decision_papers(request, decisions)
    return render(
        request,
        "governance/meeting_detail.html",
        {
            "meeting": meeting,
            "committee": meeting.committee,
            "attendances": attendances,
            "counts": counts,
            "tally": tally,
            "rule": voting.rule_for(meeting.committee.kind),
            "decisions": decisions,
            "items": list(meeting.items.all()),
            "can_run": request.user.has_perm(RUN_MEETING, meeting),
        },
    )


def _meeting_form(request, pk, form_class, action, *, form_kwargs=None, **page):
    """A form on one meeting whose valid input goes to one service (`action`). The service's
    error comes back on the form, including one raised by another app's receiver of a
    governance signal (funding's FundingError), whose transaction rolled the change back."""
    meeting = _meeting(request, pk)
    require_perm(request.user, RUN_MEETING, meeting)
    form = form_class(request.POST or None, **(form_kwargs(meeting) if form_kwargs else {}))
    url = reverse("governance:meeting_detail", args=[pk])
    return form_page(
        request,
        form,
        lambda f: action(meeting, f),
        success_url=url,
        back_url=url,
        crumbs=crumbs(meeting.committee, meeting),
        **page,
    )


def meeting_hold(request: HttpRequest, pk: int) -> HttpResponse:
    return _meeting_form(
        request,
        pk,
        HoldForm,
        lambda m, f: services.meeting_hold(meeting=m, by=request.user, **f.cleaned_data),
        title=_("Déclarer la réunion tenue"),
        submit_label=_("Déclarer tenue"),
        done=_("Réunion tenue."),
    )


def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _meeting_form(
        request,
        pk,
        CancelForm,
        lambda m, f: services.meeting_cancel(meeting=m, by=request.user, **f.cleaned_data),
        title=_("Annuler la réunion"),
        submit_label=_("Annuler la réunion"),
        done=_("Réunion annulée."),
    )


def meeting_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    return _meeting_form(
        request,
        pk,
        MinutesForm,
        lambda m, f: services.meeting_minutes(meeting=m, by=request.user, **f.cleaned_data),
        title=_("Compte rendu"),
        submit_label=_("Enregistrer le compte rendu"),
        done=_("Compte rendu enregistré."),
    )


def attendance_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _meeting_form(
        request,
        pk,
        AttendanceForm,
        lambda m, f: services.attendance_record(meeting=m, by=request.user, **f.cleaned_data),
        title=_("Enregistrer une présence"),
        submit_label=_("Enregistrer"),
        done=_("Présence enregistrée."),
        form_kwargs=lambda m: {"meeting": m},
    )


def decision_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _meeting_form(
        request,
        pk,
        DecisionForm,
        lambda m, f: services.decision_record(meeting=m, by=request.user, **f.service_kwargs()),
        title=_("Enregistrer une décision"),
        submit_label=_("Enregistrer la décision"),
        done=_("Décision enregistrée."),
        form_kwargs=lambda m: {"meeting": m, "user": request.user},
    )


def agreement_add(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_visible_or_404(
        Decision.objects.select_related("meeting__committee"), request.user, pk=pk
    )
    require_perm(request.user, "governance.give_agreement", decision)
    form = AgreementForm(request.POST or None, user=request.user, decision=decision)
    if request.method == "GET" and not form.fields["organisation"].queryset.exists():
        messages.info(request, _("Chacune de vos structures a déjà répondu."))
        return redirect("governance:meeting_detail", decision.meeting_id)
    url = reverse("governance:meeting_detail", args=[decision.meeting_id])
    return form_page(
        request,
        form,
        lambda f: services.agreement_record(decision=decision, by=request.user, **f.cleaned_data),
        done=_("Réponse de la structure enregistrée."),
        success_url=url,
        title=_("Accord de la structure : %(title)s") % {"title": decision.title},
        submit_label=_("Enregistrer la réponse"),
        back_url=url,
        crumbs=crumbs(decision.meeting.committee, decision.meeting),
        intro=_(
            "La décision est acquise avec l'accord de chacune des structures "
            "(convention-cadre SOLiHA × MTA, art. IV)."
        ),
    )


def deliberation_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """seed 001: sending to the legality control and publication make it enforceable."""
    decision = get_visible_or_404(
        Decision.objects.select_related("meeting__committee"), request.user, pk=pk
    )
    require_perm(request.user, RUN_MEETING, decision.meeting)
    url = reverse("governance:meeting_detail", args=[decision.meeting_id])
    return form_page(
        request,
        PublicationForm(request.POST or None),
        lambda f: services.deliberation_publish(
            decision=decision, by=request.user, **f.cleaned_data
        ),
        done=_("Transmission et publication enregistrées : la délibération est exécutoire."),
        success_url=url,
        title=_("Transmission et publication : %(title)s") % {"title": decision},
        submit_label=_("Enregistrer"),
        back_url=url,
        crumbs=crumbs(decision.meeting.committee, decision.meeting),
        intro=_(
            "Une délibération est exécutoire une fois transmise au contrôle de légalité et "
            "publiée ; une convention qu'elle autorise ne se signe pas avant."
        ),
    )
