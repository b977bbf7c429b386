"""Maillage settings: everything that varies between machines comes from the environment.

Defaults suit a laptop and the tests (SQLite, immediate background tasks, local files);
production sets DATABASE_URL, SECRET_KEY, ALLOWED_HOSTS and keeps DEBUG off.
"""

from pathlib import Path

import dj_database_url
from django.core.management.utils import get_random_secret_key
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("MAILLAGE_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = env_str("SECRET_KEY")
# Management commands and tests may run without one (an ephemeral key is made up); the
# web server refuses to start without it when DEBUG is off (config/wsgi.py, config/checks.py).
SECRET_KEY_FROM_ENV = bool(SECRET_KEY)
if not SECRET_KEY:
    SECRET_KEY = "django-insecure-" + get_random_secret_key()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "config.apps.MaillageAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "simple_history",
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_email",
    # Backup codes: only the demo accounts get them (demo/backup_codes.py).
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    # django-ninja: the read API (portal/api/); listed so that its documentation page uses
    # the Swagger UI files it ships (static/ninja/) instead of a CDN.
    "ninja",
    "config",
    "common",
    "partnerships",
    "partnerships.security.apps.SecurityConfig",
    "governance",
    "funding",
    "households",
    "portal",
    "demo",
]

MIDDLEWARE = [
    "partnerships.security.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Nothing the application answers is cached (personal data): common/middleware.py.
    "common.middleware.NoStoreMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # django-otp's, its device read by a compiled statement (issue 15).
    "partnerships.security.middleware.OTPMiddleware",
    # Idle and absolute session timeouts, the list of a user's sessions, and the TOTP step
    # required of every account that can read personal data (partnerships/security/).
    "partnerships.security.middleware.SessionPolicyMiddleware",
    "partnerships.security.middleware.SecondFactorMiddleware",
    "partnerships.security.middleware.PermissionsPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    # One refusal policy: PermissionDenied answers 404, never 403 (common/middleware.py).
    "common.middleware.RefusalAs404Middleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.navigation",
            ],
            # `{% url %}` with its addresses remembered per process (issue 15).
            "builtins": ["common.templatetags.cached_url"],
        },
    },
]

if not env_str("DATABASE_URL"):
    # The embedded default: a SQLite file that `migrate` creates on a fresh checkout.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 0),
    )
}
# A sick database fails fast (docs/deployment.md, "Base de données lente ou figée"). Every
# process gives up connecting after DB_CONNECT_TIMEOUT seconds. A process that serves requests
# (config/wsgi.py sets MAILLAGE_PROCESS=web) also stops a statement, a lock wait and an idle
# transaction after a few seconds, and answers every request within REQUEST_DEADLINE_SECONDS
# (config/deadline.py): the French 500 page instead of a worker killed by gunicorn. Commands,
# migrations and background tasks keep no statement limit: a report or an index takes its time.
SERVES_REQUESTS = env_str("MAILLAGE_PROCESS") == "web"
DB_CONNECT_TIMEOUT = env_int("DB_CONNECT_TIMEOUT", 3)
DB_STATEMENT_TIMEOUT_MS = env_int("DB_STATEMENT_TIMEOUT_MS", 7000 if SERVES_REQUESTS else 0)
DB_LOCK_TIMEOUT_MS = env_int("DB_LOCK_TIMEOUT_MS", 3000 if SERVES_REQUESTS else 0)
DB_IDLE_IN_TRANSACTION_TIMEOUT_MS = env_int(
    "DB_IDLE_IN_TRANSACTION_TIMEOUT_MS", 30000 if SERVES_REQUESTS else 0
)
REQUEST_DEADLINE_SECONDS = env_int("REQUEST_DEADLINE_SECONDS", 9)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "partnerships.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses any login attempt of a locked-out user before a password is checked.
    "partnerships.security.backends.LockoutBackend",
    "rules.permissions.ObjectPermissionBackend",
    # Django's ModelBackend, the session's user read by a statement compiled once (issue 15).
    "partnerships.security.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Django's list is English: add the French favourites and keyboard runs (azerty…).
    {"NAME": "partnerships.security.passwords.FrenchCommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# French first; gettext everywhere so that English also works.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("Anglais"))]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
PRIVATE_MEDIA_ROOT = VAR_DIR / "private"
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or env_bool("MAILLAGE_PLAIN_STATIC", default=False)
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        ),
    },
}
# No MEDIA_URL: uploaded documents are only served through permission-checked views.
MAX_UPLOAD_SIZE = env_int("MAX_UPLOAD_SIZE", 10 * 1024 * 1024)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"),
    }
}

