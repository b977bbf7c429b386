"""The pages of an import: the templates to download, the upload, the dry run row by row,
the confirmation and its progress. Runs are seen by the person who uploaded them only."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from common.pages import perm_required
from partnerships.models import Organisation
from partnerships.perimeter import get_visible_or_404
from portal.imports import reading, runs
from portal.imports.households import ACTIONS, ERROR
from portal.models import ImportKind, ImportRun, ImportStatus

IMPORT = "portal.import_data"
KINDS = {
    "menages": ImportKind.HOUSEHOLDS,
    "organisations": ImportKind.ORGANISATIONS,
    "conventions": ImportKind.CONVENTIONS,
    "participations": ImportKind.GRANTS,
    "membres": ImportKind.MEMBERS,
}
SLUGS = {kind: slug for slug, kind in KINDS.items()}
ROWS_PER_PAGE = 100


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Que voulez-vous importer ?"), choices=(), required=False
    )
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Structure"),
        queryset=Organisation.objects.none(),
        empty_label=None,
        help_text=gettext_lazy(
            "Ménages : la structure qui les accompagne ; conventions : votre structure, partie "
            "à chacune ; participations : le financeur. L'import est journalisé pour elle."
        ),
    )
    file = forms.FileField(
        label=gettext_lazy("Fichier (CSV ou XLSX)"),
        help_text=gettext_lazy(
            "Partez du modèle. CSV séparé par « ; » ou « , », en UTF-8 ou Windows-1252."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.txt"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.kinds = kinds = runs.kinds_for(user)
        self.fields["kind"].choices = [(k, ImportKind(k).label) for k in kinds]
        allowed = {pk for kind in kinds for pk in runs.may_import_for(user, kind)}
        mine = (
            # unscoped: the structures the user belongs to, or every one for a superuser
            Organisation.objects.all()
            if user.is_superuser
            # unscoped: the structures the user belongs to, or every one for a superuser
            else Organisation.objects.filter(pk__in=allowed)
        )
        self.fields["organisation"].queryset = mine.order_by("name")

    def clean(self):
        data = super().clean()
        # Without a choice, the first kind the person may import (households for a structure).
        data["kind"] = kind = data.get("kind") or (self.kinds[0] if self.kinds else None)
        organisation = data.get("organisation")
        if (
            kind
            and organisation
            and not self.user.is_superuser
            and organisation.pk not in runs.may_import_for(self.user, kind)
        ):
            self.add_error(
                "organisation",
                _("Vous ne pouvez pas importer ce type de données pour cette structure."),
            )
        return data


@perm_required(IMPORT)
def import_home(request: HttpRequest) -> HttpResponse:
    """The imports: the templates, the upload form, the person's last runs."""
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                run = runs.import_check(
                    by=request.user,
                    organisation=form.cleaned_data["organisation"],
                    kind=form.cleaned_data["kind"],
                    upload=form.cleaned_data["file"],
                )
            except ValidationError as error:
                form.add_error("file", error)
            else:
                return redirect("portal:import_run", pk=run.pk)
        status = 400
    # The person's own runs and, for a director, those of the structure (the log of imports).
    recent = ImportRun.objects.visible_to(request.user).select_related(
        "organisation", "requested_by"
    )[:20]
    return render(
        request,
        "portal/imports/home.html",
        {
            "form": form,
            "runs": recent,
            "kinds": [
                {
                    "slug": SLUGS[kind],
                    "label": ImportKind(kind).label,
                    "columns": runs.importer(kind).COLUMNS,
                }
                for kind in runs.kinds_for(request.user)
            ],
        },
        status=status,
    )


@perm_required(IMPORT)
def import_template(request: HttpRequest, kind: str, file_format: str) -> HttpResponse:
    if (
        kind not in KINDS
        or file_format not in ("csv", "xlsx")
        or KINDS[kind] not in runs.kinds_for(request.user)
    ):
        raise Http404
    module = runs.importer(KINDS[kind])
    content = reading.template(module.COLUMNS, module.EXAMPLES, file_format)
    content_type = (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        if file_format == "xlsx"
        else "text/csv; charset=utf-8"
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="modele-import-{kind}.{file_format}"'
    return response


def import_run(request: HttpRequest, pk: int) -> HttpResponse:
    """The dry run row by row, then the progress and the outcome of the import."""
    run = get_visible_or_404(ImportRun.objects.select_related("organisation"), request.user, pk=pk)
    if request.htmx and request.GET.get("partial") == "progress":
        if request.GET.get("was") == ImportStatus.CHECKING and run.status != ImportStatus.CHECKING:
            # The dry run is over: the whole page, with its row by row report.
            response = HttpResponse(status=204)
            response["HX-Refresh"] = "true"
            return response
        return render(request, "portal/imports/_progress.html", {"run": run})
    only_errors = request.GET.get("erreurs") == "1"
    rows = [r for r in run.report if r[3] == ERROR] if only_errors else run.report
    page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/imports/run.html",
        {
            "run": run,
            "crumbs": [(_("Importer"), reverse("portal:import_home"))],
            "noun": getattr(runs.importer(run.kind), "NOUN", _("Ménages")),
            "key_header": getattr(runs.importer(run.kind), "KEY_HEADER", _("Référence")),
            "label_header": getattr(runs.importer(run.kind), "LABEL_HEADER", _("Personne")),
            "page_obj": page,
            "rows": [
                {
                    "line": r[0],
                    "reference": r[1],
                    "person": r[2],
                    "action": r[3],
                    "label": ACTIONS[r[3]],
                    "messages": r[4],
                }
                for r in page.object_list
            ],  # fmt: skip
            "only_errors": only_errors,
            "query": "erreurs=1" if only_errors else "",
            # Only the person who uploaded the file confirms it (a director reads it).
            "may_confirm": run.status == ImportStatus.CHECKED
            and (run.created or run.updated)
            and run.requested_by_id == request.user.pk,
        },
    )


@require_POST
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_visible_or_404(ImportRun.objects.all(), request.user, pk=pk)
    try:
        runs.import_confirm(run=run, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.info(request, _("Import lancé : la page suit son avancement."))
    return redirect("portal:import_run", pk=run.pk)
