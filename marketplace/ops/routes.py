"""`/healthz` says the process answers (the load balancer restarts it otherwise); `/readyz` says it
can serve (the load balancer sends it no traffic otherwise): the database, and Redis and the image
storage where configured, answer. Neither needs a login, and neither counts against a rate limit."""

from flask import current_app, jsonify
from sqlalchemy import text

from marketplace.extensions import db, limiter, redis_connection
from marketplace.media.storage import get_storage
from marketplace.ops import bp


@bp.get("/healthz")
@limiter.exempt
def healthz():
    return jsonify(status="ok")


@bp.get("/readyz")
@limiter.exempt
def readyz():
    checks = {"database": _database, "storage": _storage}
    if current_app.config.get("REDIS_URL"):
        checks["redis"] = _redis
    results = {name: _outcome(name, check) for name, check in checks.items()}
    failed = sorted(name for name, result in results.items() if result != "ok")
    body = {"status": "unavailable" if failed else "ok", "checks": results, "failed": failed}
    return jsonify(body), 503 if failed else 200


def _outcome(name: str, check) -> str:
    try:
        check()
    except Exception:  # whatever the driver raises, the answer is "not ready", with the cause in the log
        current_app.logger.exception("Readiness check %s failed", name)
        return "failed"
    return "ok"


def _database() -> None:
    try:
        db.session.execute(text("SELECT 1"))
    finally:
        db.session.rollback()


def _redis() -> None:
    redis_connection().ping()


def _storage() -> None:
    get_storage().check()
