"""One admin base for every model: the perimeter decides rows, roles decide rights, and the
services decide writes (issue 13: the admin is a view over the services).

- Rows come from the model's `visible_to(user)`; an object outside it is a 404.
- An admin whose writes belong to the pages of Maillage (`pages`) only shows: nobody adds,
  changes or deletes there, superusers included, and each page of it says where the change is
  made. The others keep their `guarded_fields` read-only for everyone, superusers included.
- Every choice list, list filter, autocomplete answer and prefilled value offers only what the
  user may choose (`choices_for`): another organisation's rows never appear in a form.
- History shows past versions and never restores one.
"""

from html import escape as html_escape

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.utils import NotRelationField, get_fields_from_path
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.core.exceptions import (
    FieldDoesNotExist,
    ImproperlyConfigured,
    PermissionDenied,
    ValidationError,
)
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.http import Http404, HttpResponseNotAllowed
from django.urls import NoReverseMatch, reverse
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from common.choices import labelled
from common.paginators import CappedCountPaginator, rows_by_keys
from partnerships.enums import Role
from partnerships.perimeter import has_role, memberships, org_ids

STAFF_ROLES = (Role.DIRECTOR, Role.DEPARTMENT_STAFF)


# ------------------------------------------------------------------------ what a user may choose
def people_of(user):
    """The people of the user's structures (active memberships): the only users an admin form
    offers, as a volunteer, a referent or a member (issue 13 case 6)."""
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    return user_model.objects.filter(
        memberships__organisation__in=org_ids(user), memberships__is_active=True
    ).distinct()


def territories_of(user):
    """The territories where the user's structures work, and what lies within them."""
    territory = apps.get_model("partnerships", "Territory")
    own = {m.organisation_id for m in memberships(user)}
    roots = set(territory.objects.filter(organisations__in=own).values_list("path", flat=True)) | {
        m.territory.path for m in memberships(user) if m.territory_id
    }
    if not roots:
        return territory.objects.none()
    within = Q()
    for path in roots:
        within |= Q(path__startswith=path)
    return territory.objects.filter(within)


def choices_for(db_field, request):
    """The rows a relation may point to for this user, or None when any row will do.

    Organisations, conventions, households… come from `visible_to(user)` (an organisation is
    chosen as a party or a funder in the pages, never here); users are the people of the
    user's structures; territories those where the user's structures work."""
    user = request.user
    if user.is_superuser:
        return None
    related = db_field.remote_field.model
    if related._meta.label == settings.AUTH_USER_MODEL:
        return people_of(user)
    if related._meta.label_lower == "partnerships.territory":
        return territories_of(user)
    queryset = related._default_manager.all()
    if hasattr(queryset, "visible_to"):
        return queryset.visible_to(user)
    return None  # a shared reference (programme, domain of a programme…)


def _with_current(queryset, db_field, obj):
    """The object's own current value stays a valid choice (it is already its own)."""
    if obj is None or obj.pk is None or queryset is None:
        return queryset
    model = queryset.model
    if isinstance(db_field, models.ManyToManyField):
        current = list(getattr(obj, db_field.name).values_list("pk", flat=True))
    else:
        value = getattr(obj, db_field.attname, None)
        current = [value] if value is not None else []
    if not current:
        return queryset
    return model._default_manager.filter(Q(pk__in=queryset.values("pk")) | Q(pk__in=current))


def limit_choices_to_perimeter(db_field, request, kwargs, *, choices=None, obj=None) -> None:
    """Set the queryset of a foreign key or many-to-many form field to what the user may
    choose (`choices`, by default `choices_for`), keeping the object's current value."""
    if "queryset" in kwargs:
        return
    allowed = choices if choices is not None else choices_for(db_field, request)
    allowed = _with_current(allowed, db_field, obj)
    if allowed is not None:
        kwargs["queryset"] = allowed


