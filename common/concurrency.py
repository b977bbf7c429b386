"""Optimistic locking: two people saving the same row from stale copies.

A row that people edit carries a `version`. Its form sends back the version the person read;
the write takes the row with a conditional UPDATE (`… WHERE pk = %s AND version = %s`), atomic
on every database: of two writers holding the same version, the second matches no row and gets
a conflict instead of overwriting the first one's work (issue 8, "nothing is lost").
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _


class EditConflict(ValidationError):
    """Someone saved the row after this person read it: nothing was written. The French
    message says so (and, where the app knows, who and when); a page shows it as is."""


class VersionedForm(forms.Form):
    """Carries the version of the row the person read."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def _post_clean(self):
        super()._post_clean()
        # A hidden field's error would show nowhere: say it on the form itself.
        if self._errors.pop("version", None):
            self.add_error(
                None, _("Le formulaire est incomplet : rechargez la page puis recommencez.")
            )

    def refresh_version(self, version: int) -> None:
        """After a conflict: keep what the person typed, with the version now stored, so that
        saving again (after looking at the other change) is a deliberate choice."""
        data = self.data.copy()
        data[self.add_prefix("version")] = str(version)
        self.data = data


def claim(queryset: QuerySet, obj: Model, version: int) -> bool:
    """Move `obj` from `version` to the next one, or say False if someone changed it since."""
    taken = queryset.filter(pk=obj.pk, version=version).update(version=version + 1)
    if taken:
        obj.version = version + 1
    return bool(taken)


def last_change(obj: Model) -> str:
    """« par Camille Martin le 25/11/2026 à 15:02 », from the row's history when it has one."""
    history = getattr(obj, "history", None)
    record = history.select_related("history_user").first() if history is not None else None
    if record is None:
        return ""
    when = timezone.localtime(record.history_date)
    who = str(record.history_user) if record.history_user else _("un traitement automatique")
    return _("par %(who)s le %(day)s à %(time)s") % {
        "who": who,
        "day": when.strftime("%d/%m/%Y"),
        "time": when.strftime("%H:%M"),
    }


class VersionedModelForm(forms.ModelForm):
    """The admin's change form of a versioned model: the same check as the pages.

    The admin saves inside one transaction (ModelAdmin.changeform_view), so the row locked
    here stays locked until the save: on PostgreSQL a concurrent save waits, then sees the
    new version and conflicts."""

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["seen_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            return cleaned
        rows = type(self.instance)._default_manager.select_for_update().filter(pk=self.instance.pk)
        current = rows.values_list("version", flat=True).first()
        if cleaned.get("seen_version") is None:
            raise ValidationError(
                _("Le formulaire est incomplet : rechargez la page puis recommencez.")
            )
        if cleaned["seen_version"] != current:
            change = last_change(self.instance)
            raise ValidationError(
                _(
                    "Cette fiche a été modifiée %(change)s, après que vous l'avez ouverte. "
                    "Rien n'a été enregistré : ouvrez-la de nouveau pour voir la modification, "
                    "puis refaites la vôtre."
                )
                % {"change": change}
            )
        self.instance.version = current + 1
        return cleaned
