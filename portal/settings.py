"""Settings for the publicity portal.

Everything that differs between a laptop demo and production comes from the
environment (see README, "Settings"). With nothing set the portal runs on a
SQLite file, runs Celery tasks in-process and prints mail to the console.
"""

import secrets
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from portal.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if DEBUG:
        SECRET_KEY = "insecure-local-demo-key-only-used-when-debug-is-on"  # noqa: S105
    elif env_bool("PORTAL_COMMAND_WITHOUT_SECRET", default=False):
        # A management command that signs nothing lasting (set by manage.py): a throwaway key.
        SECRET_KEY = secrets.token_urlsafe(50)
    else:
        raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=true for a local demo).")

# Phone and ID numbers are encrypted at rest with SM4 under this 128-bit key (32 hex digits);
# old keys still decrypt until `manage.py reencrypt_personal_data` has moved every row.
# Without one, DEBUG derives a key from SECRET_KEY and production fails its checks
# (portal.encryption).
PERSONAL_DATA_KEY = env_str("PERSONAL_DATA_KEY") or None
PERSONAL_DATA_OLD_KEYS = env_list("PERSONAL_DATA_OLD_KEYS", [])

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "import_export",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_prometheus",
    "rest_framework",
    "drf_spectacular",
    "portal",
    "submissions",
    "campaigns",
    "summaries",
    "awards",
    "donations",
    "notifications",
    "front",
    "api",
]

