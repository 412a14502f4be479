"""Settings for the staff policy portal, read from the environment.

Two deployments share this file:

* ``embedded`` (the default): SQLite, a Celery broker on the filesystem, email
  written to a folder, secrets generated and kept under ``var/``. Nothing else
  needs to run. Importing these settings writes nothing: ``manage.py
  prepare_embedded`` (portal/embedded.py) creates ``var/``, its folders and secrets.
* ``production``: PostgreSQL, Redis, SMTP, HTTPS. Every secret comes from the
  environment and the settings refuse to start without them.
"""

import secrets
from datetime import timedelta
from importlib.util import find_spec
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
env.read_env(BASE_DIR / ".env", overwrite=False)

DEPLOYMENT = env.str("PORTAL_DEPLOYMENT", default="embedded")
if DEPLOYMENT not in ("embedded", "production"):
    raise ValueError("PORTAL_DEPLOYMENT must be 'embedded' or 'production'")
PRODUCTION = DEPLOYMENT == "production"

VAR_DIR = Path(env.str("PORTAL_VAR_DIR", default=str(BASE_DIR / "var")))
EMBEDDED_SECRET_KEY_FILE = VAR_DIR / "secret_key"
EMBEDDED_AUDIT_CHAIN_KEY_FILE = VAR_DIR / "audit_chain_key"
EMBEDDED_CREDENTIAL_KEYS_FILE = VAR_DIR / "credential_keys"


def _embedded_secret(path: Path) -> str:
    """Return the secret ``manage.py prepare_embedded`` wrote to ``path``, or "" before it has."""
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        return ""


if PRODUCTION:
    SECRET_KEY = env.str("SECRET_KEY")
else:
    # Commands such as `makemigrations --check` run before anything is prepared:
    # they get a key for this process only. scripts/run prepares var/ first, so the
    # web server, the worker and beat share the one in the file.
    SECRET_KEY = (
        env.str("SECRET_KEY", default="")
        or _embedded_secret(EMBEDDED_SECRET_KEY_FILE)
        or secrets.token_urlsafe(50)
    )

# The key that seals each audit event (audit/seal.py), kept outside the database so
# that someone who can write to the database cannot rebuild the chain. Keep a copy
# with the organisation's other secrets: without it the seals cannot be checked.
if PRODUCTION:
    AUDIT_CHAIN_KEY = env.str("AUDIT_CHAIN_KEY")
else:
    AUDIT_CHAIN_KEY = env.str("AUDIT_CHAIN_KEY", default="") or _embedded_secret(
        EMBEDDED_AUDIT_CHAIN_KEY_FILE
    )

# The master keys that encrypt the credentials of registered social-media accounts
# (accounts_registry/crypto.py): "<key id>:<base64 of 32 bytes>", newest first,
# comma-separated. Kept outside the database, like the key above; losing every copy
# of a key loses the credentials it encrypts. Rotation: README, "Credential keys".
if PRODUCTION:
    CREDENTIAL_KEYS = env.list("CREDENTIAL_KEYS")
else:
    CREDENTIAL_KEYS = (
        env.list("CREDENTIAL_KEYS", default=None)
        or _embedded_secret(EMBEDDED_CREDENTIAL_KEYS_FILE).split()
    )

DEBUG = env.bool("DEBUG", default=False)
HTTPS = env.bool("PORTAL_HTTPS", default=PRODUCTION)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[] if PRODUCTION else ["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://localhost:8000").rstrip("/")
# How many reverse proxies stand in front of the portal and append to
# X-Forwarded-For (kernel/http.py): 0 when browsers reach it directly, 1 behind
# the TLS proxy of docker-compose.yml. Too high a number lets clients choose
# their own address; too low gives everyone the proxy's.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
if TRUSTED_PROXY_COUNT < 0:
    raise ValueError("TRUSTED_PROXY_COUNT must be 0 or more")

ORGANISATION_NAME = env.str(
    "ORGANISATION_NAME", default="Office of the Police and Crime Commissioner"
)
ORGANISATION_SHORT_NAME = env.str("ORGANISATION_SHORT_NAME", default="OPCC")
ORGANISATION_EMAIL_DOMAIN = env.str("ORGANISATION_EMAIL_DOMAIN", default="opcc.example.org")
ORGANISATION_LOGO = env.str("ORGANISATION_LOGO", default="portal/logo.svg")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "django_celery_beat",
    "csp",
    # The portal's own apps, lowest layer first (see pyproject.toml's import contract).
    "audit",
    "notifications",
    "staff",
    "devices",
    "records",
    "declarations",
    "accounts_registry",
    "approvals",
    "leavers",
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Outside all that follow, so it sees every answer to a signed-in person.
    "portal.middleware.NoStoreForSignedInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After the messages middleware: it says why someone was signed out.
    "portal.middleware.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "portal.middleware.PermissionDeniedAuditMiddleware",
]

