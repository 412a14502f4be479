"""Files on a request: checked by size and content, served only to those who may see it,
every download audited."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from approvals.models import Attachment
from audit.models import AuditEvent
from kernel.roles import RoleKey

from .factories import SOFTWARE, submit

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


def _add_url(request):
    return reverse("approvals:attachment_add", args=[request.pk])


def _upload(client, request, name, data):
    return client.post(_add_url(request), {"file": SimpleUploadedFile(name, data)}, follow=True)


def test_keeps_a_pdf_with_the_request(software, mfa_client, requester):
    response = _upload(mfa_client(requester), software, "quote.pdf", PDF)

    attachment = Attachment.objects.get()
    assert (attachment.name, attachment.content_type, attachment.size) == (
        "quote.pdf",
        "application/pdf",
        len(PDF),
    )
    html = response.content.decode()
    assert "The file quote.pdf has been added." in html
    assert reverse("approvals:attachment_download", args=[software.pk, attachment.pk]) in html


def test_refuses_a_program_renamed_as_a_pdf(software, mfa_client, requester):
    response = _upload(
        mfa_client(requester), software, "invoice.pdf", b"MZ\x90\x00" + b"\x00" * 200
    )

    assert "That file is not one the portal keeps" in response.content.decode()
    assert not Attachment.objects.exists()


def test_refuses_a_file_over_the_limit(software, mfa_client, requester, settings):
    settings.APPROVALS_ATTACHMENT_MAX_BYTES = 1000

    response = _upload(mfa_client(requester), software, "big.pdf", PDF + b"0" * 1000)

    assert "That file is too big: files can be up to 1000" in response.content.decode()
    assert not Attachment.objects.exists()


def test_refuses_a_body_over_the_limit_before_reading_it(software, mfa_client, requester, settings):
    settings.APPROVALS_ATTACHMENT_MAX_BYTES = 1000
    client = mfa_client(requester)

    response = client.post(
        _add_url(software),
        data=b"x" * 10,
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(10_000_000),
    )

    assert response.status_code == 302
    assert "That file is too big" in client.get(response["Location"]).content.decode()
    assert not Attachment.objects.exists()


def test_an_empty_post_asks_for_a_file(software, mfa_client, requester):
    response = mfa_client(requester).post(_add_url(software), {}, follow=True)

    assert "Choose a file to add." in response.content.decode()


def test_nobody_who_cannot_see_the_request_adds_a_file(software, mfa_client, person):
    response = _upload(mfa_client(person), software, "quote.pdf", PDF)

    assert response.status_code == 404
    assert not Attachment.objects.exists()


def _download(client, attachment):
    return client.get(
        reverse("approvals:attachment_download", args=[attachment.request_id, attachment.pk])
    )


def test_serves_the_file_as_a_download_and_audits_it(software, mfa_client, requester, holders):
    _upload(mfa_client(requester), software, "quote.pdf", PDF)
    attachment = Attachment.objects.get()
    ceo = holders[RoleKey.CHIEF_EXECUTIVE]

    response = _download(mfa_client(ceo), attachment)

    assert response.status_code == 200
    assert response.content == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="quote.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    event = AuditEvent.objects.get(action="request.attachment_read")
    assert event.actor == ceo


@pytest.mark.parametrize(
    "who", ["colleague", "line manager of the requester", "another role holder"]
)
def test_nobody_else_downloads_a_file(who, software, mfa_client, requester, person, holders):
    _upload(mfa_client(requester), software, "quote.pdf", PDF)
    attachment = Attachment.objects.get()
    other = {
        "colleague": person,
        "line manager of the requester": requester.line_manager,
        "another role holder": holders[RoleKey.COMMUNICATIONS],
    }[who]

    assert _download(mfa_client(other), attachment).status_code == 404
    assert not AuditEvent.objects.filter(action="request.attachment_read").exists()


def test_a_file_of_another_request_is_not_found_through_this_one(software, mfa_client, requester):
    other = submit("software_permission", requester, SOFTWARE)
    _upload(mfa_client(requester), other, "quote.pdf", PDF)
    attachment = Attachment.objects.get()

    url = reverse("approvals:attachment_download", args=[software.pk, attachment.pk])
    assert mfa_client(requester).get(url).status_code == 404


def test_an_upload_without_the_csrf_token_is_refused(software, requester):
    client = Client(enforce_csrf_checks=True)
    client.force_login(requester)

    response = client.post(_add_url(software), {"file": SimpleUploadedFile("quote.pdf", PDF)})

    assert response.status_code == 403
    assert not Attachment.objects.exists()
