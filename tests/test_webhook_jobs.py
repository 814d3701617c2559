"""With Redis, a payment webhook answers Stripe at once and leaves its emails to a job."""

import pytest

from marketplace.jobs.queue import job_queue
from tests import test_card_payments as card
from tests.localstripe_server import API_KEY
from tests.redis_helpers import flush, redis_url_or_skip

variant = card.variant
card_checkout = card.card_checkout


@pytest.fixture
def app(make_app, localstripe):
    url = redis_url_or_skip(2)
    yield make_app(REDIS_URL=url, STRIPE_SECRET_KEY=API_KEY, STRIPE_PUBLISHABLE_KEY="pk_test_marketplace",
                   STRIPE_WEBHOOK_SECRET=card.SECRET, STRIPE_API_BASE=localstripe.base_url)
    flush(url)


def test_the_paid_webhook_queues_its_emails_and_the_worker_sends_them(app, client, card_checkout, outbox):
    response = card.deliver(client, card.event(card_checkout))
    assert response.get_json()["outcome"] == "paid"
    assert outbox == []  # nothing was sent while Stripe waited for the answer
    queued = [(job.args[0], job.args[1]) for job in job_queue().get_jobs()]
    assert ("marketplace.orders.notifications:tell_checkout_paid", [card_checkout.checkout_id]) in queued
    result = app.test_cli_runner().invoke(args=["jobs", "worker", "--burst"])
    assert result.exit_code == 0, result.output
    recipients = [message["To"] for message in outbox]
    buyer, artisan = card_checkout.checkout.buyer, card_checkout.checkout.orders[0].shop.owner
    assert recipients.count(buyer.email) == 2 and recipients.count(artisan.email) == 1  # placed, paid
    artisan_email = next(m for m in outbox if m["To"] == artisan.email).get_content()
    assert "http://127.0.0.1:5000/" in artisan_email  # outside a request, links use PUBLIC_URL
