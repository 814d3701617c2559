"""Background jobs: inline without Redis, on RQ with it; a job that fails for the last time is kept
in the database, shown to admins and run again from there."""

import pytest
from sqlalchemy import select

from marketplace.audit.models import AuditEntry
from marketplace.auth.models import Role
from marketplace.extensions import db as _db
from marketplace.jobs import enqueue, job
from marketplace.jobs.models import FailedJob
from marketplace.jobs.queue import job_queue
from marketplace.schedule.tasks import SCHEDULE
from marketplace.web.mail import outbox as mail_outbox
from marketplace.web.mail import send_email
from tests.factories import ProductFactory, UserFactory
from tests.helpers import csrf_token, login
from tests.redis_helpers import flush, redis_url_or_skip
from tests.test_checkout import add, place

#: what the jobs below did, by argument
DONE: list[str] = []


@job(retries=1, intervals=(0,))
def note(word: str) -> None:
    DONE.append(word)


@job(retries=1, intervals=(0,))
def break_down(word: str) -> None:
    raise RuntimeError(f"the mill is closed for {word}")


@pytest.fixture(autouse=True)
def _forget_what_jobs_did():
    DONE.clear()


def failed_jobs() -> list[FailedJob]:
    return list(_db.session.scalars(select(FailedJob).order_by(FailedJob.id)))


def _refusing_smtp(make_app):
    return make_app(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=1, MAIL_USE_TLS=False)


def test_without_redis_a_job_runs_at_once(app):
    assert job_queue() is None
    assert enqueue(note, "songket") is None
    assert DONE == ["songket"] and failed_jobs() == []


def test_without_redis_an_email_is_delivered_at_once(app, outbox):
    assert send_email("ani@contoh.id", "Pesanan", "Terima kasih") is None
    assert [(m["To"], m["Subject"]) for m in outbox] == [("ani@contoh.id", "Pesanan")]


def test_a_job_that_fails_inline_is_kept_with_its_error_and_the_caller_goes_on(app, db):
    enqueue(break_down, "jumputan")
    (failed,) = failed_jobs()
    assert (failed.function, failed.arguments) == ("tests.test_jobs:break_down", ["jumputan"])
    assert failed.attempts == 1
    assert failed.description == "break_down('jumputan')"
    assert failed.error_summary == "RuntimeError: the mill is closed for jumputan"
    assert failed.retried_at is None


def test_an_email_the_mail_server_refuses_is_kept_without_its_body_on_show(make_app):
    _refusing_smtp(make_app)
    send_email("ani@contoh.id", "Atur ulang kata sandi", "rahasia-token-123")
    (failed,) = failed_jobs()
    assert failed.function == "marketplace.web.mail:deliver"
    assert failed.description == "email to ani@contoh.id: Atur ulang kata sandi"
    assert "ConnectionRefusedError" in failed.error


@pytest.fixture
def admin_client(app):
    client = app.test_client()
    login(client, UserFactory(roles=[Role.ADMIN]))
    return client


def retry(client, failed_id):
    token = csrf_token(client, "/admin/jobs")
    return client.post(f"/admin/jobs/{failed_id}/retry", data={"csrf_token": token})


def test_the_admin_page_lists_failed_jobs_without_their_arguments(make_app):
    app = _refusing_smtp(make_app)
    send_email("ani@contoh.id", "Atur ulang kata sandi", "rahasia-token-123")
    client = app.test_client()
    login(client, UserFactory(roles=[Role.ADMIN]))
    page = client.get("/admin/jobs").get_data(as_text=True)
    assert "email to ani@contoh.id: Atur ulang kata sandi" in page and "ConnectionRefusedError" in page
    assert "rahasia-token-123" not in page
    assert "Jalankan lagi" in page  # the retry button, in Indonesian


@pytest.mark.parametrize("roles", [[Role.CURATOR], [Role.CUSTOMER]])
def test_only_admins_see_failed_jobs(client, roles):
    login(client, UserFactory(roles=roles))
    assert client.get("/admin/jobs").status_code == 403


def test_an_admin_runs_a_failed_email_again_once_the_mail_server_is_back(make_app):
    app = _refusing_smtp(make_app)
    send_email("ani@contoh.id", "Pesanan", "Terima kasih")
    (failed,) = failed_jobs()
    app.config["MAIL_BACKEND"] = "memory"  # the mail server answers again
    client = app.test_client()
    admin = UserFactory(roles=[Role.ADMIN])
    login(client, admin)
    response = retry(client, failed.id)
    assert response.status_code == 302
    assert [m["Subject"] for m in app.extensions["mail_outbox"]] == ["Pesanan"]
    _db.session.refresh(failed)
    assert failed.retried_at is not None and failed.retried_by_id == admin.id
    entry = _db.session.scalar(select(AuditEntry).where(AuditEntry.action == "job.retry"))
    assert entry.actor_id == admin.id and entry.target_id == str(failed.id)
    assert "Dijalankan lagi" in client.get("/admin/jobs").get_data(as_text=True)


