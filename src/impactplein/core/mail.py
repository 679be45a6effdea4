"""All e-mail leaves the request through a background task.

``QueuedEmailBackend`` is the project's ``EMAIL_BACKEND``: it turns each message into plain JSON and
enqueues :func:`impactplein.core.tasks.send_email` once the surrounding transaction commits, so a
rolled-back sign-up never sends a mail and a slow mail server never slows a page. The task hands the
message to ``EMAIL_DELIVERY_BACKEND`` (SMTP in production, files under ``var/mail/`` in the demo).

The payload is JSON because the task queue stores arguments as JSON: texts stay texts, binary
attachment content travels base64-encoded, and pre-built MIME parts travel as their bytes.
"""

import base64
import email
import email.policy
from collections.abc import Sequence
from email.message import Message
from email.mime.base import MIMEBase
from typing import Any

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction


class _ParsedMimePart(MIMEBase):
    """A MIME part rebuilt from bytes; Django attaches only ``MIMEBase`` instances as they are."""

    def __init__(self, policy: Any = None) -> None:
        # Skip MIMEBase's own headers: the parser fills in the part's headers from the bytes.
        Message.__init__(self, policy=policy or email.policy.compat32)


def _encode(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _attachment_bytes(content: Any) -> bytes:
    if isinstance(content, EmailMessage):  # a forwarded message (message/rfc822)
        return bytes(content.message().as_bytes())
    if isinstance(content, Message):
        return content.as_bytes()
    if isinstance(content, str):
        return content.encode()
    return bytes(content)


def message_to_payload(message: EmailMessage) -> dict[str, Any]:
    """Turn ``message`` into JSON-ready data that :func:`payload_to_message` restores."""
    attachments: list[dict[str, Any]] = []
    for attachment in message.attachments:
        if isinstance(attachment, MIMEBase):
            attachments.append({"mime": _encode(attachment.as_bytes())})
            continue
        filename, content, mimetype = attachment
        attachments.append(
            {
                "filename": filename,
                "content": _encode(_attachment_bytes(content)),
                "mimetype": mimetype,
            }
        )
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "content_subtype": message.content_subtype,
        "from_email": str(message.from_email),
        "to": [str(address) for address in message.to],
        "cc": [str(address) for address in message.cc],
        "bcc": [str(address) for address in message.bcc],
        "reply_to": [str(address) for address in message.reply_to],
        "headers": {str(name): str(value) for name, value in message.extra_headers.items()},
        "alternatives": [
            [str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
        "attachments": attachments,
    }


def payload_to_message(payload: dict[str, Any]) -> EmailMultiAlternatives:
    """Rebuild the message that :func:`message_to_payload` turned into data."""
    message = EmailMultiAlternatives(
        subject=payload["subject"],
        body=payload["body"],
        from_email=payload["from_email"],
        to=payload["to"],
        cc=payload["cc"],
        bcc=payload["bcc"],
        reply_to=payload["reply_to"],
        headers=payload["headers"],
    )
    message.content_subtype = payload.get("content_subtype", "plain")
    for content, mimetype in payload["alternatives"]:
        message.attach_alternative(content, mimetype)
    for attachment in payload["attachments"]:
        if "mime" in attachment:
            raw = base64.b64decode(attachment["mime"])
            message.attach(email.message_from_bytes(raw, _class=_ParsedMimePart))
            continue
        message.attach(
            attachment["filename"], base64.b64decode(attachment["content"]), attachment["mimetype"]
        )
    return message


class QueuedEmailBackend(BaseEmailBackend):
    """Enqueue each message for delivery by a worker once the current transaction commits."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        from impactplein.core.tasks import send_email

        count = 0
        for message in email_messages:
            if not message.recipients():
                continue
            payload = message_to_payload(message)
            transaction.on_commit(lambda payload=payload: send_email.enqueue(payload))
            count += 1
        return count