MIDDLEWARE = [
    # Requests and latency per view for Prometheus: its Before first and After last, so that
    # they time everything in between.
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    # The request id, and one log line per request (portal.request_logs): above the rest, so
    # that HTTPS redirects and every refusal below are logged with it.
    "portal.request_logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): the session has given its second factor (django-otp).
    "django_otp.middleware.OTPMiddleware",
    "portal.caching.PrivatePagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Two-step sign-in (portal.two_factor): someone who owes a code, or whose role requires
    # an authenticator they lack, reaches only the two-factor pages. Before the session
    # policy, so that the second factor is asked before an expired password is changed.
    "portal.two_factor.TwoFactorMiddleware",
    # Idle timeout, absolute limit, one live session, password expiry (portal.sessions):
    # after authentication and messages, whose sign-in page says why a session ended.
    "portal.sessions.SessionPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Before anything reads the body; after the above, so its page is a full page.
    "portal.request_size.RequestSizeMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Every 403 in the security journal (portal.security_events); other pages untouched.
    "portal.security_events.RefusalJournalMiddleware",
    # An audit administrator (and no other role) opens the audit pages alone (portal.audit).
    "portal.audit.AuditorOnlyMiddleware",
    # Axes must come last: it turns a lockout raised anywhere above into its page.
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "front.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "front.context_processors.navigation",
                "notifications.context_processors.unread_notifications",
                "portal.sessions.session_timeout_context",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database host that does not answer fails a request (and /health/) within seconds,
    # instead of holding a web worker for the system's two-minute TCP timeout.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
# A streaming replica of the primary, read by the heavy read-only pages (portal.db_router);
# a person's pages read the primary for REPLICA_STICKY_SECONDS after they wrote.
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL") or None
REPLICA_STICKY_SECONDS = env_int("REPLICA_STICKY_SECONDS", 10)
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL,
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
    if not all(DATABASES[alias]["ENGINE"].endswith(".postgresql") for alias in DATABASES):
        raise ImproperlyConfigured(
            "DATABASE_REPLICA_URL is for a PostgreSQL replica of a PostgreSQL DATABASE_URL."
        )
    DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
    DATABASE_ROUTERS = ["portal.db_router.ReplicaRouter"]
    MIDDLEWARE = ["portal.db_router.ReadYourWritesMiddleware", *MIDDLEWARE]
# Queries and their time for Prometheus: django-prometheus's backends are Django's own with
# each cursor timed (same vendor, features and operations). DATABASE_ENGINE keeps Django's
# name of the backend, for code that asks which database this is.
DATABASE_ENGINE = DATABASES["default"]["ENGINE"]
_TIMED_BACKENDS = {
    "django.db.backends.postgresql": "django_prometheus.db.backends.postgresql",
    "django.db.backends.sqlite3": "django_prometheus.db.backends.sqlite3",
}
for _database in DATABASES.values():
    _database["ENGINE"] = _TIMED_BACKENDS.get(_database["ENGINE"], _database["ENGINE"])
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: broker, result backend and cache, or in-process without it ----------
REDIS_URL = env_str("REDIS_URL") or None

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "portal.cache.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "portal",
            # With Redis unreachable a page waits at most about a second for its cache.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1, "retry": None},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
# Nobody reads a task's return value: the state lives in the database (portal.jobs), and a
# result backend would only add a second way for a Redis outage to hold up a request.
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
# A request hands its jobs to the broker once, after commit (portal.jobs): fail fast when the
# broker is down (the job waits in the database) instead of retrying in the request.
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 3,
    "socket_timeout": 10,
    # How often a publisher tries to connect (the worker reconnects on its own terms).
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 0.5,
}
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
# Our tasks are idempotent, so a task whose worker died is run again rather than lost.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300)
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - 30
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env_int("CELERY_WORKER_MAX_MEMORY_KB", 400_000)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "Asia/Shanghai"
# The schedule lives in beat, the state in the database: no task is queued with a long
# countdown or ETA (the Redis transport would redeliver it after its visibility timeout).
# Exactly one beat process runs this (README, "Workers"). The run at 09:00 China time sends
# what is due; the hourly runs until 17:00 only catch up what a broker outage held back
# (claims in the database make a second run send nothing twice). The task skips
# non-working days by the Chinese calendar.
CELERY_BEAT_SCHEDULE: dict = {
    "deadline-reminders": {
        "task": "notifications.tasks.remind_due",
        "schedule": crontab(minute=0, hour=9),
    },
    "deadline-reminders-catch-up": {
        "task": "notifications.tasks.remind_due",
        "schedule": crontab(minute=30, hour="10-17"),
    },
    # Micro-wish claims not fulfilled in time go back on the list.
    "wish-claims-expire": {
        "task": "donations.tasks.wish_claims_expire",
        "schedule": crontab(minute=15, hour="*"),
    },
    # Jobs the broker never got or lost, or that a dead worker left running (portal.jobs).
    "jobs-sweep": {
        "task": "portal.tasks.jobs_sweep",
        "schedule": float(env_int("JOBS_SWEEP_SECONDS", 60)),
    },
    # Journal entries a commit left unsealed join the tamper-evident chain (portal.journal_chain).
    "journal-seal": {
        "task": "portal.tasks.journal_seal",
        "schedule": 60.0,
    },
    # Reminder mails a dead worker left "sending" go out again (notifications.services).
    "reminder-mails-recover": {
        "task": "notifications.tasks.reminder_mails_recover",
        "schedule": 120.0,
    },
    # Files kept for a refused form and never claimed: deleted at night, when nobody files.
    "discard-abandoned-uploads": {
        "task": "portal.tasks.discard_abandoned_uploads",
        "schedule": crontab(minute=0, hour=3),
    },
}
# Links in reminder mails point here (no request to take the host from in a worker).
PORTAL_URL = env_str("PORTAL_URL", "http://localhost:8000")

