"""Sending email. The backend comes from config: `log` writes the message to the log (development),
`memory` keeps it in a list tests read, `smtp` sends it."""

import smtplib
from email.message import EmailMessage

from flask import current_app


def outbox() -> list[EmailMessage]:
    """Messages sent by the `memory` backend."""
    return current_app.extensions.setdefault("mail_outbox", [])


def send_email(to: str, subject: str, body: str) -> EmailMessage:
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_DEFAULT_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    _BACKENDS[config["MAIL_BACKEND"]](message)
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
