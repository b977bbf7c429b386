"""Committees and their members; meetings, attendance, minutes, decisions and agreements."""

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from governance import services
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
)
from governance.models import Committee, CommitteeMember, Decision, Meeting
from governance.schedule import committee_schedule
from governance.selectors import committees_for, with_schedule
from governance.services import GovernanceError
from governance.views.common import form_page, handle_form
from partnerships.perimeter import get_visible_or_404
from partnerships.views.common import form_error, paginate, query_without_page, require

RUN_COMMITTEE = "governance.run_committee"
RUN_MEETING = "governance.run_meeting"


def committee_list(request: HttpRequest) -> HttpResponse:
    queryset = with_schedule(committees_for(request.user)).order_by("name", "pk")
    filterset = CommitteeFilter(request.GET, queryset=queryset, request=request)
    page = paginate(request, filterset.qs)
    today = timezone.localdate()
    for committee in page.object_list:
        periods = committee_schedule(committee, today)
        committee.missed = sum(1 for p in periods if p.state(today) == "missed")
        committee.held = sum(len(p.meetings) for p in periods)
    return render(
        request,
        "governance/committee_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "committees": page.object_list,
            "query": query_without_page(request),
            "today": today,
        },
    )


def committee_create(request: HttpRequest) -> HttpResponse:
    form = CommitteeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        require(request.user, "partnerships.manage_convention", form.cleaned_data["convention"])
        try:
            committee = services.committee_create(by=request.user, **form.cleaned_data)
        except GovernanceError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Instance créée."))
            return redirect("governance:committee_detail", committee.pk)
    return form_page(
        request,
        form,
        title=_("Nouvelle instance"),
        submit=_("Créer"),
        back_url=reverse("governance:committee_list"),
    )


def _committee(request, pk: int) -> Committee:
    return get_visible_or_404(
        with_schedule(Committee.objects.select_related("convention", "organisation"))
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
            "today": today,
        },
    )


def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    committee = _committee(request, pk)
    require(request.user, RUN_COMMITTEE, committee)
    form = MemberForm(request.POST or None, user=request.user)
    return handle_form(
        request,
        form,
        lambda f: services.committee_member_add(
            committee=committee, by=request.user, **f.cleaned_data
        ),
        done=_("Membre ajouté."),
        success_url=reverse("governance:committee_detail", args=[pk]),
        title=_("Ajouter un membre à « %(name)s »") % {"name": committee.name},
        submit=_("Ajouter"),
        back_url=reverse("governance:committee_detail", args=[pk]),
        committee=committee,
    )


def meeting_add(request: HttpRequest, pk: int) -> HttpResponse:
    committee = _committee(request, pk)
    require(request.user, RUN_COMMITTEE, committee)
    form = MeetingForm(request.POST or None)
    return handle_form(
        request,
        form,
        lambda f: services.meeting_plan(committee=committee, by=request.user, **f.cleaned_data),
        done=_("Réunion prévue."),
        success_url=reverse("governance:committee_detail", args=[pk]),
        title=_("Prévoir une réunion de « %(name)s »") % {"name": committee.name},
        submit=_("Prévoir"),
        back_url=reverse("governance:committee_detail", args=[pk]),
        committee=committee,
    )


# -------------------------------------------------------------------------------- meetings
def meeting_list(request: HttpRequest) -> HttpResponse:
    queryset = (
        Meeting.objects.visible_to(request.user)
        .select_related("committee__convention")
        .order_by("-held_on", "pk")
    )
    filterset = MeetingFilter(request.GET, queryset=queryset, request=request)
    page = paginate(request, filterset.qs)
    return render(
        request,
        "governance/meeting_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "meetings": page.object_list,
            "query": query_without_page(request),
        },
    )


