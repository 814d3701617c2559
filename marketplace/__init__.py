"""The Banyuasin batik and jumputan marketplace."""

from importlib import import_module
from pathlib import Path

from flask import Flask

from marketplace.audit.labels import action_label
from marketplace.auth.labels import ROLE_LABELS
from marketplace.auth.sessions import load_user_from_session
from marketplace.extensions import babel, csrf, db, limiter, login_manager, migrate
from marketplace.ops import request_log
from marketplace.orders.labels import METHOD_LABELS, ORDER_STATUS_LABELS, PAYMENT_STATUS_LABELS, event_note
from marketplace.orders.queries import artisan_todo
from marketplace.payments.gateways import payment_scripts
from marketplace.payments.ledger import KIND_LABELS as LEDGER_KIND_LABELS
from marketplace.products import cards
from marketplace.products.labels import (
    DYE_TYPE_LABELS,
    FABRIC_LABELS,
    MISSING_LABELS,
    STATUS_LABELS,
    TECHNIQUE_LABELS,
)
from marketplace.products.models import LOW_STOCK
from marketplace.products.search import include_in_autogenerate
from marketplace.sharing import meta as sharing_meta
from marketplace.sharing import structured as structured_data
from marketplace.shops.labels import SHOP_STATE_LABELS
from marketplace.web import errors, i18n, security, templating, transactions
from marketplace.web.i18n import select_locale
from marketplace.web.localtime import local_date

ROOT = Path(__file__).resolve().parent.parent


def create_app(config=None) -> Flask:
    app = Flask(__name__, template_folder=str(ROOT / "templates"),
                static_folder=str(ROOT / "static"), instance_path=str(ROOT / "instance"))
    if config is None:
        from config import config_from_environment

        config = config_from_environment()
    app.config.from_object(config)
    with app.app_context():
        scripts = payment_scripts()
    security.register(app, scripts)  # before the blueprints: it sets the converter their ids go through
    register_extensions(app)
    transactions.register(app)  # after db.init_app (see there)
    register_blueprints(app)
    register_template_helpers(app)
    register_error_handlers(app)
    register_commands(app)
    register_request_log(app)
    return app


def register_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), include_name=include_in_autogenerate)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    i18n.register(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.user_loader(load_user_from_session)
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"


FEATURES = ("main", "auth", "media", "shops", "products", "orders", "payments", "reports", "curation",
            "sharing", "reach", "admin", "api", "ops")
#: the packages with a `cli.py` whose `commands` join `flask`
COMMANDS = ("auth", "orders", "jobs", "schedule", "demo", "admin", "sharing")


def register_blueprints(app: Flask) -> None:
    for feature in FEATURES:
        package = import_module(f"marketplace.{feature}")
        import_module(f"marketplace.{feature}.routes")  # attaches the views to the blueprint
        app.register_blueprint(package.bp)


def register_template_helpers(app: Flask) -> None:
    """The core helpers, and the features' labels and cards every template may show."""
    templating.register(
        app, role_labels=ROLE_LABELS, technique_labels=TECHNIQUE_LABELS, dye_type_labels=DYE_TYPE_LABELS,
        fabric_labels=FABRIC_LABELS, status_labels=STATUS_LABELS, low_stock=LOW_STOCK,
        order_status_labels=ORDER_STATUS_LABELS, payment_status_labels=PAYMENT_STATUS_LABELS,
        ledger_kind_labels=LEDGER_KIND_LABELS, missing_labels=MISSING_LABELS, method_labels=METHOD_LABELS,
        state_labels=SHOP_STATE_LABELS)
    app.add_template_filter(local_date, "local_date")
    app.add_template_filter(event_note, "event_note")
    app.add_template_filter(action_label, "audit_action")
    # the artisan's dashboard (products) opens on what waits in orders, which build on products
    app.add_template_global(artisan_todo, "artisan_todo")
    cards.register(app)
    sharing_meta.register(app)
    structured_data.register(app)


def register_error_handlers(app: Flask) -> None:
    errors.register(app)


def register_commands(app: Flask) -> None:
    for package in COMMANDS:
        for command in import_module(f"marketplace.{package}.cli").commands:
            app.cli.add_command(command)


def register_request_log(app: Flask) -> None:
    request_log.register(app)