# --- Authentication ---------------------------------------------------------------
AUTH_USER_MODEL = "portal.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # The security policy's length, complexity and history (portal.passwords); the last
    # also keeps each new password's hash and starts its age.
    {"NAME": "portal.passwords.PolicyMinimumLengthValidator"},
    {"NAME": "portal.passwords.ComplexityValidator"},
    {"NAME": "portal.passwords.PasswordHistoryValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Argon2id first (portal/hashers.py: about 20 ms of a core, where PBKDF2 took 180 ms); the
# others only read older hashes, which are remade with the first at the next sign-in.
PASSWORD_HASHERS = [
    "portal.hashers.PortalArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# The security policy's first values (portal.models.SecurityPolicy); after that the security
# administrator sets them on the policy page. On by default, as MLPS level 3 asks.
SECURITY_DEFAULTS = {
    "failure_limit": env_int("AXES_FAILURE_LIMIT", 5),
    "cooloff_minutes": env_int("AXES_COOLOFF_MINUTES", 15),
    "password_min_length": env_int("PASSWORD_MIN_LENGTH", 8),
    "password_max_age_days": env_int("PASSWORD_MAX_AGE_DAYS", 90),
    "password_history": env_int("PASSWORD_HISTORY", 5),
    "two_factor_roles": env_list("TWO_FACTOR_ROLES", ["admin", "reviewer", "security", "auditor"]),
    "idle_minutes": env_int("SESSION_IDLE_MINUTES", 30),
    "session_hours": env_int("SESSION_HOURS", 12),
    "single_session": env_bool("SINGLE_SESSION", default=True),
}

# Two-step sign-in: the name authenticator apps show beside the account.
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "扶贫宣传工作平台")

# Lockout: AXES_FAILURE_LIMIT wrong passwords for one account from one address
# lock that pair for AXES_COOLOFF_MINUTES; a successful sign-in clears the count.
# Both as the security policy says (portal.security; first values: SECURITY_DEFAULTS).
AXES_FAILURE_LIMIT = "portal.security.failure_limit"
AXES_COOLOFF_TIME = "portal.security.cooloff_time"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Sign-ins and sign-outs are in the journal with the address (portal.security_events); axes
# keeps the failures only, instead of a second log written on every sign-in and sign-out.
AXES_DISABLE_ACCESS_LOG = True
# The cool-off runs from the lock, not from the last try: the locked-out page promises a time,
# and tries while locked test no password, so they need not extend it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_VERBOSE = False
AXES_LOCKOUT_CALLABLE = "portal.views.account.locked_out"
# The client's address as the lockout sees it: REMOTE_ADDR, or with PROXY_COUNT proxies in
# front the address the outermost of them put in X-Forwarded-For (never one the client wrote).
PROXY_COUNT = env_int("PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "portal.views.account.client_ip"

# --- Language and time ---------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["portal.formats"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365

# --- Static and uploaded files ---------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Font folders for the PDFs (portal/pdf_fonts.py): the free faces `./dev setup` puts in
# fonts/, then an office's own licensed faces (PDF_FONT_DIR), which the templates prefer.
PDF_FONT_DIRS = [BASE_DIR / "fonts", *env_list("PDF_FONT_DIR", [])]
# The paper certificates are printed on, as CSS names it ("A4 landscape", "260mm 185mm").
CERTIFICATE_PAGE_SIZE = env_str("CERTIFICATE_PAGE_SIZE", "A4 landscape")
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", BASE_DIR / "node_modules" / "bootstrap-icons" / "font"),
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or BASE_DIR / "media")
# Uploaded files are never served from MEDIA_URL: portal.views.files.download checks scope.
MEDIA_URL = "/media-not-served/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_MB", 20) * 1024 * 1024
# The largest request body (several files in one form); a larger one gets 413 unread.
# The reverse proxy's own limit (nginx client_max_body_size) should be the same.
REQUEST_MAX_BYTES = max(
    env_int("REQUEST_MAX_MB", UPLOAD_MAX_BYTES // (1024 * 1024) + 10) * 1024 * 1024,
    UPLOAD_MAX_BYTES + 1024 * 1024,
)
# The report's item grid posts every cell of every row: 13 columns x its 300 rows at most
# (submissions/importing/grid.py). Django's default of 1,000 fields refused a grid of 77
# rows with a bare 400.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 4000

FILE_UPLOAD_PERMISSIONS = 0o640

# --- Mail ------------------------------------------------------------------------
EMAIL_HOST = env_str("EMAIL_HOST") or ""
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 25)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)
    EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "扶贫宣传工作平台 <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security --------------------------------------------------------------------