ROOT_URLCONF = "portal.urls"
# Where the staff form goes after a person's team or line manager changes: the
# review of what they hold (an app above staff keeps it).
STAFF_MOVE_REVIEW_URL_NAME = "leavers:mover_review"
WSGI_APPLICATION = "portal.wsgi.application"

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
                "csp.context_processors.nonce",
                "portal.context_processors.portal",
            ],
        },
    },
]

# Database: SQLite under var/ unless DATABASE_URL says otherwise.
if PRODUCTION:
    DATABASES = {"default": env.db("DATABASE_URL")}
else:
    DATABASES = {
        "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'portal.sqlite3'}")
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server, the worker and beat share one file: wait for locks and take
    # the write lock at the start of each transaction instead of failing midway.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="portal"),
        }
    }
elif PRODUCTION:
    raise ValueError("REDIS_URL is required in production")
else:
    # The database cache is shared by every process, so login rate limits hold
    # across the web server's workers.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "portal_cache",
        }
    }

AUTH_USER_MODEL = "staff.User"
AUTHENTICATION_BACKENDS = ["staff.backends.StaffAuthenticationBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "staff.validators.MaximumLengthValidator", "OPTIONS": {"max_length": 128}},
]

# Sessions: an idle timeout and an absolute lifetime, enforced by
# portal.middleware.SessionTimeoutMiddleware.
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT_MINUTES", default=30) * 60
SESSION_ABSOLUTE_TIMEOUT = env.int("SESSION_ABSOLUTE_TIMEOUT_HOURS", default=10) * 3600
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_NAME = "__Host-portal_session" if HTTPS else "portal_session"
CSRF_COOKIE_NAME = "__Host-portal_csrf" if HTTPS else "portal_csrf"

SECURE_SSL_REDIRECT = HTTPS and env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS and env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION and not SECURE_HSTS_PRELOAD:
    # An organisation that turns preloading off for its domain has decided so.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF] + env.list("CSP_FORM_ACTION_EXTRA", default=[]),
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles" if PRODUCTION else VAR_DIR / "static"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", Path(find_spec("bootstrap").submodule_search_locations[0])),
    ("vendor/htmx", Path(find_spec("django_htmx").origin).parent / "static" / "django_htmx"),
]
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
MEDIA_URL = "/media-not-served/"
# Signed records and uploaded policy files: the filesystem under MEDIA_ROOT, or an
# S3-compatible bucket when RECORDS_S3_BUCKET is set. Files are never public: the
# portal reads them and serves them only to people allowed to see them.
RECORDS_S3_BUCKET = env.str("RECORDS_S3_BUCKET", default="")
if RECORDS_S3_BUCKET:
    DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": RECORDS_S3_BUCKET,
            "endpoint_url": env.str("RECORDS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("RECORDS_S3_REGION", default="") or None,
            "access_key": env.str("RECORDS_S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("RECORDS_S3_SECRET_ACCESS_KEY", default="") or None,
            "location": env.str("RECORDS_S3_PREFIX", default=""),
            "default_acl": "private",
            "querystring_auth": True,
            # Never replace an object by saving over its name: records replace their
            # own file explicitly (records/services.py), policy originals never.
            "file_overwrite": False,
        },
    }
else:
    DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Outside production, whitenoise serves straight from the finders: no collectstatic.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG

# Email
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default=f"portal@{ORGANISATION_EMAIL_DOMAIN}")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_URL = env.str("EMAIL_URL", default="")
if EMAIL_URL:
    vars().update(env.email_url("EMAIL_URL"))
elif PRODUCTION:
    raise ValueError("EMAIL_URL is required in production (e.g. smtp+tls://user:pass@host:587)")
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(VAR_DIR / "mail")
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)

