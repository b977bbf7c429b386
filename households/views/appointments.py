"""Planned contacts (rendez-vous, issue 16): plan one, then mark it held or missed."""

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.pages import form_page, perm_required, post_action, require_perm
from households import services
from households.forms import AppointmentForm, AppointmentHeldForm
from households.models import Appointment
from households.views.households import crumbs
from households.views.lists import ACCESS
from households.views.projects import _project, _project_form
from partnerships.perimeter import get_visible_or_404


@perm_required(ACCESS)
def appointment_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    require_perm(request.user, "households.log_contact", project)
    form = AppointmentForm(request.POST or None, project=project)
    return _project_form(
        request,
        project,
        form,
        lambda f: services.appointment_plan(
            project=project,
            by=request.user,
            starts_at=f.starts_at(),
            medium=f.cleaned_data["medium"],
            place=f.cleaned_data["place"],
            duration_minutes=f.cleaned_data["duration_minutes"],
            participants=f.cleaned_data["participants"],
        ),
        success_url=project,
        done=_("Rendez-vous prévu : il figure dans l'agenda de ses participants."),
        title=_("Prévoir un rendez-vous"),
        submit_label=_("Prévoir le rendez-vous"),
    )


def _appointment(request, pk: int) -> Appointment:
    appointment = get_visible_or_404(
        Appointment.objects.select_related(
            "project__household", "project__programme", "project__operator"
        ),
        request.user,
        pk=pk,
    )
    require_perm(request.user, "households.log_contact", appointment.project)
    return appointment


@perm_required(ACCESS)
def appointment_held(request: HttpRequest, pk: int) -> HttpResponse:
    """The contact took place: noted as any contact, on the appointment's day."""
    appointment = _appointment(request, pk)
    project = appointment.project
    with_note = request.user.has_perm("households.read_confidential_notes", project.household)
    form = AppointmentHeldForm(
        request.POST or None,
        with_note=with_note,
        initial={"duration_minutes": appointment.duration_minutes},
    )
    return form_page(
        request,
        form,
        lambda f: services.appointment_hold(
            appointment=appointment, by=request.user, **f.cleaned_data
        ),
        success_url=project,
        done=_("Rendez-vous tenu : la rencontre est notée."),
        title=_("Rendez-vous tenu — %(appointment)s") % {"appointment": appointment},
        submit_label=_("Noter la rencontre"),
        back_url=project.get_absolute_url(),
        crumbs=crumbs(project.household, project),
    )


@perm_required(ACCESS)
@require_POST
def appointment_missed(request: HttpRequest, pk: int) -> HttpResponse:
    appointment = _appointment(request, pk)
    return post_action(
        request,
        lambda: services.appointment_miss(appointment=appointment, by=request.user),
        done=_("Rendez-vous noté comme manqué."),
        then=appointment.project,
    )