class PerimeterRawIdWidget(ForeignKeyRawIdWidget):
    """The raw-id widget prints the label of the id it is given, read from the whole table: a
    form sent back with another organisation's id would show that row's name. This one reads
    the label within the field's choices only."""

    def __init__(self, rel, admin_site, queryset, **kwargs):
        super().__init__(rel, admin_site, **kwargs)
        self.queryset = queryset

    def label_and_url_for_value(self, value):
        key = self.rel.get_related_field().name
        try:
            self.queryset.get(**{key: value})
        except (ValueError, self.queryset.model.DoesNotExist, ValidationError):
            return "", ""
        return super().label_and_url_for_value(value)


class PerimeterRelatedFilter(admin.RelatedOnlyFieldListFilter):
    """A list filter on a relation offers the values of the rows the user sees, never every
    row of the related table (issue 13 case 6: another organisation's activity axes, kinds and
    measure envelopes were offered).

    Django reads them as `related IN (SELECT DISTINCT related FROM the rows)`. Without a
    perimeter (a superuser's list) that is a DISTINCT over the whole table: here each related
    row is asked whether a row points to it (one index probe each). Within a perimeter, the
    rows are those of the admin's `rows_to_read` (the same rows, in a form the database reads
    at the cost of the caseload: issue 15, a director's projects joined every project of the
    département to list their three programmes)."""

    def field_choices(self, field, request, model_admin):
        rows = model_admin.get_queryset(request).order_by()
        ordering = self.field_admin_ordering(field, request, model_admin)
        if rows.query.where:
            rows = model_admin.rows_to_read(request, rows)
            limit = {"pk__in": rows.values(f"{self.field_path}__pk")}
        else:
            limit = Q(Exists(rows.filter(**{self.field_path: OuterRef("pk")})))
        related = field.remote_field.model
        fields = getattr(related, "label_fields", None)
        if fields is None or field.choices is not None:
            return field.get_choices(include_blank=False, limit_choices_to=limit, ordering=ordering)
        # As Field.get_choices, reading only the pk and the fields of the name (the model's
        # label_fields: a superuser's 446 operators were read whole, a third of the page;
        # issue 15).
        key = field.remote_field.get_related_field().attname
        choices = related._default_manager.complex_filter(limit).only(key, *fields)
        if ordering:
            choices = choices.order_by(*ordering)
        return labelled(choices, key)

    def choices(self, changelist):
        """As Django's, each choice's query string made from one worked out for the page: a
        superuser's list of projects offers every operator, and each asked the change list
        to encode all its parameters again (issue 15)."""
        with_value = getattr(changelist, "query_string_with", None)
        if changelist.add_facets or with_value is None:
            yield from super().choices(changelist)
            return
        with_value = with_value(self.lookup_kwarg, [self.lookup_kwarg_isnull])
        for choice in super().choices(changelist):
            yield choice
            break  # « All »
        chosen = self.lookup_val
        for pk_val, val in self.lookup_choices:
            yield {
                "selected": chosen is not None and str(pk_val) in chosen,
                "query_string": with_value(pk_val),
                "display": val,
            }
        if self.include_empty_choice:
            yield {
                "selected": bool(self.lookup_val_isnull),
                "query_string": changelist.get_query_string(
                    {self.lookup_kwarg_isnull: "True"}, [self.lookup_kwarg]
                ),
                "display": self.empty_value_display,
            }


# ------------------------------------------------------------------------------- writes
class _Trial(Exception):
    """Raised to roll back a trial run of a service inside the form's validation."""


def validated_by_service(form_class, write, request):
    """A form whose validation runs the service (`write(request, form)`) in a savepoint that is
    rolled back: the service's domain error becomes the form's error and nothing is saved;
    a valid form is then saved by the same service in `save_model`."""

    class ServiceForm(form_class):
        def _post_clean(self):
            super()._post_clean()
            if self.errors:
                return
            try:
                with transaction.atomic():
                    write(request, self)
                    raise _Trial
            except _Trial:
                pass
            except PermissionDenied:
                self.add_error(None, _("Vous n'avez pas le droit de faire cette modification."))
            except ValidationError as error:
                self.add_error(None, error.messages)

    ServiceForm.__name__ = form_class.__name__
    return ServiceForm


