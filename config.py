"""Configuration classes. Values are read from the environment when a class is instantiated, never
at import time, so tests and the CLI can build an app with whatever environment they need."""

import os
import secrets
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"


class Config:
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = timedelta(days=14)
    #: the signed cookie naming the accounts that have logged in from a browser (auth/devices.py)
    DEVICE_COOKIE_NAME = "known_device"
    MAX_CONTENT_LENGTH = 20 * 1024 * 1024
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session; a stale tab still posts
    #: WTForms ships no Indonesian catalogue and our messages go through Flask-Babel (forms.py), so
    #: Flask-WTF's own lookup only searched the disk for a catalogue on every form of every request
    WTF_I18N_ENABLED = False

    BABEL_DEFAULT_LOCALE = "id"
    BABEL_DEFAULT_TIMEZONE = "Asia/Jakarta"
    LANGUAGES = {"id": "Bahasa Indonesia", "en": "English"}

    PASSWORD_MIN_LENGTH = 10
    PASSWORD_RESET_MAX_AGE = 60 * 60  # seconds

    #: seconds a link to finish creating an account works
    REGISTRATION_MAX_AGE = 24 * 60 * 60

    RATELIMIT_HEADERS_ENABLED = True

    #: how long unpaid orders hold their stock
    CARD_RESERVATION_MINUTES = 30
    BANK_TRANSFER_RESERVATION_HOURS = 24

    MAIL_BACKEND = "log"  # log | smtp | memory
    MAIL_DEFAULT_SENDER = "Pasar Batik Banyuasin <no-reply@localhost>"

    def __init__(self, environ=None):
        env = os.environ if environ is None else environ
        self.SECRET_KEY = env.get("SECRET_KEY")
        self.SQLALCHEMY_DATABASE_URI = env.get("DATABASE_URL") or _sqlite_url(
            INSTANCE_DIR / "marketplace.db"
        )
        self.UPLOAD_FOLDER = env.get("UPLOAD_FOLDER") or str(INSTANCE_DIR / "uploads")
        #: where the site is reached, for links in emails sent outside a request (CLI, jobs)
        self.PUBLIC_URL = env.get("PUBLIC_URL", "http://127.0.0.1:5000")
        #: the body that runs the marketplace, which signs the artisans' sales statements (PDF)
        self.AGENCY_NAME = env.get("AGENCY_NAME") or "Dekranasda Kabupaten Banyuasin"
        #: Redis for rate limits, background jobs and their schedule; without it jobs run inline
        self.REDIS_URL = env.get("REDIS_URL") or None
        #: where rate limits count; production wants another database than REDIS_URL's (see there)
        self.RATELIMIT_STORAGE_URI = env.get("RATELIMIT_STORAGE_URI") or self.REDIS_URL or "memory://"
        #: seconds an anonymous visitor's page is kept in Redis (marketplace/page_cache.py); 0 turns
        #: the page cache off. Without REDIS_URL there is none.
        self.PAGE_CACHE_SECONDS = int(env.get("PAGE_CACHE_SECONDS", "60"))
        self._read_rate_limits(env)
        #: minutes a website session may stay unused: the agency's roles (admin, curator), others
        self.AGENCY_SESSION_IDLE_MINUTES = int(env.get("AGENCY_SESSION_IDLE_MINUTES", "120"))
        self.SESSION_IDLE_MINUTES = int(env.get("SESSION_IDLE_MINUTES", str(7 * 24 * 60)))
        #: hours after logging in that an agency session ends, however active it stays
        self.AGENCY_SESSION_MAX_HOURS = int(env.get("AGENCY_SESSION_MAX_HOURS", "12"))
        self.JOBS_QUEUE = env.get("JOBS_QUEUE", "marketplace")
        #: seconds between two scheduled runs of `flask jobs scheduler`
        self.JOBS_EXPIRE_EVERY = int(env.get("JOBS_EXPIRE_EVERY", "300"))
        self.JOBS_RECONCILE_EVERY = int(env.get("JOBS_RECONCILE_EVERY", "900"))
        self.JOBS_COMPLETE_EVERY = int(env.get("JOBS_COMPLETE_EVERY", "3600"))
        #: seconds between two moves of the reach counts (page views, share taps) from Redis to the database
        self.JOBS_REACH_EVERY = int(env.get("JOBS_REACH_EVERY", "300"))
        #: a shipped order the customer has neither confirmed nor reported a problem with completes
        #: by itself this many days after shipping (`flask orders complete-shipped`, the scheduler)
        self.ORDER_AUTO_COMPLETE_DAYS = int(env.get("ORDER_AUTO_COMPLETE_DAYS", "14"))
        #: one account's checkouts waiting for a card payment or a transfer, and the pieces they hold
        #: off the shelf: past either, a new checkout is refused until one is paid or cancelled
        self.UNPAID_CHECKOUTS_PER_ACCOUNT = int(env.get("UNPAID_CHECKOUTS_PER_ACCOUNT", "3"))
        self.UNPAID_UNITS_PER_ACCOUNT = int(env.get("UNPAID_UNITS_PER_ACCOUNT", "20"))
        #: `local` keeps images in UPLOAD_FOLDER; `s3` in an S3-compatible bucket
        self.STORAGE_BACKEND = env.get("STORAGE_BACKEND", "local")
        self.S3_BUCKET = env.get("S3_BUCKET")
        self.S3_ENDPOINT_URL = env.get("S3_ENDPOINT_URL") or None  # empty means AWS itself
        self.S3_REGION = env.get("S3_REGION") or None
        self.S3_ACCESS_KEY_ID = env.get("S3_ACCESS_KEY_ID") or None  # empty: boto3's own credentials
        self.S3_SECRET_ACCESS_KEY = env.get("S3_SECRET_ACCESS_KEY") or None
        #: `json` writes one JSON line per request (production); `plain` a readable line
        self.LOG_FORMAT = env.get("LOG_FORMAT", "plain")
        #: how many proxies (load balancer, nginx) stand in front and set X-Forwarded-For and -Proto
        self.PROXY_COUNT = int(env.get("PROXY_COUNT", "0"))
        #: whether those proxies also set X-Forwarded-Host; left off, a forged one is ignored
        self.PROXY_FORWARDS_HOST = env.get("PROXY_FORWARDS_HOST", "0") == "1"
        self.MAIL_SERVER = env.get("MAIL_SERVER", "localhost")
        self.MAIL_PORT = int(env.get("MAIL_PORT", "587"))
        self.MAIL_USERNAME = env.get("MAIL_USERNAME")
        self.MAIL_PASSWORD = env.get("MAIL_PASSWORD")
        self.MAIL_USE_TLS = env.get("MAIL_USE_TLS", "1") == "1"
        if env.get("MAIL_DEFAULT_SENDER"):
            self.MAIL_DEFAULT_SENDER = env["MAIL_DEFAULT_SENDER"]
        # The agency's account customers transfer to; without a number, bank transfer is not offered.
        self.BANK_NAME = env.get("BANK_NAME", "Bank Sumsel Babel")
        self.BANK_ACCOUNT_NUMBER = env.get("BANK_ACCOUNT_NUMBER")
        self.BANK_ACCOUNT_HOLDER = env.get("BANK_ACCOUNT_HOLDER", "Dekranasda Kabupaten Banyuasin")
        # Card payments; without a secret key the card option is simply not offered.
        self.STRIPE_SECRET_KEY = env.get("STRIPE_SECRET_KEY")
        self.STRIPE_PUBLISHABLE_KEY = env.get("STRIPE_PUBLISHABLE_KEY")
        self.STRIPE_WEBHOOK_SECRET = env.get("STRIPE_WEBHOOK_SECRET")
        #: another API address, for a local fake Stripe in tests; empty means Stripe itself
        self.STRIPE_API_BASE = env.get("STRIPE_API_BASE")
        self.STRIPE_JS_URL = env.get("STRIPE_JS_URL", "https://js.stripe.com/v3/")
        # QRIS, e-wallets, virtual accounts and counters through Midtrans Snap; without both keys
        # none of them is offered.
        self.MIDTRANS_SERVER_KEY = env.get("MIDTRANS_SERVER_KEY")
        self.MIDTRANS_CLIENT_KEY = env.get("MIDTRANS_CLIENT_KEY")
        #: 1 takes real money; 0 is Midtrans's sandbox
        self.MIDTRANS_IS_PRODUCTION = env.get("MIDTRANS_IS_PRODUCTION", "0") == "1"
        #: another API address, for the tests' fake Midtrans (Snap is under /snap/v1 there); empty
        #: means Midtrans itself, sandbox or production
        self.MIDTRANS_API_BASE = env.get("MIDTRANS_API_BASE") or None
        #: where the pay page loads Snap.js from; empty: Midtrans's own, sandbox or production
        self.MIDTRANS_SNAP_JS_URL = env.get("MIDTRANS_SNAP_JS_URL") or None
        #: the Midtrans channels offered, comma-separated; empty offers all of them
        self.MIDTRANS_METHODS = _channels(env.get("MIDTRANS_METHODS", ""))
        if env.get("MAIL_BACKEND"):
            self.MAIL_BACKEND = env["MAIL_BACKEND"]
        #: the agency's share of each completed sale's goods, in percent (a decimal such as 2.5 is fine)
        self.COMMISSION_PERCENT = _percent(env.get("COMMISSION_PERCENT", "0"))


    def _read_rate_limits(self, env) -> None:
        """Flask-Limiter strings; `;` joins steps, so that each step waits longer (a backoff)."""
        #: failed logins and token requests for one account, and from one address; a browser the
        #: account has logged in from before counts apart (marketplace/auth/devices.py)
        self.LOGIN_LIMIT_PER_ACCOUNT = env.get("LOGIN_LIMIT_PER_ACCOUNT",
                                               "5 per 5 minutes;10 per hour;20 per day")
        self.LOGIN_LIMIT_PER_IP = env.get("LOGIN_LIMIT_PER_IP", "20 per 15 minutes;100 per day")
        #: registrations that send an email, from one address and to one email
        self.REGISTER_LIMIT_PER_IP = env.get("REGISTER_LIMIT_PER_IP", "10 per hour;30 per day")
        self.REGISTER_LIMIT_PER_EMAIL = env.get("REGISTER_LIMIT_PER_EMAIL", "3 per hour;5 per day")
        #: password reset requests from one address and for one email
        self.RESET_LIMIT_PER_IP = env.get("RESET_LIMIT_PER_IP", "10 per hour")
        self.RESET_LIMIT_PER_EMAIL = env.get("RESET_LIMIT_PER_EMAIL", "3 per hour;5 per day")
        #: checkouts placed and transfer receipts sent by one account
        self.CHECKOUT_LIMIT = env.get("CHECKOUT_LIMIT", "20 per hour;50 per day")
        self.RECEIPT_UPLOAD_LIMIT = env.get("RECEIPT_UPLOAD_LIMIT", "10 per hour;30 per day")


