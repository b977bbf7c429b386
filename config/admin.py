"""The administration's site (issue 18): a director's home starts with the projects awaiting
their structure's agreement, each approved or refused with one button and a confirmation
(households/admin_approvals.py). Everything else is Django's admin site."""

from functools import partial

from django.apps import apps
from django.contrib import admin
from django.urls import NoReverseMatch, get_script_prefix, path, reverse
from django.utils.text import capfirst
from django.utils.translation import get_language

from households.admin_approvals import approve_view, refuse_view
from households.approvals import pending_approvals
from partnerships.enums import Role
from partnerships.perimeter import has_role


class MaillageAdminSite(admin.AdminSite):
    def index(self, request, extra_context=None):
        is_director = has_role(request.user, Role.DIRECTOR)
        context = {
            "shows_approvals": is_director,
            "pending_approvals": pending_approvals(request.user) if is_director else [],
            **(extra_context or {}),
        }
        return super().index(request, context)

    def get_urls(self):
        own = [
            path(
                "a-approuver/<int:pk>/approuver/",
                self.admin_view(partial(approve_view, admin_site=self)),
                name="project_approve",
            ),
            path(
                "a-approuver/<int:pk>/refuser/",
                self.admin_view(partial(refuse_view, admin_site=self)),
                name="project_refuse",
            ),
        ]
        return own + super().get_urls()

    # --------------------------------------------------------------- the list of models
    # Every admin page lists the models its user may open (the side menu): 63 for a superuser.
    # Django builds it on each page with two URL reversals, a translated name per model and a
    # sort comparing lazy translations, which cost a change list more than its SQL (issue 15).
    # The names, URLs and order depend only on the language and the URL prefix: they are
    # worked out once; the rights are still asked of each admin on every page.
    def _catalogue(self) -> list[dict]:
        key = (get_language(), get_script_prefix(), tuple(self._registry))
        cached = getattr(self, "_catalogue_cache", None)
        if cached is not None and cached[0] == key:
            return cached[1]
        catalogue = {}
        for model in self._registry:
            app_label, model_name = model._meta.app_label, model._meta.model_name
            if app_label not in catalogue:
                catalogue[app_label] = {
                    "name": str(apps.get_app_config(app_label).verbose_name),
                    "app_label": app_label,
                    "app_url": reverse(
                        "admin:app_list", kwargs={"app_label": app_label}, current_app=self.name
                    ),
                    "models": [],
                }
            catalogue[app_label]["models"].append(
                {
                    "model": model,
                    "name": str(capfirst(model._meta.verbose_name_plural)),
                    "object_name": model._meta.object_name,
                    "admin_url": self._reverse_or_none(
                        f"admin:{app_label}_{model_name}_changelist"
                    ),
                    "add_url": self._reverse_or_none(f"admin:{app_label}_{model_name}_add"),
                }
            )
        ordered = sorted(catalogue.values(), key=lambda app: app["name"].lower())
        for app in ordered:
            app["models"].sort(key=lambda entry: entry["name"])
        self._catalogue_cache = (key, ordered)
        return ordered

    def _reverse_or_none(self, name: str) -> str | None:
        try:
            return reverse(name, current_app=self.name)
        except NoReverseMatch:
            return None

    def get_app_list(self, request, app_label=None):
        """As Django's (same keys, same order), with the rights of this user on this page;
        computed once per request (the home asks for it twice)."""
        memo = request.__dict__.setdefault("_admin_app_lists", {})
        if app_label not in memo:
            memo[app_label] = self._app_list(request, app_label)
        return memo[app_label]

    def _app_list(self, request, app_label):
        app_list = []
        for app in self._catalogue():
            if app_label and app["app_label"] != app_label:
                continue
            models = []
            for entry in app["models"]:
                model_admin = self._registry[entry["model"]]
                if not model_admin.has_module_permission(request):
                    continue
                perms = model_admin.get_model_perms(request)
                if True not in perms.values():
                    continue
                model_dict = {**entry, "perms": perms}
                if not (perms.get("change") or perms.get("view")):
                    model_dict["admin_url"] = None
                else:
                    model_dict["view_only"] = not perms.get("change")
                if not perms.get("add"):
                    model_dict["add_url"] = None
                models.append(model_dict)
            if models:
                app_list.append(
                    {
                        "name": app["name"],
                        "app_label": app["app_label"],
                        "app_url": app["app_url"],
                        "has_module_perms": True,
                        "models": models,
                    }
                )
        return app_list
