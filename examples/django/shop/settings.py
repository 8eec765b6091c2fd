"""Settings for the shop, read from the environment (twelve-factor).

Production (DEBUG unset or false) needs SECRET_KEY, DATABASE_URL, ALLOWED_HOSTS and
AWS_STORAGE_BUCKET_NAME, and refuses to start without them rather than falling back to
something that would lose data (a local SQLite file, media on a task's disk).

| variable | meaning |
|---|---|
| SECRET_KEY | Django's secret key (required unless DEBUG) |
| DEBUG | `true` for local development only (default false) |
| DATABASE_URL | e.g. postgres://user:pass@host:5432/shop (required unless DEBUG) |
| ALLOWED_HOSTS | comma-separated host names the site answers to |
| CSRF_TRUSTED_ORIGINS | comma-separated origins, e.g. https://shop.example.com |
| AWS_STORAGE_BUCKET_NAME | the S3 bucket for uploaded media (required unless DEBUG) |
| AWS_S3_REGION_NAME, AWS_S3_CUSTOM_DOMAIN | optional, for django-storages |
| SECURE_SSL_REDIRECT | default true; HTTPS ends at the load balancer |
| SECURE_HSTS_SECONDS, SECURE_HSTS_PRELOAD | default one year, no preload |
| DB_CONN_MAX_AGE | seconds a database connection is reused (default 60) |
"""
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def required(name, why):
    value = os.environ.get(name, "")
    if not value:
        raise ImproperlyConfigured(f"{name} is not set: {why} (set DEBUG=true for local development)")
    return value


DEBUG = env_bool("DEBUG", False)

if DEBUG:
    SECRET_KEY = os.environ.get("SECRET_KEY") or "django-insecure-local-development-only"
else:
    SECRET_KEY = required("SECRET_KEY", "production needs its own secret key")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "storages",
    "catalog",
]

MIDDLEWARE = [
    # First: answers the ALB health check before host validation and the HTTPS redirect.
    "shop.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "shop.urls"
WSGI_APPLICATION = "shop.wsgi.application"
HEALTH_CHECK_PATH = "/healthz"

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
            ],
        },
    },
]

# DATABASE_URL, e.g. postgres://shop:secret@shop.xxxx.eu-west-1.rds.amazonaws.com:5432/shop
if DEBUG and not os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
else:
    DATABASES = {
        "default": dj_database_url.parse(
            required("DATABASE_URL", "production needs a database, e.g. postgres://user:pass@host:5432/shop"),
            conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
            conn_health_checks=True,
        )
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# Static files are collected at image build time and served by whitenoise from the image, with
# hashed names and far-future caching. Media (uploads) live in S3, shared by every task.
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "media/"

if os.environ.get("AWS_STORAGE_BUCKET_NAME") or not DEBUG:
    AWS_STORAGE_BUCKET_NAME = required("AWS_STORAGE_BUCKET_NAME", "uploaded media go to S3 so that every task sees them")
    AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME") or None
    AWS_S3_CUSTOM_DOMAIN = os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None
    AWS_LOCATION = os.environ.get("AWS_LOCATION", "media")
    AWS_DEFAULT_ACL = None
    AWS_S3_FILE_OVERWRITE = False
    AWS_QUERYSTRING_AUTH = AWS_S3_CUSTOM_DOMAIN is None
    MEDIA_STORAGE = {"BACKEND": "storages.backends.s3boto3.S3Boto3Storage"}
else:
    MEDIA_ROOT = BASE_DIR / "media"
    MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}

STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# HTTPS ends at the ALB, which sets X-Forwarded-Proto. Health checks never reach the redirect
# (see shop/health.py).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Preloading HSTS is a commitment for the whole domain that its owner makes on purpose
# (SECURE_HSTS_PRELOAD=true); until then, `check --deploy` should not warn about it.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
