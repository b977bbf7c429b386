"""Who made a change: django-simple-history writes the author it finds on the row it saves."""


def as_author(obj, by):
    """Record `by` as the author of the history row the next save of `obj` writes."""
    obj._history_user = by
    return obj