class PerimeterChangeList(ChangeList):
    """Django's change list, reversing the change URL once per page instead of once per row
    (issue 15: the rows of a change list cost more than its SQL)."""

    _MARKER = 918273645546372819

    def get_query_string(self, new_params=None, remove=None):
        """As Django's, each parameter encoded once per page: a filter's choices ask for one
        query string each (446 operators in a superuser's list of projects at 100 000
        households), every one re-encoding all the parameters (issue 15)."""
        params = dict(self.filter_params)
        for prefix in remove or ():
            for key in list(params):
                if key.startswith(prefix):
                    del params[key]
        for key, value in (new_params or {}).items():
            if value is None:
                params.pop(key, None)
            else:
                params[key] = value
        encoded = (self._encoded(key, params[key]) for key in sorted(params))
        return "?" + "&".join(part for part in encoded if part)

    def _encoded(self, key, value) -> str:
        memo = self.__dict__.setdefault("_encoded_pairs", {})
        try:
            token = (key, tuple(value) if isinstance(value, list) else value)
            hash(token)
        except TypeError:
            return urlencode([(key, value)], doseq=True)
        if token not in memo:
            memo[token] = urlencode([(key, value)], doseq=True)
        return memo[token]

    def query_string_with(self, key, remove):
        """`get_query_string({key: value}, remove)` for the many values of one key (a filter's
        choices): the query string is worked out once, each integer put in its place (an
        integer encodes as itself, and the parameters are sorted by name)."""
        marker = str(self._MARKER)
        parts = self.get_query_string({key: self._MARKER}, remove).split(marker)

        def with_value(value):
            if type(value) is int and len(parts) == 2:
                return f"{parts[0]}{value}{parts[1]}"
            return self.get_query_string({key: value}, remove)

        return with_value

    def url_for_result(self, result):
        pk = getattr(result, self.pk_attname)
        if not isinstance(pk, int):
            return super().url_for_result(result)
        if "_change_url" not in self.__dict__:
            url = reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
                args=(self._MARKER,),
                current_app=self.model_admin.admin_site.name,
            )
            parts = url.split(str(self._MARKER))
            self._change_url = tuple(parts) if len(parts) == 2 else None
        if self._change_url is None:
            return super().url_for_result(result)
        before, after = self._change_url
        return f"{before}{pk}{after}"


def _director_only(user) -> bool:
    """A director who is neither department staff nor a superuser."""
    return (
        not user.is_superuser
        and has_role(user, Role.DIRECTOR)
        and not has_role(user, Role.DEPARTMENT_STAFF)
    )


def _verdicts(request) -> dict:
    """The answers about the user's rights, kept for the request: the side menu asks some
    60 admins up to five questions each, and every attribute of `request.user` (lazy twice:
    authentication, second factor) costs (issue 15). Kept with the user they are about."""
    user = request.user
    kept = request.__dict__.get("_perimeter_verdicts")
    if kept is None or kept[0] is not user:
        kept = request._perimeter_verdicts = (user, {})
    return kept[1]


