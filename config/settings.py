"""Jiedao settings, read from the environment (see .env.example)."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import envbool, envint, envlist, envsecret, envstr
from jiedao.core.keys import DEV_FIELD_KEY, DEV_SECRET_KEY, MIN_LENGTH, is_known_key

BASE_DIR = Path(__file__).resolve().parent.parent

# Names are read character by character (jiedao/people/pinyin.py): pypinyin's phrase
# dictionary is not needed and would cost every process about 45 MB.
os.environ.setdefault("PYPINYIN_NO_PHRASES", "1")

DEBUG = envbool("DEBUG", False)

# Development keys are only accepted while DEBUG is on; production must set real ones.
# A known key (jiedao/core/keys.py) is refused at start-up; `check --deploy` also
# refuses keys too short or too regular (jiedao.core.checks, docs/security.md).
SECRET_KEY = envsecret("SECRET_KEY", DEV_SECRET_KEY if DEBUG else "")
JIEDAO_FIELD_KEY = envsecret("JIEDAO_FIELD_KEY", DEV_FIELD_KEY if DEBUG else "")
if not SECRET_KEY or not JIEDAO_FIELD_KEY:
    raise ImproperlyConfigured("SECRET_KEY and JIEDAO_FIELD_KEY must be set when DEBUG is off.")
for _name, _value in (("SECRET_KEY", SECRET_KEY), ("JIEDAO_FIELD_KEY", JIEDAO_FIELD_KEY)):
    if not DEBUG and is_known_key(_value):
        raise ImproperlyConfigured(f"{_name} is a development or placeholder key: set a random one (.env.example).")
# The blind index of an ID number is only as strong as this key: the numbers
# themselves are few enough to enumerate.
if not DEBUG and len(JIEDAO_FIELD_KEY) < MIN_LENGTH["JIEDAO_FIELD_KEY"]:
    raise ImproperlyConfigured("JIEDAO_FIELD_KEY must be at least 32 characters long.")

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "jiedao.accounts.second_factor.apps.AdminConfig",  # django.contrib.admin, behind the second factor
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "template_partials",
    "ninja",  # the API docs page: its template and vendored swagger-ui assets
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "jiedao.core",
    "jiedao.org",
    "jiedao.accounts",
    "jiedao.people",
    "jiedao.site",
    "jiedao.jobs",
    "jiedao.activities",
    "jiedao.meetings",
    "jiedao.counselling",
    "jiedao.unions",
    "jiedao.dues",
    "jiedao.legalaid",
    "jiedao.party",
    "jiedao.volunteering",
    "jiedao.training",
    "jiedao.employment",
    "jiedao.residents",
    "jiedao.bulletin",
    "jiedao.ledgers",
    "jiedao.dashboards",
    "jiedao.demo",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): the session passed the second factor (accounts.second_factor).
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "jiedao.core.middleware.DeferredAuditMiddleware",
    "jiedao.core.middleware.DomainErrorMiddleware",
    # Axes must come last so that it sees the authentication outcome.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "jiedao.accounts.context_processors.actor",
                "jiedao.site.context_processors.programme_links",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# PgBouncer in transaction pooling (docs/scaling.md): a named cursor cannot outlive the
# transaction PgBouncer lends a server connection for, so streamed exports fetch in chunks.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = envbool("DATABASE_BEHIND_PGBOUNCER", False)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed while one writer commits; IMMEDIATE avoids
    # "database is locked" upgrades in the middle of a write transaction. Connections
    # persist like PostgreSQL's: closing the last one checkpoints and deletes the WAL,
    # which made every request pay for a sync to disk (about 50 ms; docs/benchmarks.md),
    # and the pragmas run once per connection, not once per request.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, reading a session's user and roles in one statement.
    "jiedao.accounts.backends.UserBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "residents:sign_in"  # staff pages send to "accounts:login" (accounts.policy)
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Failed-login throttling (django-axes, jiedao/accounts/throttle.py, docs/security.md):
# within the cool-off, 5 failures lock a username+address pair, and 30 failures
# across accounts lock the address (password spraying). An attempt refused by a lock
# is not counted; an office admin can lift a pair's lock (accounts:locks).
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_ADDRESS_FAILURE_LIMIT = envint("AXES_ADDRESS_FAILURE_LIMIT", 30)
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "jiedao.accounts.throttle.LoginThrottle"
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "jiedao.accounts.throttle.lockout_response"
AXES_USERNAME_CALLABLE = "jiedao.accounts.throttle.counted_username"
# Kept out of axes' record of a failure: a wrong second-factor code ("otp") counts as one.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "otp"]
# Behind N reverse proxies the client is read from X-Forwarded-For (django-ipware);
# the audit log uses the same resolution (jiedao.core.audit.client_address).
AXES_IPWARE_PROXY_COUNT = envint("AXES_PROXY_COUNT", 0)
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if AXES_IPWARE_PROXY_COUNT else ("REMOTE_ADDR",)
)

# Second factor (TOTP app and recovery codes, django-otp; docs/security.md): asked at login
# of every user whose roles reveal ID numbers or read counselling or legal-aid records
# (accounts.actor.SECOND_FACTOR_ROLES), of superusers, and of anyone who enrolled. On by
# default with DEBUG off; off under DEBUG, so the demo logins work with their password.
JIEDAO_REQUIRE_SECOND_FACTOR = envbool("JIEDAO_REQUIRE_SECOND_FACTOR", not DEBUG)
# After n wrong codes in a row a device takes no code for factor × 2^(n-1) seconds (1, 2,
# 4 … 512 s after 10); a wrong code also counts as a failed login for the throttle above.
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# No URL serves MEDIA_ROOT: uploads leave through views that check access
# (jiedao.core.downloads.protected_file_response). In production nginx sends the bytes
# from this internal location (docs/deployment.md); empty (and under DEBUG) Django streams them.
JIEDAO_MEDIA_ACCEL_REDIRECT = "" if DEBUG else envstr("JIEDAO_MEDIA_ACCEL_REDIRECT")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

TASKS = {"default": {"BACKEND": envstr("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

# Sessions and cookies: HttpOnly, SameSite, secure over HTTPS outside development.
# Database sessions, read by one hand-written statement (every page reads the session).
SESSION_ENGINE = "jiedao.accounts.sessions"
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 8 * 3600)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True  # htmx sends the token from the page (hx-headers), never from the cookie
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content Security Policy: no inline scripts or styles, everything served from here.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    }
}

# API tokens: lifetime in hours.
JIEDAO_API_TOKEN_HOURS = envint("JIEDAO_API_TOKEN_HOURS", 24 * 7)
# People list pages: rows per page.
JIEDAO_PAGE_SIZE = envint("JIEDAO_PAGE_SIZE", 50)
# Creating or editing people: after this many refusals of an ID number registered
# outside the user's scope within the window, the user may not try another one
# until the window has passed (ID numbers must not be testable one by one).
JIEDAO_ID_PROBE_LIMIT = envint("JIEDAO_ID_PROBE_LIMIT", 5)
JIEDAO_ID_PROBE_WINDOW_MINUTES = envint("JIEDAO_ID_PROBE_WINDOW_MINUTES", 60)

# Notifications (reminders): e-mail over SMTP, text messages through a pluggable backend.
EMAIL_BACKEND = envstr(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = envsecret("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = envbool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "jiedao@localhost")
# Dotted path of a class with ``send(phone: str, text: str) -> None``.
JIEDAO_SMS_BACKEND = envstr("JIEDAO_SMS_BACKEND", "jiedao.core.notifications.ConsoleSmsBackend")
# (The class receives one ``jiedao.core.sms.SmsMessage``; the console backend prints only
# under DEBUG. Production: ``jiedao.core.sms.aliyun.AliyunSmsBackend``, docs/sms.md.)
# Aliyun SMS: the gateway's address, the AccessKey pair (the secret also from
# JIEDAO_SMS_ACCESS_KEY_SECRET_FILE), our template names mapped to the template codes
# registered at the gateway ("login_code=SMS_123,appointment_reminder=SMS_456"), and how
# many seconds to wait for its answer.
JIEDAO_SMS_ENDPOINT = envstr("JIEDAO_SMS_ENDPOINT", "https://dysmsapi.aliyuncs.com/")
JIEDAO_SMS_ACCESS_KEY_ID = envstr("JIEDAO_SMS_ACCESS_KEY_ID")
JIEDAO_SMS_ACCESS_KEY_SECRET = envsecret("JIEDAO_SMS_ACCESS_KEY_SECRET")
JIEDAO_SMS_TEMPLATE_CODES = {
    _sms_name.strip(): _sms_code.strip()
    for _sms_name, _sep, _sms_code in (item.partition("=") for item in envlist("JIEDAO_SMS_TEMPLATE_CODES"))
}
JIEDAO_SMS_TIMEOUT_SECONDS = envint("JIEDAO_SMS_TIMEOUT_SECONDS", 5)

# Residents sign in with a mobile number and a code sent by SMS (docs/residents.md). A code
# lives this many minutes (the SMS text says 5) and is void after this many wrong tries; a
# number gets at most this many codes an hour, one at most every this many seconds; one
# client address asks at most this many codes an hour (generous: a community centre's
# shared network serves a whole meeting hall).
JIEDAO_SMS_CODE_MINUTES = envint("JIEDAO_SMS_CODE_MINUTES", 5)
JIEDAO_SMS_CODE_TRIES = envint("JIEDAO_SMS_CODE_TRIES", 5)
JIEDAO_SMS_CODES_PER_PHONE_HOUR = envint("JIEDAO_SMS_CODES_PER_PHONE_HOUR", 5)
JIEDAO_SMS_CODE_INTERVAL_SECONDS = envint("JIEDAO_SMS_CODE_INTERVAL_SECONDS", 60)
JIEDAO_SMS_CODES_PER_ADDRESS_HOUR = envint("JIEDAO_SMS_CODES_PER_ADDRESS_HOUR", 300)
# The sub-district a resident's new account joins (its 9-digit code); empty: the only one.
JIEDAO_RESIDENT_SUBDISTRICT = envstr("JIEDAO_RESIDENT_SUBDISTRICT")
# "Remember me" on a resident's phone: days the session lasts (else it ends with the browser).
JIEDAO_REMEMBER_ME_DAYS = envint("JIEDAO_REMEMBER_ME_DAYS", 30)
# Minutes a fresh code counts for sensitive actions (one's own full ID number, records).
JIEDAO_STEP_UP_MINUTES = envint("JIEDAO_STEP_UP_MINUTES", 10)
# Days a closed legal-aid case keeps its personal details (民法典 art. 188's three years).
JIEDAO_LEGALAID_RETENTION_DAYS = envint("JIEDAO_LEGALAID_RETENTION_DAYS", 1095)
# Months of audit log kept in the database (at least six); older whole months go to files
# in JIEDAO_AUDIT_ARCHIVE_DIR (manage.py archive_audit_log, docs/scaling.md).
JIEDAO_AUDIT_ONLINE_MONTHS = envint("JIEDAO_AUDIT_ONLINE_MONTHS", 6)
JIEDAO_AUDIT_ARCHIVE_DIR = Path(envstr("JIEDAO_AUDIT_ARCHIVE_DIR", str(BASE_DIR / "var" / "audit-archive")))
# Days a finished long job (an import, an export, a batch of certificates) keeps its files.
JIEDAO_JOB_RETENTION_DAYS = envint("JIEDAO_JOB_RETENTION_DAYS", 7)
# Binding an account to the registry (实名): failed matches allowed per account and window.
JIEDAO_BIND_ATTEMPT_LIMIT = envint("JIEDAO_BIND_ATTEMPT_LIMIT", 5)
JIEDAO_BIND_WINDOW_MINUTES = envint("JIEDAO_BIND_WINDOW_MINUTES", 60)

# Staff accounts (docs/security.md, "Staff accounts"): an invitation link and a password
# reset link are valid this long. Django's default is also 72 hours; it is set here
# because the invitation's texts state it (in hours).
PASSWORD_RESET_TIMEOUT = 72 * 3600
# Password reset requests: at most this many an hour from one client address (then
# refused with the minutes to wait), and at most this many links an hour to one account
# (beyond it none is sent, and the page says the same as ever).
JIEDAO_PASSWORD_RESETS_PER_ADDRESS_HOUR = envint("JIEDAO_PASSWORD_RESETS_PER_ADDRESS_HOUR", 20)
JIEDAO_PASSWORD_RESETS_PER_ACCOUNT_HOUR = envint("JIEDAO_PASSWORD_RESETS_PER_ACCOUNT_HOUR", 3)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "WARNING")},
}

SITE_NAME = _("街道")
