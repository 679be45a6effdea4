"""All e-mail leaves the request through a background task.

``QueuedEmailBackend`` is the project's ``EMAIL_BACKEND``: it turns each message into plain JSON and
enqueues :func:`impactplein.core.tasks.send_email` once the surrounding transaction commits, so a
rolled-back sign-up never sends a mail and a slow mail server never slows a page. The task hands the
message to ``EMAIL_DELIVERY_BACKEND`` (SMTP in production, files under ``var/mail/`` in the demo).
"""

import base64
from collections.abc import Sequence
from email.mime.base import MIMEBase
from typing import Any

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction


def message_to_payload(message: EmailMessage) -> dict[str, Any]:
    attachments = []
    for attachment in message.attachments:
        if isinstance(attachment, MIMEBase):
            raw = attachment.as_bytes()
            attachments.append({"mime": True, "content": base64.b64encode(raw).decode()})
            continue
        filename, content, mimetype = attachment
        data = content.encode() if isinstance(content, str) else content
        attachments.append(
            {"filename": filename, "content": base64.b64encode(data).decode(), "mimetype": mimetype}
        )
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "alternatives": [
            [str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
        "attachments": attachments,
    }


def payload_to_message(payload: dict[str, Any]) -> EmailMultiAlternatives:
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
    for content, mimetype in payload["alternatives"]:
        message.attach_alternative(content, mimetype)
    for attachment in payload["attachments"]:
        if attachment.get("mime"):
            continue  # pre-built MIME parts are not produced by this project
        message.attach(
            attachment["filename"], base64.b64decode(attachment["content"]), attachment["mimetype"]
        )
    return message


class QueuedEmailBackend(BaseEmailBackend):
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
