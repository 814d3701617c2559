from flask import abort, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user

from marketplace.extensions import db
from marketplace.main import bp
from marketplace.main.queries import home_sections
from marketplace.web.page_cache import cached_page
from marketplace.web.security import safe_next_url


@bp.route("/")
@cached_page(members=True)
def index():
    return render_template("main/index.html", **home_sections())


@bp.route("/language", methods=["POST"])
def set_language():
    language = request.form.get("lang", "")
    if language not in current_app.config["LANGUAGES"]:
        abort(400)
    session["lang"] = language
    if current_user.is_authenticated:
        current_user.locale = language
        db.session.commit()
    return redirect(safe_next_url(request.form.get("next"), url_for("main.index")))
