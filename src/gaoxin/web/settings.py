"""Django settings. Everything that differs between a laptop and production comes from the environment.

GAOXIN_DATA_DIR   where the SQLite file and uploads live (default ./var)
DATABASE_URL      PostgreSQL in production (postgres://user@host:5432/db); SQLite when unset
GAOXIN_SECRET_KEY the signing key in production; without it a key kept in GAOXIN_DATA_DIR/secret_key serves one
                  machine (the demo, a laptop), plain HTTP on loopback allowed
GAOXIN_POLICY_VARIANTS  the zone's locality variants of policy packs, e.g. srdi_sme=sichuan,gazelle=jiangsu
GAOXIN_INPROCESS_WORKER 0 when background jobs run in a separate `gaoxin worker` process (default 1)
GAOXIN_JOB_LEASE_SECONDS  a running job's lease, renewed by its worker; expired, the job is retried (default 60)
GAOXIN_ZONE_NAME  this zone's name in rankings against peer zones (default 本区)
GAOXIN_NOTIFY_CHANNELS  notification channels, comma-separated (default inapp)
GAOXIN_DEBUG      1 for developers only: Django's debug pages (they list the URL patterns); off by default
REDIS_URL         a cache shared by the web processes and the worker (dashboard snapshots); per process when unset
GAOXIN_DASHBOARD_SECONDS / GAOXIN_DASHBOARD_WARM  dashboard snapshot lifetime (300) / rebuild after changes (1)
GAOXIN_DASHBOARD_LAG   seconds an out-of-date snapshot may still be served after it was computed (30)
GAOXIN_PG_OPTIONS PostgreSQL session options (default: -c jit=off -c work_mem=32MB)
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

from gaoxin.web.secret import local_secret_key

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("GAOXIN_DATA_DIR", Path.cwd() / "var")).resolve()

DEBUG = os.environ.get("GAOXIN_DEBUG", "0") == "1"
SECRET_KEY = os.environ.get("GAOXIN_SECRET_KEY", "")
LOCAL = not SECRET_KEY  # one machine, served on loopback: no HTTPS redirect, cookies over plain HTTP
if LOCAL:
    SECRET_KEY = local_secret_key(DATA_DIR)
ALLOWED_HOSTS = [h for h in os.environ.get("GAOXIN_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",  # the API docs page and its files, served locally
    "gaoxin.core",
    "gaoxin.accounts",
    "gaoxin.registry",
    "gaoxin.jobs",
    "gaoxin.cultivation",
    "gaoxin.dashboard",
    "gaoxin.workflow",
    "gaoxin.programs",
    "gaoxin.tracking",
    "gaoxin.financing",
    "gaoxin.innovation",
    "gaoxin.benefits",
    "gaoxin.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "gaoxin.web.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "gaoxin.accounts.scope.ScopeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "gaoxin.web.headers.SecurityHeadersMiddleware",
]

ROOT_URLCONF = "gaoxin.web.urls"
WSGI_APPLICATION = "gaoxin.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gaoxin.accounts.context.roles",
            ],
        },
    },
]

_sqlite_default = f"sqlite:///{DATA_DIR / 'gaoxin.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL") or _sqlite_default, conn_max_age=60)}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Imports are all-or-nothing transactions; a busy timeout keeps a second writer waiting instead of failing.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
elif DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # The pages run short aggregate queries: JIT compilation costs more than it saves (10–40 ms a query), and the
    # default 4 MB of sort memory spills a zone's title table to disk. GAOXIN_PG_OPTIONS overrides both.
    DATABASES["default"]["OPTIONS"] = {"options": os.environ.get("GAOXIN_PG_OPTIONS", "-c jit=off -c work_mem=32MB")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# REDIS_URL shares the cache (dashboard snapshots) between web processes; without it each process keeps its own.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}
          if os.environ.get("REDIS_URL") else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
GAOXIN_DASHBOARD_SECONDS = int(os.environ.get("GAOXIN_DASHBOARD_SECONDS", "300"))  # snapshot lifetime at most
GAOXIN_DASHBOARD_WARM = os.environ.get("GAOXIN_DASHBOARD_WARM", "1") == "1"  # rebuild the snapshot after changes
GAOXIN_DASHBOARD_LAG = int(os.environ.get("GAOXIN_DASHBOARD_LAG", "30"))  # seconds a stale snapshot is served

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
GAOXIN_LOGIN_MAX_FAILURES = int(os.environ.get("GAOXIN_LOGIN_MAX_FAILURES", "5"))  # per account name, then locked
GAOXIN_LOGIN_LOCK_MINUTES = int(os.environ.get("GAOXIN_LOGIN_LOCK_MINUTES", "15"))
SESSION_COOKIE_AGE = 8 * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
WHITENOISE_USE_FINDERS = LOCAL  # one machine serves the files where they are; production runs collectstatic
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "media/"
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
GAOXIN_IMPORT_MAX_BYTES = 20 * 1024 * 1024
# One import reads at most this many data rows, this much unpacked .xlsx, and lists this many row problems.
GAOXIN_IMPORT_MAX_ROWS = int(os.environ.get("GAOXIN_IMPORT_MAX_ROWS", "200000"))
GAOXIN_IMPORT_MAX_UNPACKED_MB = int(os.environ.get("GAOXIN_IMPORT_MAX_UNPACKED_MB", "500"))
GAOXIN_IMPORT_MAX_PROBLEMS = int(os.environ.get("GAOXIN_IMPORT_MAX_PROBLEMS", "1000"))
# The zone's locality variants of policy packs, e.g. "srdi_sme=sichuan,gazelle=jiangsu" (national otherwise).
GAOXIN_POLICY_VARIANTS = os.environ.get("GAOXIN_POLICY_VARIANTS", "")
# Run background jobs in a thread of the web process (one machine, no extra service); 0 when a separate
# `gaoxin worker` process runs them.
GAOXIN_INPROCESS_WORKER = os.environ.get("GAOXIN_INPROCESS_WORKER", "1") == "1"
GAOXIN_JOB_LEASE_SECONDS = float(os.environ.get("GAOXIN_JOB_LEASE_SECONDS", "60"))  # renewed every third of it
GAOXIN_ZONE_NAME = os.environ.get("GAOXIN_ZONE_NAME", "本区")
GAOXIN_NOTIFY_CHANNELS = os.environ.get("GAOXIN_NOTIFY_CHANNELS", "inapp")

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
CSRF_COOKIE_HTTPONLY = False
SESSION_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "gaoxin.web.errors.csrf_failure"
if not DEBUG and not LOCAL:
    # GAOXIN_SECURE_COOKIES=0 only for measuring on loopback over plain HTTP (scripts/load.sh), never in service
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = os.environ.get("GAOXIN_SECURE_COOKIES", "1") == "1"
    SECURE_SSL_REDIRECT = os.environ.get("GAOXIN_SSL_REDIRECT", "1") == "1"
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("GAOXIN_LOG_LEVEL", "WARNING")},
}
