"""The Banyuasin batik and jumputan marketplace."""

from importlib import import_module
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from marketplace.extensions import babel, csrf, db, limiter, login_manager, migrate

ROOT = Path(__file__).resolve().parent.parent


def create_app(config=None) -> Flask:
    app = Flask(__name__, template_folder=str(ROOT / "templates"),
                static_folder=str(ROOT / "static"), instance_path=str(ROOT / "instance"))
    if config is None:
        from config import config_from_environment

        config = config_from_environment()
    app.config.from_object(config)
    if app.config.get("PROXY_COUNT"):  # behind a load balancer: the visitor's address, for rate limits
        count = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)
    register_extensions(app)
    register_blueprints(app)
    register_template_helpers(app)
    register_error_handlers(app)
    register_commands(app)
    register_request_log(app)
    return app


def register_extensions(app: Flask) -> None:
    from marketplace.auth.sessions import load_user_from_session
    from marketplace.i18n import select_locale
    from marketplace.products.search import include_in_autogenerate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), include_name=include_in_autogenerate)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.user_loader(load_user_from_session)
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"


FEATURES = ("main", "auth", "media", "shops", "products", "orders", "payments", "curation", "admin",
            "api", "ops")


def register_blueprints(app: Flask) -> None:
    for feature in FEATURES:
        package = import_module(f"marketplace.{feature}")
        import_module(f"marketplace.{feature}.routes")  # attaches the views to the blueprint
        app.register_blueprint(package.bp)


def register_template_helpers(app: Flask) -> None:
    from marketplace.templating import register

    register(app)


def register_error_handlers(app: Flask) -> None:
    from marketplace.errors import register

    register(app)


def register_commands(app: Flask) -> None:
    from marketplace.commands import register

    register(app)


def register_request_log(app: Flask) -> None:
    from marketplace.ops.request_log import register

    register(app)
