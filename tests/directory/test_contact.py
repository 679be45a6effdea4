"""The contact form relays a visitor's message to an enterprise without showing its address.

The message goes by mail to the organisation's address (or, without one, to its owners'), with
Reply-To the visitor, so the enterprise answers directly; the visitor never sees the enterprise's
address. Robots are kept out without third parties or JavaScript: a honeypot field, a signed
timestamp (too fast or too old is refused), limits per visitor address and per organisation, and
at most two links. Every refusal says why and keeps what the visitor typed; nothing is sent then.
Nothing of the message is stored beyond the mail itself.
"""

import time
from datetime import timedelta

from django.core import mail
from django.test import Client
from django.urls import reverse

import pytest
import time_machine

from impactplein.directory import forms, services
from impactplein.directory.models import ImpactProfile
from impactplein.directory.services import profile_publish
from impactplein.organisations.constants import MembershipRole
from tests.directory.factories import OrganisationFactory, UserFactory, member, profile

pytestmark = pytest.mark.django_db

# A word no other record of any test holds, so finding it anywhere means the message was kept.
MESSAGE = "Goedemiddag, wij zoeken een partner voor het onderhoud van onze bakfietsvloot."


@pytest.fixture
def enterprise() -> ImpactProfile:
    organisation = OrganisationFactory(name="Fietsfabriek Dordt", email="info@fietsfabriek.nl")
    return profile_publish(actor=None, profile=profile(organisation))


def contact_url(item: ImpactProfile) -> str:
    return reverse("directory:contact", args=[item.pk])


def form_data(item: ImpactProfile, *, age: float = 60, **overrides: str) -> dict[str, str]:
    """What the form sends, as if it was handed out ``age`` seconds ago."""
    with time_machine.travel(time.time() - age, tick=False):
        token = forms.contact_token(item.pk)
    data = {
        "name": "Jan Jansen",
        "email": "jan@example.org",
        "message": MESSAGE,
        "website": "",
        "token": token,
    }
    data.update(overrides)
    return data


def send(client: Client, item: ImpactProfile, **kwargs: object):
    return client.post(contact_url(item), form_data(item, **kwargs))  # type: ignore[arg-type]


def test_the_form_asks_name_address_and_message_and_hides_the_enterprises_address(
    client: Client, enterprise: ImpactProfile
) -> None:
    response = client.get(contact_url(enterprise))
    assert response.status_code == 200
    html = response.content.decode()
    for label in ("Uw naam", "Uw e-mailadres", "Uw bericht"):
        assert label in html
    assert "info@fietsfabriek.nl" not in html
    assert 'name="token"' in html
    assert "<div hidden>" in html  # the honeypot stays out of sight and out of the reading order


def test_a_message_is_relayed_with_reply_to_the_sender(
    client: Client, enterprise: ImpactProfile
) -> None:
    response = send(client, enterprise)

    assert response.status_code == 302
    assert response["Location"] == enterprise.get_absolute_url()
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["info@fietsfabriek.nl"]
    assert sent.reply_to == ["Jan Jansen <jan@example.org>"]
    assert "Jan Jansen" in sent.subject
    assert MESSAGE in sent.body
    assert "jan@example.org" in sent.body
    assert "jan@example.org" not in sent.from_email
    page = client.get(response["Location"]).content.decode()
    assert "Uw bericht is doorgestuurd naar Fietsfabriek Dordt." in page
    assert "info@fietsfabriek.nl" not in page


def test_without_an_organisation_address_the_owners_receive_it(client: Client) -> None:
    organisation = OrganisationFactory(email="")
    owner = member(organisation, MembershipRole.OWNER, email="eigenaar@example.org")
    member(organisation, MembershipRole.EDITOR, email="redacteur@example.org")
    item = profile_publish(actor=None, profile=profile(organisation))
    assert owner.email == "eigenaar@example.org"

    send(client, item)

    assert mail.outbox[0].to == ["eigenaar@example.org"]


def test_without_anyone_to_receive_the_form_says_so(client: Client) -> None:
    item = profile_publish(actor=None, profile=profile(OrganisationFactory(email="")))
    html = client.get(contact_url(item)).content.decode()
    assert "kan op dit moment geen berichten via Impactplein ontvangen" in html
    assert 'name="message"' not in html
    response = send(client, item)
    assert response.status_code == 429
    assert not mail.outbox


def test_a_draft_profile_has_no_contact_form(client: Client) -> None:
    item = profile(OrganisationFactory(email="info@example.org"))
    assert client.get(contact_url(item)).status_code == 404
    assert send(client, item).status_code == 404
    assert not mail.outbox


def refused(response, text: str) -> str:
    assert response.status_code in (400, 429)
    html = response.content.decode()
    assert text in html
    assert not mail.outbox
    return html


def test_a_filled_honeypot_is_refused_and_the_input_kept(
    client: Client, enterprise: ImpactProfile
) -> None:
    html = refused(
        send(client, enterprise, website="http://spam.example"), "automatisch ingevuld lijkt"
    )
    assert MESSAGE in html
    assert 'value="Jan Jansen"' in html
    assert "spam.example" not in html  # the honeypot comes back empty


