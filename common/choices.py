"""A field's choice label, read from a table built once per field.

Django's `get_FOO_display()` rebuilds the field's choices into a dictionary on every call,
translating each label to hash it: a few hundredths of a millisecond, paid per cell, which
added up to a tenth of a household's file (issue 15). The labels kept here are lazy: each is
translated into the language of the request that shows it."""

from functools import cache


@cache
def _labels(model, field_name: str) -> dict:
    return dict(model._meta.get_field(field_name).flatchoices)


def choice_label(instance, field_name: str):
    """What `instance.get_<field_name>_display()` gives, the value itself when it is not a
    choice."""
    value = getattr(instance, field_name)
    return _labels(type(instance), field_name).get(value, value)


def labelled(rows, key: str = "pk") -> list[tuple]:
    """(key, str(row)) for each row of the queryset `rows`, in its order. A model that says
    how its name is made (`label_fields`, and `label_of(*values)` for its __str__) is read as
    values, without a model instance per row (issue 15: a superuser's filter of 446 operators
    cost 2 ms of instances for 0.4 ms of SQL)."""
    model = rows.model
    fields, label_of = getattr(model, "label_fields", None), getattr(model, "label_of", None)
    if fields and label_of is not None:
        return [(value, label_of(*names)) for value, *names in rows.values_list(key, *fields)]
    return [(getattr(row, key), str(row)) for row in rows]