# ------------------------------------------------------------ exports of any size (issue 15)
# An export of more rows becomes a background job (« Mes exports », portal/exports.py); its
# file is kept EXPORT_RETENTION_DAYS days, then `purge_exports` deletes it.
EXPORT_SYNC_MAX_ROWS = env_int("EXPORT_SYNC_MAX_ROWS", 5000)
EXPORT_RETENTION_DAYS = env_int("EXPORT_RETENTION_DAYS", 7)

SESSION_ENGINE = env_str("SESSION_ENGINE", "common.sessions.db")
# ---------------------------------------------------------------- authentication and sessions
# docs/security.md says why each value; partnerships/security/ applies them.
# A session ends after 30 minutes without a request, and 12 hours after the login whatever.
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT", 30 * 60)
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 12 * 3600)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# Exports of personal data and bank details ask for the password again after this many minutes.
RECENT_AUTH_MINUTES = env_int("RECENT_AUTH_MINUTES", 15)
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Maillage")
# django-axes: at most 10 failures (CNIL recommendation on passwords), counted per account
# *and* address, so that nobody locks out a colleague, nor an office behind one NAT.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Two more rules over axes' log of failures (partnerships/security/lockout.py): one address
# trying many accounts, and one account tried from many addresses (issue 14).
LOCKOUT_ADDRESS_LIMIT = env_int("LOCKOUT_ADDRESS_LIMIT", 30)
LOCKOUT_ADDRESS_MINUTES = env_int("LOCKOUT_ADDRESS_MINUTES", 30)
LOCKOUT_ACCOUNT_LIMIT = env_int("LOCKOUT_ACCOUNT_LIMIT", 50)
LOCKOUT_ACCOUNT_HOURS = env_int("LOCKOUT_ACCOUNT_HOURS", 24)
AXES_HANDLER = "partnerships.security.lockout.LockoutHandler"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_USERNAME_CALLABLE = "partnerships.security.lockout.username_of"
AXES_LOCKOUT_CALLABLE = "partnerships.security.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_HTTP_RESPONSE_CODE = 429
# Never copy a password, a code or an address typed in a form into axes' records.
AXES_SENSITIVE_PARAMETERS = [
    "username",
    "ip_address",
    "email",
    "old_password",
    "new_password1",
    "new_password2",
    "token",
    "courriel-token",
]
# Behind a reverse proxy every request comes from the proxy: the client's address is the last
# entry of X-Forwarded-For, the one our proxy added (nginx: $proxy_add_x_forwarded_for); with
# PROXY_COUNT proxies in a row, the PROXY_COUNT-th from the end. Whatever the client wrote
# itself stands to the left of it and is never read (django-ipware, issue 14).
BEHIND_PROXY = env_bool("BEHIND_PROXY", default=False)
PROXY_COUNT = env_int("PROXY_COUNT", 1 if BEHIND_PROXY else 0)
AXES_IPWARE_PROXY_COUNT = PROXY_COUNT - 1 if PROXY_COUNT else None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if PROXY_COUNT else ["REMOTE_ADDR"]
)
# The admin shows past versions but never restores one (partnerships/admin_base.py).
SIMPLE_HISTORY_REVERT_DISABLED = True

# Extra entries a client wrote to the left are skipped, not a reason to fall back on the
# proxy's own address (which would put every such client in one bucket).
IPWARE_STRICT = False
# Self-service password reset (Django's views): a link valid one hour, used once.
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 3600)
# ---------------------------------------------------------------- retention (docs/rgpd.md)
# CNIL référentiel 2021-028: a household's data is kept 24 months after the last contact.
HOUSEHOLD_RETENTION_MONTHS = env_int("HOUSEHOLD_RETENTION_MONTHS", 24)
RETENTION_WARNING_DAYS = env_int("RETENTION_WARNING_DAYS", 30)
RETENTION_EXTENSION_MONTHS = env_int("RETENTION_EXTENSION_MONTHS", 12)
# CNIL recommendation on access logs: 6 months to 1 year (the database refuses below 180 days).
AUDIT_RETENTION_DAYS = env_int("AUDIT_RETENTION_DAYS", 365)
# Imports (issue 19, `purge_imports`): a dry run never confirmed, and the file of a failed
# import, are deleted after IMPORT_DRAFT_RETENTION_DAYS; the log of a confirmed import (who,
# when, which file, what it did) after AUDIT_RETENTION_DAYS.
IMPORT_DRAFT_RETENTION_DAYS = env_int("IMPORT_DRAFT_RETENTION_DAYS", 30)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# django-csp 4: scripts and styles from our own origin only (no inline script at all);
# Bootstrap draws its icons (close button, select arrow) as data: SVG images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
    if BEHIND_PROXY:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "maillage@localhost")