def test_a_job_that_fails_again_comes_back_as_a_new_row(app, admin_client):
    enqueue(break_down, "pedada")
    retry(admin_client, failed_jobs()[0].id)
    first, second = failed_jobs()
    assert first.retried_at is not None and second.retried_at is None
    assert second.arguments == ["pedada"]


def test_a_job_run_again_twice_or_no_longer_in_the_code_is_refused_with_a_message(app, admin_client):
    enqueue(note, "tenun")  # succeeds: nothing recorded
    gone = FailedJob(function="marketplace.nowhere:vanished", arguments=[], description="vanished()",
                     attempts=1, error="RuntimeError: old")
    _db.session.add(gone)
    _db.session.commit()
    page = admin_client.get(retry(admin_client, gone.id).headers["Location"]).get_data(as_text=True)
    assert "tidak ada lagi" in page
    enqueue(break_down, "jumputan")
    failed = failed_jobs()[-1]
    retry(admin_client, failed.id)
    again = retry(admin_client, failed.id)
    assert "sudah dijalankan lagi" in admin_client.get(again.headers["Location"]).get_data(as_text=True)
    assert retry(admin_client, 9999).status_code == 404


def test_the_scheduler_runs_the_periodic_jobs_inline_without_redis(runner):
    result = runner.invoke(args=["jobs", "scheduler", "--once"])
    assert result.exit_code == 0, result.output
    assert "Queued marketplace.schedule.tasks:expire_unpaid" in result.output
    assert "Queued marketplace.schedule.tasks:reconcile_payments" in result.output
    assert failed_jobs() == []


def test_the_worker_needs_redis(runner):
    result = runner.invoke(args=["jobs", "worker", "--burst"])
    assert result.exit_code == 1 and "REDIS_URL is not set" in result.output


@pytest.fixture
def redis_app(make_app):
    url = redis_url_or_skip(2)
    yield make_app(REDIS_URL=url)
    flush(url)


def test_with_redis_a_job_waits_for_the_worker_which_retries_then_keeps_the_failure(redis_app):
    assert enqueue(note, "songket") is not None
    assert enqueue(break_down, "jumputan") is not None
    assert DONE == [] and job_queue().count == 2
    result = redis_app.test_cli_runner().invoke(args=["jobs", "worker", "--burst"])
    assert result.exit_code == 0, result.output
    assert DONE == ["songket"]
    (failed,) = failed_jobs()
    assert (failed.function, failed.attempts) == ("tests.test_jobs:break_down", 2)  # one retry


def test_with_redis_two_schedulers_queue_each_periodic_job_once_per_period(redis_app):
    runner = redis_app.test_cli_runner()
    first = runner.invoke(args=["jobs", "scheduler", "--once"])
    second = runner.invoke(args=["jobs", "scheduler", "--once"])
    assert first.output.count("Queued") == len(SCHEDULE) and second.output.count("Queued") == 0
    assert job_queue().count == len(SCHEDULE)


def test_with_redis_a_checkout_answers_before_its_email_is_written_and_the_worker_sends_it(redis_app):
    outbox = mail_outbox()
    client = redis_app.test_client()
    buyer = UserFactory(email="dewi@contoh.id")
    login(client, buyer)
    variant = ProductFactory(variants=[(350_000, 3)]).variants[0]
    job_queue().empty()  # the listing's share image waits for the worker too; the checkout's job is watched
    add(client, variant)
    placed = place(client)
    assert placed.status_code == 302 and "/checkouts/" in placed.headers["Location"]
    assert outbox == []
    queued = [job.args[0] for job in job_queue().get_jobs()]
    assert queued == ["marketplace.orders.notifications:tell_checkout_placed"]
    result = redis_app.test_cli_runner().invoke(args=["jobs", "worker", "--burst"])
    assert result.exit_code == 0, result.output
    (email,) = outbox
    assert email["To"] == "dewi@contoh.id"
    assert "http://127.0.0.1:5000/checkouts/" in email.get_content()  # the worker links with PUBLIC_URL


def test_when_redis_is_down_a_job_is_kept_for_an_admin_instead_of_lost(make_app):
    make_app(REDIS_URL="redis://127.0.0.1:1/2")
    enqueue(note, "pedada")
    (failed,) = failed_jobs()
    assert failed.attempts == 0 and "ConnectionError" in failed.error and DONE == []
