"""What governance screens share, on top of partnerships' helpers."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from partnerships.views.common import form_error


def form_page(request, form, *, title, submit, back_url, intro="", status=None, **extra):
    context = {
        "form": form,
        "title": title,
        "submit": submit,
        "back_url": back_url,
        "intro": intro,
        **extra,
    }
    if status is None:
        status = 400 if request.method == "POST" else 200
    return render(request, "governance/form.html", context, status=status)


def handle_form(request, form, action, *, done, success_url, **page):
    """Valid input goes to one service; its domain error comes back on the form — including
    one raised by another app's receiver of a governance signal (funding's FundingError),
    whose transaction rolled the status change back."""
    if request.method == "POST" and form.is_valid():
        try:
            action(form)
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, done)
            return redirect(success_url)
    return form_page(request, form, **page)
