import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# This process serves requests: the database's timeouts of a web request apply (settings.py).
os.environ.setdefault("MAILLAGE_PROCESS", "web")
application = get_wsgi_application()

from config.checks import require_secret_key  # noqa: E402

require_secret_key()

from config.deadline import RequestDeadline  # noqa: E402

application = RequestDeadline(application, settings.REQUEST_DEADLINE_SECONDS)
