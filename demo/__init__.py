"""Demo data: the facts of the five source documents, plus fictional households and users.

`load_demo()` (in `loader.py`) writes them idempotently; `python manage.py load_demo` runs it.
"""