def _meeting(request, pk: int) -> Meeting:
    return get_visible_or_404(
        Meeting.objects.select_related("committee__convention", "committee__organisation"),
        request.user,
        pk=pk,
    )


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_visible_or_404(
        Meeting.objects.select_related(
            "committee__convention", "committee__organisation"
        ).prefetch_related(
            "attendances__organisation",
            "committee__members",
            Prefetch(
                "decisions",
                queryset=Decision.objects.select_related("convention").prefetch_related(
                    "agreements__organisation", "validated_reports"
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
    decisions = list(meeting.decisions.all())
    for decision in decisions:
        decision.can_agree = request.user.has_perm("governance.give_agreement", decision)
    return render(
        request,
        "governance/meeting_detail.html",
        {
            "meeting": meeting,
            "committee": meeting.committee,
            "attendances": attendances,
            "counts": counts,
            "decisions": decisions,
            "can_run": request.user.has_perm(RUN_MEETING, meeting),
        },
    )


def _meeting_form(request, pk, form_class, action, *, title, submit, done, form_kwargs=None):
    meeting = _meeting(request, pk)
    require(request.user, RUN_MEETING, meeting)
    form = form_class(request.POST or None, **(form_kwargs(meeting) if form_kwargs else {}))
    return handle_form(
        request,
        form,
        lambda f: action(meeting, f),
        done=done,
        success_url=reverse("governance:meeting_detail", args=[pk]),
        title=title,
        submit=submit,
        back_url=reverse("governance:meeting_detail", args=[pk]),
        committee=meeting.committee,
        meeting=meeting,
    )


def meeting_hold(request: HttpRequest, pk: int) -> HttpResponse:
    return _meeting_form(
        request,
        pk,
        HoldForm,
        lambda m, f: services.meeting_hold(meeting=m, by=request.user, **f.cleaned_data),
        title=_("Déclarer la réunion tenue"),
        submit=_("Déclarer tenue"),
        done=_("Réunion tenue."),
    )


def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _meeting_form(
        request,
        pk,
        CancelForm,
        lambda m, f: services.meeting_cancel(meeting=m, by=request.user, **f.cleaned_data),
        title=_("Annuler la réunion"),
        submit=_("Annuler la réunion"),
        done=_("Réunion annulée."),
    )


def meeting_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    return _meeting_form(
        request,
        pk,
        MinutesForm,
        lambda m, f: services.meeting_minutes(meeting=m, by=request.user, **f.cleaned_data),
        title=_("Compte rendu"),
        submit=_("Enregistrer le compte rendu"),
        done=_("Compte rendu enregistré."),
    )


def attendance_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _meeting_form(
        request,
        pk,
        AttendanceForm,
        lambda m, f: services.attendance_record(meeting=m, by=request.user, **f.cleaned_data),
        title=_("Enregistrer une présence"),
        submit=_("Enregistrer"),
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
        submit=_("Enregistrer la décision"),
        done=_("Décision enregistrée."),
        form_kwargs=lambda m: {"meeting": m, "user": request.user},
    )


def agreement_add(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_visible_or_404(
        Decision.objects.select_related("meeting__committee"), request.user, pk=pk
    )
    require(request.user, "governance.give_agreement", decision)
    form = AgreementForm(request.POST or None, user=request.user, decision=decision)
    if request.method == "GET" and not form.fields["organisation"].queryset.exists():
        messages.info(request, _("Chacune de vos structures a déjà répondu."))
        return redirect("governance:meeting_detail", decision.meeting_id)
    return handle_form(
        request,
        form,
        lambda f: services.agreement_record(decision=decision, by=request.user, **f.cleaned_data),
        done=_("Réponse de la structure enregistrée."),
        success_url=reverse("governance:meeting_detail", args=[decision.meeting_id]),
        title=_("Accord de la structure : %(title)s") % {"title": decision.title},
        submit=_("Enregistrer la réponse"),
        back_url=reverse("governance:meeting_detail", args=[decision.meeting_id]),
        intro=_(
            "La décision est acquise avec l'accord de chacune des structures (seed 000 art. IV)."
        ),
        committee=decision.meeting.committee,
        meeting=decision.meeting,
    )
