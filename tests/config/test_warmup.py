"""issue 15: a gunicorn worker compiles every template before its first request
(config/warmup.py, called by config/gunicorn.py's post_worker_init)."""

from django.template import engines

from config.warmup import template_names, warm_up


def test_every_template_is_compiled_before_the_first_request():
    names = template_names()
    assert {"base.html", "portal/search.html", "admin/search_form.html"} <= set(names)
    done = warm_up()
    assert done["templates"] == len(names)
    cached = engines["django"].engine.template_loaders[0].get_template_cache
    assert set(names) <= set(cached)
    # a template the loader did not find is cached as TemplateDoesNotExist, a class
    assert all(not isinstance(cached[name], type) for name in names)
