from flask import render_template

from marketplace.payments import bp


@bp.route("/payments/methods")
def methods():
    return render_template("payments/methods.html")


from marketplace.payments import dashboard  # noqa: E402,F401
