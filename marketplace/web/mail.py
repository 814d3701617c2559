"""Sending email. The backend comes from config: `log` writes the message to the log (development),
`memory` keeps it in a list tests read, `smtp` sends it. Every message is delivered by a background
job (marketplace/jobs): retried when the mail server fails, run inline when there is no Redis."""

import smtplib
from email.message import EmailMessage

from flask import current_app

from marketplace.jobs import enqueue, job


def outbox() -> list[EmailMessage]:
    """Messages sent by the `memory` backend."""
    return current_app.extensions.setdefault("mail_outbox", [])


#: how a delivery is retried while the mail server is down; also for a job that delivers its one message
MAIL_RETRIES = {"retries": 5, "intervals": (10, 60, 300, 900, 3600)}


def site_context():
    """Emails are written inside this: their links use the configured public address (PUBLIC_URL),
    never the host the request that caused them came in on, and a job or command gets one too."""
    return current_app.test_request_context(base_url=current_app.config["PUBLIC_URL"])


def send_email(to: str, subject: str, body: str) -> str | None:
    """Queue the message; returns the job's id, or None when it was delivered at once."""
    sender = current_app.config["MAIL_DEFAULT_SENDER"]
    return enqueue(deliver, sender, to, subject, body, description=f"email to {to}: {subject}")


def deliver_now(to: str, subject: str, body: str) -> None:
    """Deliver the message in this process. For a job that writes one message and is retried like a
    delivery (MAIL_RETRIES): a job of its own for the delivery would only add a round through the queue."""
    deliver(current_app.config["MAIL_DEFAULT_SENDER"], to, subject, body)


@job(**MAIL_RETRIES)
def deliver(sender: str, to: str, subject: str, body: str) -> None:
    _BACKENDS[current_app.config["MAIL_BACKEND"]](_compose(sender, to, subject, body))


def _compose(sender: str, to: str, subject: str, body: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    return message


def _log(message: EmailMessage) -> None:
    current_app.logger.info("Email to %s: %s\n%s", message["To"], message["Subject"],
                            message.get_content())


def _memory(message: EmailMessage) -> None:
    outbox().append(message)


def _smtp(message: EmailMessage) -> None:
    config = current_app.config
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=20) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(message)


_BACKENDS = {"log": _log, "memory": _memory, "smtp": _smtp}
