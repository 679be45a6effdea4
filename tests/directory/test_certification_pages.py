"""Members keep their certifications with evidence; staff check the evidence; nobody else sees it.

Evidence is judged by its content: a PDF by its header and its end, a JPEG or PNG by decoding it
(and it is stored re-encoded, without metadata). A script renamed to .pdf or .png, a cut-off PDF
and a file over 10 MB are refused with a clear message and nothing is stored. The file gets a
random name outside the public media folder and is served only to the organisation's members
and to staff. Status shows per day (expired clearly), edits use optimistic locking, every change
is in the history; the verification queue lists unverified evidence oldest first, and verifying
or sending back is recorded (sending back mails the members with the reason).
"""

from datetime import date, timedelta

from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

import pytest

from impactplein.directory import evidence, services
from impactplein.directory.constants import CertificationKind
from impactplein.directory.models import Certification
from tests.directory.factories import OrganisationFactory, UserFactory, certification, grant
from tests.directory.uploads import PDF, jpeg, pdf, png, script_as

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.PRIVATE_MEDIA_ROOT


def stored_files(root) -> list:
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def add(organisation, **kwargs) -> Certification:
    values = {"kind": CertificationKind.B_CORP, "valid_from": date(2026, 1, 1)}
    values.update(kwargs)
    return services.certification_add(actor=None, organisation=organisation, **values)


# --- evidence by content -------------------------------------------------------------------------


def test_the_pure_check_knows_pdf_jpeg_and_png_by_their_bytes():
    assert evidence.sniff(PDF) is evidence.Kind.PDF
    assert evidence.sniff(b"\xff\xd8\xff\xe0rest") is evidence.Kind.JPEG
    assert evidence.sniff(b"\x89PNG\r\n\x1a\nrest") is evidence.Kind.PNG
    assert evidence.sniff(b"<svg onload=alert(1)>") is None
    assert evidence.problem(PDF, PDF[-100:], len(PDF), 10_000) is None
    assert evidence.problem(PDF, b"no end", len(PDF), 10_000) is evidence.Problem.BROKEN_PDF
    assert evidence.problem(PDF, PDF, 20_000, 10_000) is evidence.Problem.TOO_LARGE
    assert evidence.problem(b"", b"", 0, 10_000) is evidence.Problem.EMPTY


def test_a_pdf_is_stored_under_a_random_name_outside_the_public_media(private_root, settings):
    organisation = OrganisationFactory()
    first = add(organisation, evidence=pdf("mijn certificaat.pdf"))
    second = add(organisation, evidence=pdf("mijn certificaat.pdf"))
    assert first.evidence.name.startswith("certifications/")
    assert first.evidence.name.endswith(".pdf")
    assert "certificaat" not in first.evidence.name
    assert first.evidence.name != second.evidence.name
    assert len(stored_files(private_root)) == 2
    assert stored_files(settings.MEDIA_ROOT) == []
    with pytest.raises(ValueError, match="no URL"):
        first.evidence.url  # noqa: B018


def test_an_image_is_re_encoded_without_its_metadata(private_root):
    held = add(OrganisationFactory(), evidence=jpeg("scan.jpg", exif=True))
    stored = held.evidence.read()
    assert stored.startswith(b"\xff\xd8\xff")
    assert b"Camera Maker" not in stored


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (script_as("certificaat.pdf"), "geen PDF, JPEG of PNG"),
        (script_as("certificaat.png"), "geen PDF, JPEG of PNG"),
        (SimpleUploadedFile("x.svg", b"<svg onload='alert(1)'/>"), "geen PDF, JPEG of PNG"),
        (pdf(content=PDF[:60]), "beschadigd of onvolledig"),
        (SimpleUploadedFile("leeg.pdf", b""), "leeg"),
    ],
)
def test_evidence_is_refused_by_its_content_and_nothing_is_stored(upload, message, private_root):
    organisation = OrganisationFactory()
    with pytest.raises(ValidationError) as refused:
        add(organisation, evidence=upload)
    assert message in " ".join(refused.value.message_dict["evidence"])
    assert not Certification.objects.exists()
    assert stored_files(private_root) == []


def test_a_file_over_ten_megabytes_is_refused(private_root):
    big = SimpleUploadedFile("groot.pdf", PDF[:-6] + b" " * (10 * 1024 * 1024) + b"%%EOF\n")
    with pytest.raises(ValidationError, match="te groot"):
        add(OrganisationFactory(), evidence=big)
    assert stored_files(private_root) == []