class PerimeterAdmin(SimpleHistoryAdmin):
    """Rows come from the model's `visible_to(user)`; an object outside it is a 404."""

    view_roles: tuple[str, ...] = STAFF_ROLES
    edit_roles: tuple[str, ...] = STAFF_ROLES
    # Who may add, when the admin adds at all (by default, those who edit).
    add_roles: tuple[str, ...] | None = None
    # (URL name of the page, sentence): the pages make every change, the admin only shows.
    pages: tuple[str, str] | None = None
    # Listed on the home of the administration for a director (who uses a few models only).
    director_index: bool = False
    # Fields a rule of the domain guards: read-only on every form, superusers included.
    guarded_fields: tuple[str, ...] = ()
    # Fields read-only once the row exists (what the row was created for).
    fixed_fields: tuple[str, ...] = ()
    # False where a service creates the rows (a household comes with its referral…).
    addable = True
    # A service saves the form (`write`): its domain error is the form's error.
    writes_through_service = False
    # A saved row must be one the user sees (False: a row that enters no perimeter yet).
    saved_within_perimeter = True
    # Admin change lists paginate without counting a large table twice, nor in full once
    # (issue 7: at most 10 001 rows are counted).
    show_full_result_count = False
    paginator = CappedCountPaginator
    # Shared references (territories, programmes) are readable by every admin user.
    shared_reference = False
    # As the pages (common.pages.PER_PAGE): a change list of 50 rows spent more on rendering
    # its cells than on its SQL (issue 15).
    list_per_page = 25
    # The count reads the keys of a user's rows, and when there are no more than
    # `keys_first` of them, the page is read among those keys rather than by walking the
    # index of its sort over the whole département until a page of the user's rows is found
    # (issue 15: a director's households, 1 265 walked at 100 000 households for 25 rows).
    # 0: the page is read as Django reads it.
    keys_first = 0
    change_form_template = "admin/perimeter/change_form.html"
    change_list_template = "admin/perimeter/change_list.html"

    def get_changelist(self, request, **kwargs):
        return PerimeterChangeList

    def action_checkbox(self, obj):
        """Django's checkbox of a row, written directly: its widget's templates took 0.25 ms a
        row (issue 15)."""
        return self.action_checkboxes()(obj)

    def action_checkboxes(self):
        """`action_checkbox` for the rows of one page: its label translated once, not once
        a row (config/templatetags/admin_rows.py asks for it)."""
        label = _("Select this object for an action - {}")
        start = f'<input type="checkbox" name="{escape(helpers.ACTION_CHECKBOX_NAME)}" value="'

        def action_checkbox(obj):
            named = label.format(html_escape(str(obj)))
            return SafeString(  # as format_html: the name and the key escaped
                f'{start}{html_escape(str(obj.pk))}" class="action-select" aria-label="{named}">'
            )

        return action_checkbox

    # -------------------------------------------------------------------- rows and rights
    def get_queryset(self, request):
        """The perimeter's rows. On a page that only reads (GET), built once for the request
        and handed out as copies: the list, its filters' choices and its count each asked for
        it, and a perimeter of money rows costs 0.5 ms to build (issue 15). A write (POST)
        builds it at each call: what it changes may change the perimeter."""
        if request.method not in ("GET", "HEAD"):
            return self._perimeter_rows(request)
        verdicts = _verdicts(request)
        key = ("rows", self)
        if key not in verdicts:
            verdicts[key] = self._perimeter_rows(request)
        return verdicts[key].all()

    def _perimeter_rows(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        if not self._may(request, self.view_roles + self.edit_roles):
            return queryset.none()
        if self.shared_reference:
            return queryset
        return self.perimeter(request, queryset)

    def perimeter(self, request, queryset):
        """`queryset` restricted to the rows the user may see."""
        return queryset.visible_to(request.user)

    def rows_to_read(self, request, queryset, *, counting=False):
        """`queryset` (rows of the perimeter), in a form the database reads at the cost of
        the user's caseload: the list's count and its filters' choices read it (the list's
        own page of rows keeps the plain form, led by its ordering's index)."""
        return queryset

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        paginator = super().get_paginator(
            request, queryset, per_page, orphans, allow_empty_first_page
        )
        if isinstance(paginator, CappedCountPaginator) and queryset.query.where:
            counted = self.rows_to_read(request, queryset, counting=True)
            if counted is not queryset:
                paginator.counted = counted
            if self.keys_first and not request.user.is_superuser and not queryset.query.annotations:
                paginator.keys_cap = self.keys_first
                paginator.by_keys = lambda keys: rows_by_keys(queryset, keys)
        return paginator

    def _may(self, request, wanted) -> bool:
        verdicts = _verdicts(request)
        if wanted not in verdicts:
            verdicts[wanted] = self._decide(request.user, wanted)
        return verdicts[wanted]

    @staticmethod
    def _decide(user, wanted) -> bool:
        if not (user.is_active and user.is_staff):
            return False
        return user.is_superuser or has_role(user, *wanted)

    def _in_perimeter(self, request, obj) -> bool:
        return obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_module_permission(self, request):
        if not self._may(request, self.view_roles + self.edit_roles):
            return False
        verdicts = _verdicts(request)
        if "director_only" not in verdicts:
            verdicts["director_only"] = _director_only(request.user)
        if verdicts["director_only"]:
            # issue 18: a director's home lists only what they use; the other pages stay
            # reachable by their links, with the same rights.
            return self.director_index
        return True

    def has_view_permission(self, request, obj=None):
        return self._may(request, self.view_roles + self.edit_roles) and self._in_perimeter(
            request, obj
        )

    def has_change_permission(self, request, obj=None):
        if self.pages:
            return False
        return self._may(request, self.edit_roles) and self._in_perimeter(request, obj)

    def has_add_permission(self, request, obj=None):
        if self.pages or not self.addable:
            return False
        roles = self.add_roles if self.add_roles is not None else self.edit_roles
        return self._may(request, roles)

    def has_delete_permission(self, request, obj=None):
        # A row of the domain is never deleted here: its history and the rules that read it
        # (payments, approvals, terms) would be lost with it.
        return False

    # ------------------------------------------------------------------------------ forms
    def get_readonly_fields(self, request, obj=None):
        fields = [*super().get_readonly_fields(request, obj), *self.guarded_fields]
        if obj is not None:
            fields += self.fixed_fields
        return list(dict.fromkeys(fields))

    def choices(self, db_field, request):
        """What the user may choose for this relation (None: any row); admins refine it."""
        return choices_for(db_field, request)

    def get_form(self, request, obj=None, change=False, **kwargs):
        request._perimeter_object = obj
        form = super().get_form(request, obj, change=change, **kwargs)
        if self.writes_through_service:
            form = validated_by_service(form, self.write, request)
        return form

    def write(self, request, form):
        """Save the form through the service: an admin with `writes_through_service` says
        which service (HouseholdAdmin, OrganisationAdmin…)."""
        raise ImproperlyConfigured(f"{type(self).__name__} écrit par un service : définir write()")

    def save_model(self, request, obj, form, change):
        if self.writes_through_service:
            saved = self.write(request, form)
            obj.pk = saved.pk
            return
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        """The saved row must stay inside the perimeter of whoever saved it (issue 13 case 1:
        a director gave a role in another organisation). Outside it, the whole save is rolled
        back (the admin saves in one transaction) and the answer is a 404."""
        super().save_related(request, form, formsets, change)
        if self.saved_within_perimeter and not self._in_perimeter(request, form.instance):
            raise PermissionDenied

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        obj = getattr(request, "_perimeter_object", None)
        limit_choices_to_perimeter(
            db_field, request, kwargs, choices=self.choices(db_field, request), obj=obj
        )
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if formfield is not None and isinstance(formfield.widget, ForeignKeyRawIdWidget):
            formfield.widget = PerimeterRawIdWidget(
                db_field.remote_field, self.admin_site, formfield.queryset
            )
        return formfield

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        obj = getattr(request, "_perimeter_object", None)
        limit_choices_to_perimeter(
            db_field, request, kwargs, choices=self.choices(db_field, request), obj=obj
        )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        """`?household=<id>` prefills an add form: a value the user may not choose is dropped,
        so that the form never prints the label of a row outside the perimeter."""
        initial = super().get_changeform_initial_data(request)
        for name in list(initial):
            try:
                field = self.opts.get_field(name)
            except FieldDoesNotExist:
                continue
            if not field.is_relation:
                continue
            allowed = self.choices(field, request)
            if allowed is None:
                continue
            values = initial[name] if isinstance(initial[name], list) else [initial[name]]
            try:
                kept = allowed.filter(pk__in=values).count() == len(set(values))
            except (ValueError, ValidationError):
                kept = False
            if not kept:
                del initial[name]
        return initial

    # -------------------------------------------------------------- filters, autocomplete
    def get_list_filter(self, request):
        filters = []
        for entry in super().get_list_filter(request):
            if isinstance(entry, str):
                try:
                    last = get_fields_from_path(self.model, entry)[-1]
                except (FieldDoesNotExist, NotRelationField):
                    last = None
                if last is not None and last.is_relation:
                    entry = (entry, PerimeterRelatedFilter)
            filters.append(entry)
        return filters

    def get_search_results(self, request, queryset, search_term):
        """An autocomplete answers only the rows the asking form would accept."""
        queryset, distinct = super().get_search_results(request, queryset, search_term)
        match = getattr(request, "resolver_match", None)
        if match is not None and match.url_name == "autocomplete":
            allowed = autocomplete_choices(request, self.admin_site)
            if allowed is not None:
                queryset = queryset.filter(pk__in=allowed.values("pk"))
        return queryset, distinct

    # ---------------------------------------------------------------------------- views
    def pages_context(self) -> dict:
        if not self.pages:
            return {"pages_notice": "", "pages_url": ""}
        url_name, notice = self.pages
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            url = ""
        return {"pages_notice": notice, "pages_url": url}

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = {**self.pages_context(), **(extra_context or {})}
        return super().changeform_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**self.pages_context(), **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """A past version, to read: inside the perimeter only, for a model with a history.

        Never to restore: django-simple-history's "revert" saves the old version on POST with
        the view permission alone and around every service (a paid instalment back to "due",
        another organisation's IBAN). SIMPLE_HISTORY_REVERT_DISABLED only hides its button."""
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        if not hasattr(self.model._meta, "simple_history_manager_attribute"):
            raise Http404
        try:
            exists = self.get_queryset(request).filter(pk=object_id).exists()
        except (ValueError, ValidationError):
            exists = False
        if not exists:
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        if not hasattr(self.model._meta, "simple_history_manager_attribute"):
            raise Http404  # a model without a history (an activity kind) has none to show
        try:
            exists = self.get_queryset(request).filter(pk=object_id).exists()
        except (ValueError, ValidationError):
            exists = False
        if not exists:
            raise Http404
        return super().history_view(request, object_id, extra_context=extra_context)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Outside the perimeter or absent: the same 404, so existence does not leak.
        raise Http404


def autocomplete_choices(request, admin_site):
    """The rows the form asking an autocomplete accepts: the asking admin's `choices` for its
    field (or the generic `choices_for` for an inline's model)."""
    try:
        model = apps.get_model(request.GET["app_label"], request.GET["model_name"])
        field = model._meta.get_field(request.GET["field_name"])
    except (KeyError, LookupError, FieldDoesNotExist) as error:
        raise PermissionDenied from error
    asking = admin_site._registry.get(model)
    if isinstance(asking, PerimeterAdmin):
        return asking.choices(field, request)
    return choices_for(field, request)


class PerimeterInlineMixin:
    """Inlines are reached through their parent, already inside the perimeter. They show by
    default and write only when `editable` (rows no rule guards), and only when the parent
    itself may be changed; `guarded_fields` stay read-only even then."""

    editable = False
    # False where a service adds the rows (a household's members…).
    addable = True
    guarded_fields: tuple[str, ...] = ()
    extra = 0
    can_delete = False

    def _parent_admin(self):
        return self.admin_site._registry.get(self.parent_model)

    def choices(self, db_field, request):
        return choices_for(db_field, request)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        limit_choices_to_perimeter(
            db_field, request, kwargs, choices=self.choices(db_field, request)
        )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        limit_choices_to_perimeter(
            db_field, request, kwargs, choices=self.choices(db_field, request)
        )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return list(
            dict.fromkeys([*super().get_readonly_fields(request, obj), *self.guarded_fields])
        )

    def _parent_may_change(self, request, obj) -> bool:
        parent = self._parent_admin()
        if parent is None:
            return request.user.is_superuser
        if obj is None:
            return parent.has_add_permission(request)
        return parent.has_change_permission(request, obj)

    def has_view_permission(self, request, obj=None):
        parent = self._parent_admin()
        if parent is None:
            return request.user.is_superuser
        return parent.has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self.editable and self._parent_may_change(request, obj)

    def has_add_permission(self, request, obj=None):
        return self.editable and self.addable and self._parent_may_change(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.editable and self.can_delete and self._parent_may_change(request, obj)