# django-allauth
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_ADAPTER = "staff.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "staff.adapters.SocialAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
# A reset asked for an address nobody has sends nothing and answers exactly as for
# a known one, so the page never tells who works here (and nobody may sign up).
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_REAUTHENTICATION_TIMEOUT = env.int("REAUTHENTICATION_TIMEOUT_SECONDS", default=300)
# Tell people by email when their password or second factor changes (sent by the worker).
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{ORGANISATION_SHORT_NAME}] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if HTTPS else "http"
# Rate limits per IP address count the same client address as the audit trail.
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
ACCOUNT_RATE_LIMITS = {
    "login": env.str("RATE_LIMIT_LOGIN", default="30/m/ip"),
    "login_failed": env.str("RATE_LIMIT_LOGIN_FAILED", default="5/5m/ip,5/15m/key"),
    "reset_password": "10/m/ip,3/m/key",
    "reauthenticate": "10/m/user",
}
ACCOUNT_FORMS = {
    "login": "staff.sign_in_forms.LoginForm",
    "change_password": "staff.sign_in_forms.ChangePasswordForm",
    "set_password": "staff.sign_in_forms.SetPasswordForm",
    "reset_password": "staff.sign_in_forms.ResetPasswordForm",
    "reset_password_from_key": "staff.sign_in_forms.ResetPasswordKeyForm",
    "reauthenticate": "staff.sign_in_forms.ReauthenticateForm",
}
MFA_ADAPTER = "staff.adapters.MFAAdapter"
MFA_FORMS = {
    "authenticate": "staff.sign_in_forms.AuthenticateForm",
    "reauthenticate": "staff.sign_in_forms.MFAReauthenticateForm",
    "activate_totp": "staff.sign_in_forms.ActivateTOTPForm",
    "add_webauthn": "staff.sign_in_forms.AddWebAuthnForm",
    "edit_webauthn": "staff.sign_in_forms.EditWebAuthnForm",
}
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
# allauth refuses two-factor set-up until an email address is verified, against
# someone signing up with another person's address. Here nobody signs up: every
# address is a work address entered by an administrator or the staff import.
MFA_ALLOW_UNVERIFIED_EMAIL = True
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = not HTTPS
MFA_TOTP_ISSUER = ORGANISATION_NAME
MFA_RECOVERY_CODE_COUNT = 10

# Optional OpenID Connect single sign-on, limited to the organisation's domain.
OIDC_ENABLED = bool(env.str("OIDC_SERVER_URL", default=""))
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_AUTO_SIGNUP = False
# staff.adapters.SocialAccountAdapter matches staff by email itself, within the
# organisation's domain; allauth's own matching would wipe unverified passwords.
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = False
# The adapter believes an email from the provider only if the provider says it
# verified it. Entra ID never says: true believes an email sent without the claim,
# so anyone able to set their own email there could sign in as that member of
# staff. Only for providers whose addresses the organisation alone assigns.
OIDC_TRUST_UNVERIFIED_EMAIL = env.bool("OIDC_TRUST_UNVERIFIED_EMAIL", default=False)
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_PROVIDERS = {}
if OIDC_ENABLED:
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [
            {
                "provider_id": "organisation",
                "name": env.str("OIDC_NAME", default=f"{ORGANISATION_SHORT_NAME} single sign-on"),
                "client_id": env.str("OIDC_CLIENT_ID"),
                "secret": env.str("OIDC_CLIENT_SECRET"),
                "settings": {"server_url": env.str("OIDC_SERVER_URL")},
            }
        ],
    }
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"].append(env.str("OIDC_SERVER_URL"))

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Celery: Redis when configured, otherwise a broker on the filesystem so that the
# embedded mode needs no server.
CELERY_BROKER_DIR = VAR_DIR / "celery"
if REDIS_URL:
    CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    }
else:
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_BROKER_DIR / "queue"),
        "processed_folder": str(CELERY_BROKER_DIR / "processed"),
        "control_folder": str(CELERY_BROKER_DIR / "control"),
        "store_processed": False,
        "polling_interval": 0.1,
    }
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    "end-sessions-of-leavers": {
        "task": "staff.tasks.deactivate_leavers",
        "schedule": crontab(minute=5, hour=0),
    },
    "retry-unsent-notifications": {
        "task": "notifications.tasks.send_pending_emails",
        "schedule": timedelta(minutes=10),
    },
    "queue-waiting-records": {
        "task": "records.tasks.queue_waiting_records",
        "schedule": timedelta(minutes=15),
    },
}

# Declarations: what each person owes is brought up to date just after midnight
# (after leavers are deactivated); reminders and escalations go out daily at
# DECLARATION_REMINDER_HOUR, local time.
DECLARATION_REMINDER_HOUR = env.int("DECLARATION_REMINDER_HOUR", default=7)
if not 1 <= DECLARATION_REMINDER_HOUR <= 23:
    raise ValueError("DECLARATION_REMINDER_HOUR must be between 1 and 23")
