"""Settings shared by every environment: safe for production, configured by the environment.

Every value that differs between deployments is read from an environment variable; the README
lists them. dev.py and test.py relax what only makes sense behind HTTPS.
"""

import os
from pathlib import Path
from typing import Any, overload

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

# Django's generic classes accept their type arguments at run time too (`ModelForm[User]`),
# as Django's stubs describe them.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent.parent


@overload
def env(name: str) -> str | None: ...
@overload
def env[D](name: str, default: D) -> str | D: ...
def env(name: str, default: object = None) -> object:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    raise ImproperlyConfigured("Set the SECRET_KEY environment variable (50+ random characters).")

DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "core",
    "curriculum",
    "courses",
    "faculty",
    "placements",
    "plans",
    "assessment",
    "search",
    "wagtail.contrib.settings",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    # Content translation: segment editor, PO files, synced trees (replaces wagtail.locales).
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks_db",
    "axes",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.middleware.OutOfRangeIdMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "core.middleware.EditorContentSecurityPolicyMiddleware",
    # Whole pages for visitors without a session, inside the CSP middleware (which gives each
    # response its nonce) and before any routing.
    "core.pagecache.VisitorPageCacheMiddleware",
    # Public PDFs already stored, before any page routing.
    "core.middleware.StoredPdfMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Axes must come last: it turns a locked-out log-in into the lock-out page.
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
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Many writers at once on the embedded database: readers never block the writer (WAL), a
    # transaction takes the write lock when it begins instead of failing when it first writes
    # (IMMEDIATE), and a writer waits up to 20 s for the lock instead of "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
# Wagtail's search index on PostgreSQL uses its full-text fields, which need this app.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    INSTALLED_APPS.append("django.contrib.postgres")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "core.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account:login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# django-axes: five failed log-ins for one address from one client lock it for an hour.
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The log-in forms name the e-mail field "username", as Django's AuthenticationForm does.
AXES_USERNAME_FORM_FIELD = "username"
# Counted under the address as authentication reads it: "Ana@X.org" is "ana@x.org".
AXES_USERNAME_CALLABLE = "core.throttling.lockout_username"
AXES_LOCKOUT_TEMPLATE = "account/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_SENSITIVE_PARAMETERS = ["password"]
# Failed log-ins are recorded in the database, never written to the log with the address.
AXES_VERBOSE = False

# Spanish is the source language of the domain; Chinese and English follow.
LANGUAGE_CODE = "es"
LANGUAGES = [
    ("es", "Español"),
    ("zh-hans", "中文（简体）"),
    ("en", "English"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# English dates in British order (config/formats/en); Spanish and Chinese use Django's own.
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = env("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# New pages get an alias in every other language (wagtail-localize's synchronised trees, set up
# by core's migrations), so each language's site has the whole tree until an editor translates
# a page with "Translate this page".
# Starting a translation saves a draft, so the page keeps showing its source text (marked with
# its language) until the translation is published: directly by a reviewer, or through the
# review workflow by an author (core.translations).
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", BASE_DIR / "media"))
# Files served only through Praxis's views (core/storage.py): never put it under MEDIA_ROOT.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media"))

STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "core.storage.PrivateFileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if env("AWS_STORAGE_BUCKET_NAME"):
    # S3-compatible object storage for uploads, so several web machines share one media store.
    # django-storages reads AWS_S3_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and
    # AWS_S3_REGION_NAME from the environment itself.
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL"),
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
    # Private files under their own prefix, never public, reached only through Praxis's views.
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **STORAGES["default"]["OPTIONS"],
            "location": "private",
            "default_acl": "private",
        },
    }

WAGTAIL_SITE_NAME = "Praxis"
# Avatars are uploaded or default; Gravatar would load images from the internet.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILIMAGES_IMAGE_MODEL = "core.PraxisImage"
WAGTAILDOCS_DOCUMENT_MODEL = "core.PraxisDocument"
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Teaching materials: documents, slides, spreadsheets, e-books, audio and video; nothing executable.
WAGTAILDOCS_EXTENSIONS = [
    "pdf", "doc", "docx", "odt", "rtf", "txt", "ppt", "pptx", "odp", "xls", "xlsx", "ods", "csv",
    "epub", "mp3", "mp4", "webm", "png", "jpg", "jpeg",
]  # fmt: skip
DOCUMENT_MAX_UPLOAD_MB = int(env("DOCUMENT_MAX_UPLOAD_MB", "50"))
# Images: 10 MB and 60 million pixels (a 50-megapixel camera's photo fits). Wagtail reads the size
# from the header, so an image that would fill the memory once decoded is refused at once.
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 60_000_000
# Its image field also refuses a damaged or cut-short picture with a message (core/forms.py).
WAGTAILIMAGES_IMAGE_FORM_BASE = "core.forms.PraxisImageForm"
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = True
# An approved workflow publishes what its last reviewer approved (core/workflows.py).
WAGTAIL_FINISH_WORKFLOW_ACTION = "core.workflows.publish_approved"
WAGTAILADMIN_LOGIN_URL = "wagtailadmin_login"
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILEMBEDS_RESPONSIVE_HTML = True

# Search: the embedded Whoosh index (no server; one machine, or several sharing SEARCH_INDEX_DIR on
# one file system is NOT supported). For several machines SEARCH_BACKEND switches to Wagtail's
# database backend (PostgreSQL full-text search) or a search server (install the matching
# dependency group: elasticsearch or opensearch); the site's search code is the same on all.
_SEARCH_BACKENDS: dict[str, dict[str, Any]] = {
    "whoosh": {
        "BACKEND": "search.backends.whoosh",
        "PATH": env("SEARCH_INDEX_DIR", str(BASE_DIR / "var" / "search-index")),
    },
    # On PostgreSQL: Spanish stemming with accents folded (created by search's first migration).
    "database": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "praxis"},
    "elasticsearch": {
        "BACKEND": "wagtail.search.backends.elasticsearch9",
        "URLS": env_list("SEARCH_URLS", "http://127.0.0.1:9200"),
        "INDEX": env("SEARCH_INDEX", "praxis"),
    },
    "opensearch": {
        "BACKEND": "wagtail.search.backends.opensearch3",
        "URLS": env_list("SEARCH_URLS", "http://127.0.0.1:9200"),
        "INDEX": env("SEARCH_INDEX", "praxis"),
    },
}
SEARCH_BACKEND = env("SEARCH_BACKEND", "whoosh")
if SEARCH_BACKEND not in _SEARCH_BACKENDS:
    raise ImproperlyConfigured(
        f"SEARCH_BACKEND={SEARCH_BACKEND!r} is not known; use one of {', '.join(_SEARCH_BACKENDS)}."
    )