class DevelopmentConfig(Config):
    def __init__(self, environ=None):
        super().__init__(environ)
        self.SECRET_KEY = self.SECRET_KEY or _development_secret(INSTANCE_DIR / "secret_key")
        # A made-up account, so the demo can show the bank transfer flow.
        self.BANK_ACCOUNT_NUMBER = self.BANK_ACCOUNT_NUMBER or "0000-DEMO-0000"


class ProductionConfig(Config):
    #: `__Host-`: the browser keeps it only if it came over HTTPS for the whole site (Path=/) and
    #: for this host alone (no Domain), so no sibling domain can set or overwrite the session
    SESSION_COOKIE_NAME = "__Host-session"
    SESSION_COOKIE_PATH = "/"
    SESSION_COOKIE_DOMAIN = None
    SESSION_COOKIE_SECURE = True
    DEVICE_COOKIE_NAME = "__Host-known_device"  # see auth/devices.py: set with Path=/, no Domain
    REMEMBER_COOKIE_SECURE = True
    MAIL_BACKEND = "smtp"

    def __init__(self, environ=None):
        env = os.environ if environ is None else environ
        needed = ["SECRET_KEY", "DATABASE_URL", "PUBLIC_URL"]
        if env.get("STORAGE_BACKEND") == "s3":
            needed.append("S3_BUCKET")
        if env.get("REDIS_URL"):
            needed.append("RATELIMIT_STORAGE_URI")
        missing = [name for name in needed if not env.get(name)]
        if missing:
            raise RuntimeError(
                "Production configuration needs these environment variables: " + ", ".join(missing)
            )
        if env.get("REDIS_URL") and env["RATELIMIT_STORAGE_URI"] == env["REDIS_URL"]:
            raise RuntimeError("RATELIMIT_STORAGE_URI must be another Redis database than REDIS_URL: "
                               "stored pages filling the cache must not push login counters out")
        super().__init__(env)
        self.LOG_FORMAT = env.get("LOG_FORMAT", "json")
        #: requests for any other host are refused (400), so no link is ever built on a forged one
        self.TRUSTED_HOSTS = _trusted_hosts(self.PUBLIC_URL, env.get("TRUSTED_HOSTS", ""))


