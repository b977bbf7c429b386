"""Login, the second factor, re-authentication, and the list of one's own sessions."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from partnerships.models import UserSession
from partnerships.perimeter import get_visible_or_404
from partnerships.security.forms import (
    CodeForm,
    CountedPasswordChangeForm,
    LoginForm,
    ReauthForm,
    ResetRequestForm,
)
from partnerships.security.lockout import count_attempt
from partnerships.security.policy import (
    BACK_PARAM,
    FILE_PARAM,
    mark_authenticated,
    needs_second_factor,
)
from partnerships.security.sessions import session_end
from partnerships.security.totp import (
    backup_device,
    confirm,
    confirmed_device,
    enrolment_mail_device,
    mailbox_proven,
    masked_address,
    pending_device,
    prove_mailbox,
    qr_code_data_uri,
    secret_for_humans,
    send_enrolment_code,
    tell_enrolled,
)


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = False


login = login_not_required(LoginView.as_view())


class PasswordChangeView(auth_views.PasswordChangeView):
    """The old password is checked through the lockout (issue 14)."""

    form_class = CountedPasswordChangeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class PasswordResetView(auth_views.PasswordResetView):
    """Self-service reset by e-mail (issue 14). Each request counts as an attempt on the
    address typed (rules 1 and 2 of the lockout); the page that follows is the same whether
    or not an account has that address."""

    form_class = ResetRequestForm
    email_template_name = "registration/email/password_reset.txt"
    subject_template_name = "registration/email/password_reset_subject.txt"

    def form_valid(self, form):
        if not count_attempt(self.request, form.cleaned_data["email"]):
            # AxesMiddleware turns it into the lockout page.
            return HttpResponse(status=settings.AXES_HTTP_RESPONSE_CODE)
        return super().form_valid(form)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """The link of the e-mail: valid PASSWORD_RESET_TIMEOUT (1 hour), and once, since the
    token is made from the password it changes. Setting the new password signs in (the
    second factor is still asked), which also ends a lockout of the account (rule 3)."""

    post_reset_login = True
    post_reset_login_backend = "partnerships.security.backends.ModelBackend"
    success_url = reverse_lazy("password_reset_complete")

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


password_reset = PasswordResetView.as_view()
password_reset_done = auth_views.PasswordResetDoneView.as_view()
password_reset_confirm = PasswordResetConfirmView.as_view()
password_reset_complete = auth_views.PasswordResetCompleteView.as_view()


def _next_url(request: HttpRequest, param: str = "next") -> str:
    wanted = request.POST.get(param) or request.GET.get(param) or ""
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse("home")


def _with_next(name: str, request: HttpRequest) -> HttpResponseRedirect:
    return redirect(f"{reverse(name)}?{urlencode({'next': _next_url(request)})}")


def otp_verify(request: HttpRequest) -> HttpResponse:
    """The second step of the login: a code of the user's authenticator application."""
    user = request.user
    if not needs_second_factor(user) or user.is_verified():
        return redirect(_next_url(request))
    device = confirmed_device(user)
    backup = backup_device(user)
    if device is None and backup is None:
        return _with_next("security:otp_setup", request)
    form = CodeForm(request.POST or None, device=device, backup=backup)
    if request.method == "POST" and form.is_valid():
        # The device whose code was accepted: the application's, or the backup codes.
        otp_login(request, form.device)
        mark_authenticated(request)
        return redirect(_next_url(request))
    context = {"form": form, "next": _next_url(request), "backup": backup is not None}
    return render(request, "registration/otp_verify.html", context)


def otp_setup(request: HttpRequest) -> HttpResponse:
    """First login of an account that needs a second factor: prove the mailbox with a code
    sent to the account's address, then enrol an authenticator app with a first code."""
    user = request.user
    if confirmed_device(user) is not None:
        return _with_next("security:otp_verify", request)
    if not mailbox_proven(request):
        return _mailbox_step(request)
    device = pending_device(user)
    form = CodeForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        confirm(device)
        otp_login(request, device)
        mark_authenticated(request)
        tell_enrolled(user)
        messages.success(request, _("La double authentification est activée sur votre compte."))
        return redirect(_next_url(request))
    context = {
        "form": form,
        "next": _next_url(request),
        "qr_code": qr_code_data_uri(device),
        # On the phone that carries the authenticator, a QR code cannot be scanned: the
        # same otpauth:// address as a link opens the application (issue 14).
        "otpauth_url": device.config_url,
        "secret": secret_for_humans(device),
    }
    return render(request, "registration/otp_setup.html", context)


def _mailbox_step(request: HttpRequest) -> HttpResponse:
    """Step 1 of the enrolment: the code sent by e-mail (asked for with the send button)."""
    device = enrolment_mail_device(request.user)
    sent = device.token is not None and device.valid_until > timezone.now()
    form = CodeForm(prefix="courriel", device=device)
    if request.method == "POST" and "envoyer" in request.POST:
        refusal = send_enrolment_code(device)
        if refusal:
            messages.error(request, refusal)
        else:
            messages.success(request, _("Le code d'activation est envoyé."))
        return _with_next("security:otp_setup", request)
    if request.method == "POST":
        form = CodeForm(request.POST, prefix="courriel", device=device)
        if form.is_valid():
            prove_mailbox(request)
            return _with_next("security:otp_setup", request)
    context = {
        "form": form,
        "sent": sent,
        "next": _next_url(request),
        "address": masked_address(request.user.email),
    }
    return render(request, "registration/otp_mailbox.html", context)


def reauth(request: HttpRequest) -> HttpResponse:
    """Type the password (and a code) again before a sensitive operation."""
    form = ReauthForm(request.POST or None, request=request)
    answers_file = (request.POST.get(FILE_PARAM) or request.GET.get(FILE_PARAM)) == "1"
    context = {
        "form": form,
        "next": _next_url(request),
        "answers_file": answers_file,
        "back": _next_url(request, BACK_PARAM) if answers_file else "",
    }
    if request.method == "POST" and form.is_valid():
        mark_authenticated(request)
        if answers_file:
            # The file is asked for by the page itself (an immediate refresh), which stays on
            # screen: the browser saves the file, the user reads that it is coming and has
            # the way back (issue 18: the form stayed displayed, as if nothing happened).
            return render(request, "registration/reauth_file.html", context)
        return redirect(context["next"])
    return render(request, "registration/reauth.html", context)


def session_list(request: HttpRequest) -> HttpResponse:
    sessions = UserSession.objects.visible_to(request.user)
    current = request.session.session_key
    return render(
        request,
        "registration/sessions.html",
        {"sessions": sessions, "current_key": current},
    )


@require_POST
def session_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_visible_or_404(UserSession.objects, request.user, pk=pk)
    if record.session_key == request.session.session_key:
        messages.error(request, _("Pour fermer la session en cours, déconnectez-vous."))
    else:
        session_end(record)
        messages.success(request, _("La session a été fermée."))
    return redirect("security:sessions")


@require_POST
def session_revoke_others(request: HttpRequest) -> HttpResponse:
    current = request.session.session_key
    ended = 0
    for record in UserSession.objects.visible_to(request.user).exclude(session_key=current):
        session_end(record)
        ended += 1
    messages.success(request, _("%(n)s autre(s) session(s) fermée(s).") % {"n": ended})
    return redirect("security:sessions")