# --- pages: list, add, edit, remove --------------------------------------------------------------


def list_url(organisation) -> str:
    return reverse("directory:certifications", kwargs={"organisation_pk": organisation.pk})


def test_the_list_shows_each_status_and_expired_clearly(client):
    owner = UserFactory()
    organisation = OrganisationFactory(owner=owner)
    today = timezone.localdate()
    certification(
        organisation, valid_from=today - timedelta(days=400), valid_until=today - timedelta(days=1)
    )
    certification(
        organisation,
        kind=CertificationKind.PSO,
        level="trede_2",
        valid_from=today - timedelta(days=10),
        valid_until=today + timedelta(days=20),
    )
    certification(
        organisation,
        kind=CertificationKind.ISO_26000,
        valid_from=today + timedelta(days=5),
        valid_until=None,
    )
    client.force_login(owner)
    page = client.get(list_url(organisation)).content.decode()
    assert 'data-status="expired"' in page
    assert "Verlopen" in page
    assert 'data-status="expiring"' in page
    assert "PSO trede 2" in page
    assert 'data-status="not_yet_valid"' in page


def test_a_member_adds_a_certification_with_evidence(client, private_root):
    owner = UserFactory()
    organisation = OrganisationFactory(owner=owner)
    client.force_login(owner)
    response = client.post(
        reverse("directory:certification_add", kwargs={"organisation_pk": organisation.pk}),
        {
            "kind": CertificationKind.CO2_PRESTATIELADDER,
            "level": "3",
            "valid_from": "2026-01-01",
            "valid_until": "2028-12-31",
            "evidence": pdf(),
        },
    )
    assert response.status_code == 302
    held = organisation.certifications.get()
    assert held.level == "3"
    assert held.evidence
    assert held.history.first().history_user == owner