class TestConfig(Config):
    TESTING = True
    MAIL_BACKEND = "memory"

    def __init__(self, database_url, upload_folder, environ=None):
        super().__init__(environ if environ is not None else {})
        self.SECRET_KEY = "test-secret-key"
        self.SQLALCHEMY_DATABASE_URI = database_url
        self.MAIL_BACKEND = "memory"
        self.UPLOAD_FOLDER = upload_folder
        self.BANK_ACCOUNT_NUMBER = "1234567890"


CONFIGS = {"development": DevelopmentConfig, "production": ProductionConfig}


def config_from_environment():
    name = os.environ.get("MARKETPLACE_ENV", "development")
    if name not in CONFIGS:
        raise RuntimeError(f"MARKETPLACE_ENV must be one of {', '.join(CONFIGS)}, not {name!r}")
    return CONFIGS[name]()


#: the payment methods (marketplace.payments.models.PaymentMethod) that Midtrans takes
MIDTRANS_CHANNELS = ("qris", "gopay", "shopeepay", "bca_va", "bni_va", "bri_va", "mandiri_va", "permata_va",
                     "indomaret", "alfamart")


def _channels(text: str) -> tuple[str, ...]:
    chosen = tuple(name.strip().lower() for name in text.split(",") if name.strip())
    unknown = [name for name in chosen if name not in MIDTRANS_CHANNELS]
    if unknown:
        raise RuntimeError(f"MIDTRANS_METHODS: unknown {', '.join(unknown)}; "
                           f"choose from {', '.join(MIDTRANS_CHANNELS)}")
    return chosen or MIDTRANS_CHANNELS


def _percent(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = Decimal(-1)
    if not value.is_finite() or not 0 <= value <= 100:
        raise RuntimeError(f"COMMISSION_PERCENT must be a number from 0 to 100, not {text!r}")
    return value


def _trusted_hosts(public_url: str, extra: str) -> list[str]:
    """PUBLIC_URL's host, and the comma-separated TRUSTED_HOSTS (an address the load balancer's
    health checks use; `.example.id` for every subdomain)."""
    hosts = [urlsplit(public_url).hostname or ""] + [host.strip() for host in extra.split(",")]
    return [host for host in dict.fromkeys(hosts) if host]


def _sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def _development_secret(path: Path) -> str:
    """A random key kept in instance/, so development sessions survive a restart."""
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key