# SMTP in production (EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend): retention
# warnings and the codes of the first second-factor enrolment go out by e-mail.
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
# The public address of the site, for links in e-mails sent outside a request (an invitation
# and its password link): "https://maillage.example.fr". Empty: links are paths only.
SITE_URL = env_str("SITE_URL", "")
# An invitation's link to choose a password lasts 3 days (partnerships/tokens.py); a reset
# link asked for on the sign-in page, one hour (PASSWORD_RESET_TIMEOUT above).
INVITATION_TIMEOUT = env_int("INVITATION_TIMEOUT", 3 * 24 * 3600)

# First enrolment of the authenticator: a one-time code sent to the account's address proves
# the mailbox as well as the password (partnerships/security/totp.py, docs/security.md).
OTP_EMAIL_SENDER = DEFAULT_FROM_EMAIL
OTP_EMAIL_SUBJECT = "Maillage : code d'activation de la double authentification"
OTP_EMAIL_BODY_TEMPLATE_PATH = "registration/email/enrolment_code.txt"
OTP_EMAIL_TOKEN_VALIDITY = env_int("OTP_EMAIL_TOKEN_VALIDITY", 600)
OTP_EMAIL_COOLDOWN_DURATION = 60

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# ============================================================ scale: past one machine (issue 7)
# Each switch below is off by default and documented in docs/deployment.md; the measurements
# that chose them are in docs/benchmarks.md. Keep this block last.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # JIT compilation cost 250 ms on the household list (EXPLAIN ANALYZE: JIT 248 ms for a
    # 15 ms query, its cost estimate above jit_above_cost): off for this short-query workload.
    # random_page_cost = 1.1, as docs/deployment.md asks of the server (data in memory or on
    # SSD): at PostgreSQL's default of 4, a social worker's projects at 100 000 households were
    # joined to every household by a sequential scan instead of their caseload's rows by index
    # (issue 15, docs/benchmarks.md). Set here so that every connection plans alike.
    # The timeouts are those of "A sick database fails fast" above.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "connect_timeout": DB_CONNECT_TIMEOUT,
            "options": (
                env_str("PG_OPTIONS", "-c jit=off -c random_page_cost=1.1")
                + f" -c statement_timeout={DB_STATEMENT_TIMEOUT_MS}"
                + f" -c lock_timeout={DB_LOCK_TIMEOUT_MS}"
                + f" -c idle_in_transaction_session_timeout={DB_IDLE_IN_TRANSACTION_TIMEOUT_MS}"
            ),
        }
    )
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = DATABASES["default"]["CONN_MAX_AGE"] != 0

# Sessions live in the database by default, which every app server reads. With REDIS_URL the
# cache is Redis and sessions are cached there in front of the database (cached_db).
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "maillage"),
        }
    }
    SESSION_ENGINE = env_str("SESSION_ENGINE", "common.sessions.cached_db")

# Background tasks: TASKS_BACKEND=django_tasks_db.DatabaseBackend queues them in PostgreSQL;
# any number of machines run `manage.py db_worker` against the same database.

# Uploaded documents and generated reports on S3-compatible storage (private bucket, never a
# public URL: files are still served by the permission-checked views).
S3_BUCKET = env_str("S3_BUCKET")
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
            "region_name": env_str("S3_REGION") or None,
            "access_key": env_str("S3_ACCESS_KEY_ID") or None,
            "secret_key": env_str("S3_SECRET_ACCESS_KEY") or None,
            "location": env_str("S3_PREFIX", "maillage"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
            "object_parameters": {"ServerSideEncryption": env_str("S3_SSE", "AES256")},
        },
    }

# Optional read replica: reads of GET requests go to it (config/db_router.py).
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL")
REPLICA_PIN_SECONDS = env_int("REPLICA_PIN_SECONDS", 5)
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = {
        **dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=env_int("CONN_MAX_AGE", 0)),
        "OPTIONS": dict(DATABASES["default"].get("OPTIONS", {})),
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_ROUTERS = ["config.db_router.ReplicaRouter"]
    MIDDLEWARE = ["config.db_router.ReplicaMiddleware", *MIDDLEWARE]
# ============================================================ end of issue 7 block
