from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, PasswordResetForm
from django.core.validators import MaxLengthValidator, MinLengthValidator
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_email.models import EmailDevice

from partnerships.security.totp import check_code, confirmed_device


class LoginForm(AuthenticationForm):
    """Django's form, with the messages in French and the e-mail as the user name."""

    username = forms.EmailField(
        label=_("Adresse e-mail"), widget=forms.EmailInput(attrs={"autofocus": True})
    )
    error_messages = {
        "invalid_login": _(
            "Adresse e-mail ou mot de passe incorrect. Après 10 échecs, le compte est "
            "bloqué pour cette adresse pendant 30 minutes."
        ),
        "inactive": _("Ce compte est désactivé."),
    }


def _code_field(required_message=None):
    return forms.CharField(
        label=_("Code à 6 chiffres"),
        min_length=6,
        max_length=6,
        strip=True,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]*"}
        ),
        error_messages={
            "required": required_message or _("Saisissez le code affiché par votre application."),
            "min_length": _("Le code compte 6 chiffres."),
            "max_length": _("Le code compte 6 chiffres."),
        },
    )


BACKUP_CODE_LENGTH = 8


class CodeForm(forms.Form):
    """The second factor: a code of the TOTP device (confirmed, or being enrolled), or, for
    an account that has them (the demonstration accounts only), a single-use backup code of
    8 digits. `self.device` is the device the accepted code belongs to."""

    token = _code_field()

    def __init__(self, *args, device, backup=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device
        self.backup = backup
        if isinstance(device, EmailDevice):
            self.fields["token"] = _code_field(_("Saisissez le code reçu par e-mail."))
            self.fields["token"].label = _("Code reçu par e-mail")
        elif backup is not None:
            field = self.fields["token"]
            field.max_length = BACKUP_CODE_LENGTH
            field.validators = [v for v in field.validators if not hasattr(v, "limit_value")]
            field.validators.append(MinLengthValidator(6))
            field.validators.append(MaxLengthValidator(BACKUP_CODE_LENGTH))
            field.widget.attrs["maxlength"] = str(BACKUP_CODE_LENGTH)
            if device is None:
                field.label = _("Code de secours à 8 chiffres")
                field.error_messages["required"] = _("Saisissez un de vos codes de secours.")
            else:
                field.label = _("Code à 6 chiffres, ou code de secours à 8 chiffres")
            field.error_messages["min_length"] = _(
                "Le code compte 6 chiffres, un code de secours 8."
            )
            field.error_messages["max_length"] = field.error_messages["min_length"]

    def clean_token(self):
        token = self.cleaned_data["token"]
        if self.backup is not None and (self.device is None or len(token) == BACKUP_CODE_LENGTH):
            refusal = check_code(self.backup, token)
            if refusal:
                raise forms.ValidationError(refusal)
            self.device = self.backup
            return token
        refusal = check_code(self.device, token)
        if refusal:
            raise forms.ValidationError(refusal)
        return token


class ReauthForm(forms.Form):
    """Before a sensitive operation: the password again, and a fresh code when enrolled."""

    password = forms.CharField(
        label=_("Mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.device = confirmed_device(request.user)
        if self.device is not None:
            self.fields["token"] = _code_field()

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        if password is None:
            return cleaned
        user = self.request.user
        # Through authenticate(): a locked-out account stays locked, failures are counted.
        checked = authenticate(self.request, username=user.email, password=password)
        if checked is None or checked.pk != user.pk:
            raise forms.ValidationError(_("Mot de passe incorrect."))
        token = cleaned.get("token")
        if self.device is not None and token:
            refusal = check_code(self.device, token)
            if refusal:
                self.add_error("token", refusal)
        return cleaned


class CountedPasswordChangeForm(PasswordChangeForm):
    """Django's form, whose old password goes through authenticate() with the request: each
    wrong guess is counted by the lockout, and a locked-out account is refused even the right
    one (issue 14: the form was a password oracle)."""

    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": _(
            "Mot de passe actuel incorrect. Après 10 échecs, la session est fermée et le "
            "compte bloqué pour cette adresse pendant 30 minutes."
        ),
    }

    def __init__(self, user, *args, request, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.request = request

    def clean_old_password(self):
        old_password = self.cleaned_data["old_password"]
        checked = authenticate(self.request, username=self.user.email, password=old_password)
        if checked is None or checked.pk != self.user.pk:
            raise forms.ValidationError(
                self.error_messages["password_incorrect"], code="password_incorrect"
            )
        return old_password


class ResetRequestForm(PasswordResetForm):
    """The address to send a reset link to; the page answers the same whether or not an
    account has it (Django sends nothing for an unknown or inactive one)."""

    email = forms.EmailField(
        label=_("Adresse e-mail de votre compte"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
        error_messages={
            "required": _("Saisissez l'adresse e-mail de votre compte."),
            "invalid": _("Saisissez une adresse e-mail valide, par exemple nom@structure.fr."),
        },
    )