def test_bad_input_is_refused_with_the_input_kept(client, private_root):
    owner = UserFactory()
    organisation = OrganisationFactory(owner=owner)
    client.force_login(owner)
    response = client.post(
        reverse("directory:certification_add", kwargs={"organisation_pk": organisation.pk}),
        {
            "kind": CertificationKind.PSO,
            "level": "",
            "valid_from": "2026-05-01",
            "valid_until": "2026-04-01",
            "evidence": script_as("certificaat.pdf"),
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Kies het niveau van deze certificering." in page
    assert "Deze datum ligt voor de begindatum." in page
    assert 'value="2026-05-01"' in page
    assert not Certification.objects.exists()


def test_a_script_as_evidence_is_refused_on_the_page(client, private_root):
    owner = UserFactory()
    organisation = OrganisationFactory(owner=owner)
    client.force_login(owner)
    response = client.post(
        reverse("directory:certification_add", kwargs={"organisation_pk": organisation.pk}),
        {
            "kind": CertificationKind.B_CORP,
            "valid_from": "2026-01-01",
            "evidence": script_as("x.png"),
        },
    )
    assert "geen PDF, JPEG of PNG" in response.content.decode()
    assert not Certification.objects.exists()
    assert stored_files(private_root) == []


def test_an_edit_on_an_older_version_is_refused_and_shows_both(client):
    owner = UserFactory()
    organisation = OrganisationFactory(owner=owner)
    held = certification(organisation)
    services.certification_update(
        actor=None, certification=held, expected_version=1, valid_until=date(2029, 1, 1)
    )
    client.force_login(owner)
    response = client.post(
        reverse(
            "directory:certification_edit",
            kwargs={"organisation_pk": organisation.pk, "pk": held.pk},
        ),
        {
            "kind": CertificationKind.B_CORP,
            "valid_from": "2026-01-01",
            "valid_until": "2030-01-01",
            "version": 1,
        },
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Iemand anders heeft deze certificering intussen gewijzigd" in page
    assert "1 januari 2030" in page or "2030-01-01" in page
    held.refresh_from_db()
    assert held.valid_until == date(2029, 1, 1)


def test_new_evidence_or_new_dates_make_a_verified_certification_unverified(private_root):
    held = add(OrganisationFactory(), evidence=pdf())
    staff = grant(UserFactory(), "directory.verify_certification")
    held = services.certification_verify(actor=staff, certification=held)
    old_file = held.evidence.name
    updated = services.certification_update(
        actor=None, certification=held, expected_version=held.version, evidence=png()
    )
    assert updated.verified_at is None
    assert updated.evidence.name != old_file


def test_removing_keeps_the_history_and_deletes_the_file(
    client, private_root, django_capture_on_commit_callbacks
):
    owner = UserFactory()
    organisation = OrganisationFactory(owner=owner)
    held = add(organisation, evidence=pdf())
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse(
                "directory:certification_remove",
                kwargs={"organisation_pk": organisation.pk, "pk": held.pk},
            ),
            {"version": held.version},
        )
    assert response.status_code == 302
    assert not Certification.objects.exists()
    assert stored_files(private_root) == []
    assert Certification.history.filter(id=held.pk, history_type="-").exists()
    page = client.get(list_url(organisation)).content.decode()
    assert "verwijderd" in page


# --- who may see what ----------------------------------------------------------------------------


def evidence_url(held) -> str:
    return reverse(
        "directory:certification_evidence",
        kwargs={"organisation_pk": held.organisation_id, "pk": held.pk},
    )


def test_evidence_is_served_to_members_and_staff_only(client, private_root):
    owner = UserFactory()
    organisation = OrganisationFactory(owner=owner)
    held = add(organisation, evidence=pdf())

    assert client.get(evidence_url(held)).status_code == 302  # a visitor goes to the login page
    client.force_login(UserFactory())
    assert client.get(evidence_url(held)).status_code == 403
    client.force_login(owner)
    response = client.get(evidence_url(held))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-1.4")
    assert response["Cache-Control"] == "private, no-store"
    client.force_login(grant(UserFactory(), "directory.verify_certification"))
    assert client.get(evidence_url(held)).status_code == 200


def test_another_organisations_member_sees_neither_list_nor_evidence(client, private_root):
    held = add(OrganisationFactory(owner=UserFactory()), evidence=pdf())
    stranger = UserFactory()
    OrganisationFactory(owner=stranger)
    client.force_login(stranger)
    assert client.get(list_url(held.organisation)).status_code == 403
    assert client.get(evidence_url(held)).status_code == 403


# --- verification --------------------------------------------------------------------------------


def test_the_queue_lists_unverified_evidence_oldest_first_for_staff_only(client, private_root):
    older = add(OrganisationFactory(name="Eerste"), evidence=pdf())
    newer = add(OrganisationFactory(name="Tweede"), evidence=pdf())
    add(OrganisationFactory(name="Zonder bewijs"))
    Certification.objects.filter(pk=older.pk).update(created_at=timezone.now() - timedelta(days=3))
    client.force_login(UserFactory())
    assert client.get(reverse("directory:certification_queue")).status_code == 403
    client.force_login(grant(UserFactory(), "directory.verify_certification"))
    page = client.get(reverse("directory:certification_queue")).content.decode()
    assert page.index("Eerste") < page.index("Tweede")
    assert "Zonder bewijs" not in page
    assert newer.pk


def test_staff_verify_or_send_back_with_a_reason_and_it_is_recorded(client, private_root):
    owner = UserFactory(email="lid@example.org")
    held = add(OrganisationFactory(owner=owner), evidence=pdf())
    second = add(held.organisation, kind=CertificationKind.ISO_26000, evidence=pdf())
    staff = grant(UserFactory(), "directory.verify_certification")
    client.force_login(staff)

    client.post(reverse("directory:certification_verify", kwargs={"pk": held.pk}))
    held.refresh_from_db()
    assert held.verified_by == staff
    assert held.history.first().history_user == staff

    refused = client.post(
        reverse("directory:certification_return", kwargs={"pk": second.pk}), {"reason": ""}
    )
    assert refused.status_code == 400
    client.post(
        reverse("directory:certification_return", kwargs={"pk": second.pk}),
        {"reason": "Het certificaat is verlopen."},
    )
    second.refresh_from_db()
    assert second.returned_reason == "Het certificaat is verlopen."
    assert second.verified_at is None
    assert mail.outbox[-1].to == ["lid@example.org"]
    assert "Het certificaat is verlopen." in mail.outbox[-1].body
    page = client.get(reverse("directory:certification_queue")).content.decode()
    assert "Er wacht geen bewijs op controle." in page


def test_a_member_cannot_verify_their_own_evidence(client, private_root):
    owner = UserFactory()
    held = add(OrganisationFactory(owner=owner), evidence=pdf())
    client.force_login(owner)
    assert (
        client.post(reverse("directory:certification_verify", kwargs={"pk": held.pk})).status_code
        == 403
    )
    held.refresh_from_db()
    assert held.verified_at is None