WAGTAILSEARCH_BACKENDS = {"default": _SEARCH_BACKENDS[SEARCH_BACKEND]}

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# Publishing a course or plan queues the rendering of its PDF, so the first reader need not wait.
PDF_RENDER_ON_PUBLISH = env_bool("PDF_RENDER_ON_PUBLISH", True)

CACHES: dict[str, dict[str, Any]] = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env("REDIS_URL")}
        if env("REDIS_URL")
        # Room for the whole pages kept for visitors (core.pagecache), per process.
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    )
}

# How long a learning-site page is kept for visitors (core.pagecache) when nothing purges it
# sooner; it bounds how stale what changes with time alone can be (an enrolment opening).
PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", "300"))

# A front cache (Varnish, Squid or a CDN) in front of Praxis, which core.pagecache purges with
# the pages it purges: FRONTEND_CACHE_URL is where Varnish or Squid take PURGE requests. Other
# front caches (Cloudflare, CloudFront, Azure) are configured here as Wagtail documents.
WAGTAILFRONTENDCACHE = (
    {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": env("FRONTEND_CACHE_URL"),
        }
    }
    if env("FRONTEND_CACHE_URL")
    else {}
)

# Outgoing e-mail: SMTP configured by the environment.
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": env("EMAIL_HOST", "localhost"),
            "port": int(env("EMAIL_PORT", "25")),
            "username": env("EMAIL_HOST_USER", ""),
            "password": env("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", False),
        },
    }
}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Praxis <no-reply@praxis.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Behind HTTPS in production: secure cookies, HSTS and redirects. dev.py and test.py relax them.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
# Wagtail's preview panel frames its own preview views with a same-origin override.
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy: everything comes from this site; nothing from the internet.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
    # Browsers report what a policy blocks to core.views.csp_report, which logs it.
    "report-uri": ["/csp-report/"],
}
# The Wagtail editor still runs inline scripts; a nonce would disable 'unsafe-inline', so none.
SECURE_CSP_EDITOR = SECURE_CSP | {"script-src": [CSP.SELF, CSP.UNSAFE_INLINE]}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    # Wagtail's page actions are already kept in its audit log (Reports, Site history).
    # WeasyPrint reports every step at INFO; its warnings (a refused image, say) still show.
    "loggers": {
        "axes": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
    },
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
DEMO_PASSWORD = env("DEMO_PASSWORD", "praxis-demo-2026")