# HTTPS defaults to on outside DEBUG; an intranet served over plain HTTP sets HTTPS=false.
HTTPS = env_bool("HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 60 * 60 * 24 * 365) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", default=HTTPS)
if not HTTPS:
    # Served over plain HTTP (an intranet): there is no TLS to redirect to (W008) or to keep
    # cookies to (W012, W016), and browsers ignore HSTS sent over HTTP (W004). The deploy
    # check's other warnings still apply.
    SILENCED_SYSTEM_CHECKS = [
        "security.W004",
        "security.W008",
        "security.W012",
        "security.W016",
    ]
if env_bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Load balancers probe the web hosts directly over HTTP: a redirect would fail the probe.
SECURE_REDIRECT_EXEMPT = [r"^health/$", r"^metrics$"]
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 12
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # Bootstrap's stylesheet draws checkboxes and selects with data: SVGs.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "object-src": [NONE],
        "base-uri": [SELF],
    }
}

# --- The API (api/) ---------------------------------------------------------------------
# Bearer tokens only (no session, so no CSRF question); JSON in and out; errors as problem
# details; every list paginated by 50; requests per token and minute limited.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.BearerTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api_token": f"{env_int('API_REQUESTS_PER_MINUTE', 120)}/min"},
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "EXCEPTION_HANDLER": "api.problems.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "api.schema.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Poverty-alleviation publicity portal API",
    "DESCRIPTION": "Reports, items and the tree of regions and units, in the person's scope.",
    "VERSION": "1.0.0",
    "SCHEMA_PATH_PREFIX": "/api/v1/",
    "SERVE_INCLUDE_SCHEMA": False,
    # The raw schema is open to the programs that read it: it describes the API, not its
    # data. Its documentation page (api.docs) is a portal page, for signed-in people.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ReportStatusEnum": "submissions.models.ReportStatus",
        "ReviewResultEnum": "submissions.models.ReviewResult",
        "UnitKindEnum": "portal.models.UnitKind",
        "UnitStateEnum": "submissions.selectors.overview.UnitState",
        "ContentCategoryEnum": "submissions.models.Category",
        "CampaignKindEnum": "campaigns.models.CampaignKind",
        "CampaignStatusEnum": "campaigns.models.CampaignStatus",
        "AssignmentStateEnum": "campaigns.models.AssignmentState",
        "ProgrammeKindEnum": "awards.models.ProgrammeKind",
        "ProjectStatusEnum": "donations.models.ProjectStatus",
        "DonationCategoryEnum": "donations.models.Category",
        "GiftKindEnum": "donations.models.GiftKind",
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# --- Metrics and logs -------------------------------------------------------------
# Prometheus scrapes /metrics with this as its bearer token; unset, /metrics answers 404.
METRICS_TOKEN = env_str("METRICS_TOKEN") or None

# "json": one JSON object a line, for a log shipper; "plain" (default): text for a person.
LOG_FORMAT = (env_str("LOG_FORMAT") or "plain").strip().lower()
if LOG_FORMAT not in {"plain", "json"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be plain or json, got {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Every line carries the id of the request (or of the request that started its task).
    "filters": {"request_id": {"()": "portal.request_logs.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",  # ISO 8601, UTC
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # Axes logs every sign-in at INFO; lockouts still come through as warnings.
    "loggers": {"axes": {"level": "WARNING"}},
}
# A worker keeps the handler above (JSON lines) instead of putting Celery's own text format
# on the root logger.
CELERY_WORKER_HIJACK_ROOT_LOGGER = LOG_FORMAT != "json"

# How long the status page waits for the Celery workers to answer its ping.
STATUS_WORKER_PING_SECONDS = 1.0
