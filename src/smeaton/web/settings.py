"""Django settings for Smeaton. Operators configure it with environment variables only,
read through smeaton.config (whose ConfigurationError says what to set); docs/operating.md
lists them. Safe by default: DEBUG off, secure headers on."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from smeaton import config
from smeaton.web.accounts.roles import SECOND_FACTOR_REQUIRED, Role

WEB_DIR = Path(__file__).resolve().parent
HOME = config.home().made()

DEMO = config.env_flag("SMEATON_DEMO")
DEBUG = config.env_flag("SMEATON_DEBUG")
SECRET_KEY = config.secret_key(demo=DEMO)
COUNCIL = config.council()
NEIGHBOUR_MODEL = config.neighbour_model()
ALLOWED_HOSTS = config.env_list("SMEATON_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "smeaton.web.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # The task queue: returns uploaded in the browser are loaded by its worker.
    "django_tasks",
    "django_tasks_db",
    # Smeaton's own apps come last, so their ready() runs after Django's.
    "smeaton.web",
    "smeaton.web.accounts",
    "smeaton.web.audit",
    "smeaton.web.plan",
    "smeaton.web.performance",
    "smeaton.web.service_plans",
    "smeaton.web.partnership",
    "smeaton.web.boards",
    "smeaton.web.risks",
    "smeaton.web.audits",
    "smeaton.web.voice",
    "smeaton.web.returns",
    "smeaton.web.commentary",
    "smeaton.web.children",
    "smeaton.web.reminders",
    "smeaton.web.reports",
]

MIDDLEWARE = [
    # First: what a proxy says about a request is believed only from a trusted proxy.
    "smeaton.web.accounts.addresses.forwarded_only_from_trusted_proxies",
    "django.middleware.security.SecurityMiddleware",
    "smeaton.web.middleware.security_headers",
    "smeaton.web.middleware.method_not_allowed_page",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "smeaton.web.accounts.middleware.idle_timeout",
    # Every page needs a signed-in user unless its view says otherwise,
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # and one who must pass a second factor reaches nothing else until they have.
    "smeaton.web.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so that a locked-out sign-in gets the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "smeaton.web.urls"
WSGI_APPLICATION = "smeaton.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "smeaton.web.navigation.navigation",
            ],
            "builtins": ["smeaton.web.templatetags.smeaton"],
        },
    }
]
FORM_RENDERER = "smeaton.web.forms.GovukFormRenderer"

# Databases: SQLite in the Smeaton home unless DATABASE_URL names another.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{HOME.database}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# People
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Passwords only: it answers no permission question.
    "smeaton.web.accounts.permissions.PasswordBackend",
    # The council's identity provider, when one is configured; no permissions either.
    "smeaton.web.accounts.oidc.ProviderBackend",
    # The one authority for who may do what: the rules each app registers.
    "rules.permissions.ObjectPermissionBackend",
]
# The audit trail's reason for a change is text of any length: it quotes what people
# wrote (why a RAG was overridden, a milestone closed, a priority refocused).
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# Django's password rules, with messages in the Design System's words.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "smeaton.web.accounts.forms.UserAttributeSimilarityValidator"},
    {"NAME": "smeaton.web.accounts.forms.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "smeaton.web.accounts.forms.CommonPasswordValidator"},
    {"NAME": "smeaton.web.accounts.forms.NumericPasswordValidator"},
]
# Signing in: with a Smeaton username and password (unless the operator turns that off),
# and through the council's identity provider, if one is configured (SMEATON_OIDC_*).
LOCAL_SIGN_IN = config.local_sign_in()
IDENTITY_PROVIDER = config.identity_provider([role.value for role in Role])
if not LOCAL_SIGN_IN and IDENTITY_PROVIDER is None:
    raise config.ConfigurationError(
        "SMEATON_LOCAL_SIGN_IN=false leaves nobody a way to sign in: configure the "
        "identity provider (SMEATON_OIDC_ISSUER and the rest) or leave local sign-in on.")
# Who must use a second factor after their password (accounts/roles.py). The demo asks
# it of nobody, and says so on every page; anyone may still set one up there.
SECOND_FACTOR_ROLES = frozenset() if DEMO else SECOND_FACTOR_REQUIRED
# Child-level access given to a person by name asks it too, as the roles with it do.
SECOND_FACTOR_FOR_CHILD_LEVEL = not DEMO
OTP_TOTP_ISSUER = f"Smeaton ({COUNCIL.name})"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:sign-in"

# A session ends after a period without activity (accounts.middleware.idle_timeout),
# and in any case some hours after signing in, or when the browser closes.
SESSION_IDLE_MINUTES = config.env_int("SMEATON_SESSION_IDLE_MINUTES", 30, minimum=1)
SESSION_COOKIE_AGE = config.env_int("SMEATON_SESSION_MAX_HOURS", 10, minimum=1) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_NAME = "smeaton_session"
CSRF_COOKIE_NAME = "smeaton_csrf"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "smeaton.web.views.csrf_failure"

# Sign-in throttling: after repeated failures an account is locked for a while
# from the address that tried, so a guesser cannot lock real users out everywhere.
AXES_FAILURE_LIMIT = config.env_int("SMEATON_SIGN_IN_ATTEMPTS", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=config.env_int("SMEATON_SIGN_IN_LOCK_MINUTES", 15, 1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False
# Nothing a person typed in a failed attempt is kept in the record of it (axes keeps a
# request's form otherwise): passwords, security and recovery codes, the form's token.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "password", "code", "current-code",
                             "csrfmiddlewaretoken"]
AXES_WHITELIST_CALLABLE = "smeaton.web.accounts.oidc.not_a_password"
# The client's address, from a trusted proxy's X-Forwarded-For header or else the
# connection's (accounts/addresses.py).
TRUSTED_PROXIES = config.trusted_proxies()
AXES_CLIENT_IP_CALLABLE = "smeaton.web.accounts.addresses.client_address"

# Security headers. The Content Security Policy allows no inline script or style.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        # Signing out through the identity provider is a form sent here and redirected
        # there: the browser allows that only to origins named here.
        "form-action 'self'" + (f" {IDENTITY_PROVIDER.origin}" if IDENTITY_PROVIDER else ""),
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "object-src 'none'",
    ]
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Behind HTTPS (production), cookies are secure and HSTS is sent.
HTTPS = config.env_flag("SMEATON_HTTPS")
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and config.env_flag("SMEATON_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = config.env_int("SMEATON_HSTS_SECONDS", 31_536_000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
# Preloading binds the council's whole domain to HTTPS for months and is hard to undo:
# a decision for the domain's owner, so it is off unless asked for.
SECURE_HSTS_PRELOAD = config.env_flag("SMEATON_HSTS_PRELOAD")
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
if config.env_flag("SMEATON_BEHIND_PROXY"):
    # The proxy in front terminates TLS and says so in this header, which is believed only
    # from the proxy's own address (accounts/addresses.py).
    if not TRUSTED_PROXIES:
        raise config.ConfigurationError(
            "SMEATON_BEHIND_PROXY is set but SMEATON_TRUSTED_PROXIES is not: set it to the "
            "proxy's address (for example 127.0.0.1 when it runs on this machine), so that "
            "only the proxy can say a request came over HTTPS.")
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = config.env_list("SMEATON_CSRF_TRUSTED_ORIGINS", [])

if DEMO and HTTPS:
    raise ImproperlyConfigured("The demo serves plain HTTP on 127.0.0.1; unset SMEATON_HTTPS.")

# Background work runs on a task queue kept in the database: `smeaton worker` (started by
# `smeaton serve` and `smeaton demo`) runs each task (django-tasks' database backend).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Email: reminders are sent by the task worker through the council's SMTP server
# (SMEATON_EMAIL_*); without one (the demo) they are written to the log instead.
MAIL_SERVER = config.mail_server()
if MAIL_SERVER is None:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = MAIL_SERVER.host
    EMAIL_PORT = MAIL_SERVER.port
    EMAIL_HOST_USER = MAIL_SERVER.user
    EMAIL_HOST_PASSWORD = MAIL_SERVER.password
    EMAIL_USE_TLS = MAIL_SERVER.use_tls
    EMAIL_USE_SSL = MAIL_SERVER.use_ssl
    EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = config.email_from()
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where people reach Smeaton, for the links in emails.
BASE_URL = config.base_url(required=MAIL_SERVER is not None)

# Returns uploaded in the browser: every upload is written to a temporary file, readable
# by Smeaton's account only, so that it can be checked before it is kept.
FILE_UPLOAD_HANDLERS = ["django.core.files.uploadhandler.TemporaryFileUploadHandler"]
RETURNS_MAX_FILE_MB = config.env_int("SMEATON_UPLOAD_MAX_MB", 500, minimum=1)
RETURNS_MAX_FILES = 50
# A ZIP of returns, unpacked: several years of a large council's returns.
RETURNS_MAX_ARCHIVE_MB = config.env_int("SMEATON_UPLOAD_MAX_ARCHIVE_MB", 4000, minimum=1)

# Static files: built from GOV.UK Frontend's Sass (see the Makefile), served by WhiteNoise.
STATIC_URL = "/static/"
STATIC_ROOT = HOME.static
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["smeaton.web.formats"]  # dates as GOV.UK writes them

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    # WeasyPrint and fontTools tell each step of writing a PDF: only their problems matter.
    "loggers": {"django.request": {"level": "ERROR"}, "axes": {"level": "WARNING"},
                "weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