def test_a_form_sent_back_within_seconds_is_refused(
    client: Client, enterprise: ImpactProfile
) -> None:
    html = refused(send(client, enterprise, age=1), "erg snel verstuurd")
    assert MESSAGE in html


def test_a_form_open_for_hours_is_refused_and_can_be_sent_again(
    client: Client, enterprise: ImpactProfile
) -> None:
    response = send(client, enterprise, age=forms.CONTACT_MAX_SECONDS + 60)
    html = refused(response, "stond te lang open")
    assert MESSAGE in html
    fresh = response.context["token"]
    with time_machine.travel(timedelta(seconds=10)):
        data = form_data(enterprise) | {"token": fresh}
        assert client.post(contact_url(enterprise), data).status_code == 302
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("token", ["", "rommel", "eyJwIjoxfQ:1abc:forged"])
def test_a_missing_or_forged_timestamp_is_refused(
    client: Client, enterprise: ImpactProfile, token: str
) -> None:
    refused(send(client, enterprise, token=token), "niet goed ontvangen")


def test_a_timestamp_of_another_enterprises_form_is_refused(
    client: Client, enterprise: ImpactProfile
) -> None:
    other = profile_publish(actor=None, profile=profile(OrganisationFactory(email="a@b.nl")))
    data = form_data(enterprise, token=form_data(other)["token"])
    refused(client.post(contact_url(enterprise), data), "hoort bij een andere onderneming")


def test_more_than_two_links_are_refused(client: Client, enterprise: ImpactProfile) -> None:
    message = "Kijk op https://a.example, http://b.example en www.c.example"
    html = refused(send(client, enterprise, message=message), "hoogstens 2 links")
    assert "www.c.example" in html
    mail.outbox.clear()
    assert (
        send(client, enterprise, message="Zie https://a.example en www.b.example").status_code
        == 302
    )


@pytest.mark.parametrize(
    ("field", "value", "text"),
    [
        ("name", "", "Uw naam"),
        ("email", "geen-adres", "Uw e-mailadres"),
        ("message", "", "Uw bericht"),
        ("message", "x" * 5001, "Uw bericht"),
    ],
)
def test_missing_or_bad_fields_are_named_in_the_error_summary(
    client: Client, enterprise: ImpactProfile, field: str, value: str, text: str
) -> None:
    html = refused(send(client, enterprise, **{field: value}), "Uw bericht is niet verstuurd")
    summary = html[html.index("impactplein-error-summary") :]
    assert f'href="#id_{field}"' in summary
    assert text in summary


def test_a_name_with_a_line_break_cannot_add_mail_headers(
    client: Client, enterprise: ImpactProfile
) -> None:
    refused(send(client, enterprise, name="Jan\nBcc: iedereen@example.org"), "gewone tekens")


def test_one_visitor_is_limited_per_hour(
    client: Client, enterprise: ImpactProfile, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services, "CONTACT_LIMIT_PER_IP", (2, 3600))
    others = [
        profile_publish(actor=None, profile=profile(OrganisationFactory(email=f"o{n}@example.nl")))
        for n in range(3)
    ]
    assert send(client, others[0]).status_code == 302
    assert send(client, others[1]).status_code == 302
    html = refused_after(send(client, others[2]), "afgelopen uur al veel berichten", sent=2)
    assert MESSAGE in html
    # Another visitor is not held back, and the limit lifts after the hour.
    assert send(Client(REMOTE_ADDR="192.0.2.9"), others[2]).status_code == 302
    with time_machine.travel(timedelta(hours=1, minutes=1)):
        assert send(client, others[2], age=60).status_code == 302


def test_one_enterprise_is_limited_per_day(
    client: Client, enterprise: ImpactProfile, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services, "CONTACT_LIMIT_PER_ORGANISATION", (2, 86400))
    for number in range(2):
        visitor = Client(REMOTE_ADDR=f"192.0.2.{number + 1}")
        assert send(visitor, enterprise).status_code == 302
    html = refused_after(
        send(Client(REMOTE_ADDR="192.0.2.50"), enterprise), "vandaag al veel berichten", sent=2
    )
    assert MESSAGE in html


def refused_after(response, text: str, *, sent: int) -> str:
    assert response.status_code == 429
    html = response.content.decode()
    assert text in html
    assert len(mail.outbox) == sent
    return html


def test_the_message_is_not_stored(client: Client, enterprise: ImpactProfile) -> None:
    from django.apps import apps
    from django.db import DatabaseError, models, transaction

    send(client, enterprise)
    assert len(mail.outbox) == 1
    for model in apps.get_models():
        if model._meta.app_label.startswith("django_tasks"):
            continue  # the mail queue: the message waits there until it is delivered
        for field in model._meta.get_fields():
            if not isinstance(field, models.TextField | models.CharField | models.JSONField):
                continue
            try:
                with transaction.atomic():
                    found = model.objects.filter(
                        **{f"{field.name}__icontains": "bakfietsvloot"}
                    ).exists()
            except DatabaseError:
                continue  # a column the database cannot search as text
            assert not found, f"{model.__name__}.{field.name} holds the message"


def test_a_signed_in_member_writes_the_same_way(client: Client, enterprise: ImpactProfile) -> None:
    client.force_login(UserFactory())
    assert send(client, enterprise).status_code == 302
    assert len(mail.outbox) == 1