DECLARATION_REMINDER_DAYS_BEFORE = sorted(
    set(env.list("DECLARATION_REMINDER_DAYS_BEFORE", cast=int, default=[30, 14, 7, 1])),
    reverse=True,
)
DECLARATION_ESCALATE_MANAGER_AFTER_DAYS = env.int(
    "DECLARATION_ESCALATE_MANAGER_AFTER_DAYS", default=7
)
DECLARATION_ESCALATE_CHIEF_EXECUTIVE_AFTER_DAYS = env.int(
    "DECLARATION_ESCALATE_CHIEF_EXECUTIVE_AFTER_DAYS", default=28
)
# Signing a declaration needs a sign-in (or re-authentication) this recent.
DECLARATION_REAUTH_SECONDS = env.int("DECLARATION_REAUTH_SECONDS", default=900)
CELERY_BEAT_SCHEDULE["refresh-declaration-requirements"] = {
    "task": "declarations.tasks.refresh_declaration_requirements",
    "schedule": crontab(minute=20, hour=0),
}
CELERY_BEAT_SCHEDULE["send-declaration-reminders"] = {
    "task": "declarations.tasks.send_declaration_reminders",
    "schedule": crontab(minute=0, hour=DECLARATION_REMINDER_HOUR),
}

# Requests: steps are reminded and escalated hourly; permissions end and each type's
# daily work (advice before travel) runs early each morning.
APPROVALS_ATTACHMENT_MAX_BYTES = env.int("APPROVALS_ATTACHMENT_MAX_BYTES", default=10 * 1024 * 1024)
CELERY_BEAT_SCHEDULE["remind-and-escalate-steps"] = {
    "task": "approvals.tasks.remind_and_escalate_steps",
    "schedule": crontab(minute=30),
}
CELERY_BEAT_SCHEDULE["expire-requests"] = {
    "task": "approvals.tasks.expire_requests",
    "schedule": crontab(minute=40, hour=0),
}
CELERY_BEAT_SCHEDULE["run-request-types-daily"] = {
    "task": "approvals.tasks.run_request_types_daily",
    "schedule": crontab(minute=0, hour=6),
}

# Leavers: owners of overdue checklist items are reminded, and escalated, each morning.
CELERY_BEAT_SCHEDULE["remind-and-escalate-leaver-items"] = {
    "task": "leavers.tasks.remind_and_escalate_leaver_items",
    "schedule": crontab(minute=15, hour=DECLARATION_REMINDER_HOUR),
}

# The register of social-media accounts: reminders to register credentials, to change
# flagged passwords and to review each account yearly, and escalations, each morning.
CELERY_BEAT_SCHEDULE["remind-account-registrations"] = {
    "task": "accounts_registry.tasks.remind_registrations",
    "schedule": crontab(minute=10, hour=7),
}
CELERY_BEAT_SCHEDULE["remind-account-password-changes"] = {
    "task": "accounts_registry.tasks.remind_password_changes",
    "schedule": crontab(minute=15, hour=7),
}
CELERY_BEAT_SCHEDULE["remind-and-escalate-account-reviews"] = {
    "task": "accounts_registry.tasks.remind_and_escalate_reviews",
    "schedule": crontab(minute=20, hour=7),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # PDF rendering reports every step and font subset at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
STAFF_IMPORT_MAX_BYTES = 2 * 1024 * 1024

# Signed PDF records (records/signing.py): a PKCS#12 file, or PEM key and
# certificate. The embedded deployment generates its own under var/signing/.
RECORDS_SIGNING_PKCS12 = env.str("RECORDS_SIGNING_PKCS12", default="")
RECORDS_SIGNING_PKCS12_PASSWORD = env.str("RECORDS_SIGNING_PKCS12_PASSWORD", default="")
RECORDS_SIGNING_KEY = env.str("RECORDS_SIGNING_KEY", default="")
RECORDS_SIGNING_KEY_PASSWORD = env.str("RECORDS_SIGNING_KEY_PASSWORD", default="")
RECORDS_SIGNING_CERT = env.str("RECORDS_SIGNING_CERT", default="")
RECORDS_SIGNING_CHAIN = env.list("RECORDS_SIGNING_CHAIN", default=[])
RECORDS_SIGNING_DIR = VAR_DIR / "signing"
RECORDS_TSA_URL = env.str("RECORDS_TSA_URL", default="")
RECORDS_VERIFY_PUBLIC = env.bool("RECORDS_VERIFY_PUBLIC", default=False)
RECORDS_VERIFY_MAX_BYTES = env.int("RECORDS_VERIFY_MAX_BYTES", default=10 * 1024 * 1024)
# Checks of a record (an upload or a reference) allowed per client address a minute.
RECORDS_VERIFY_RATE_LIMIT_PER_MINUTE = env.int("RECORDS_VERIFY_RATE_LIMIT_PER_MINUTE", default=20)
