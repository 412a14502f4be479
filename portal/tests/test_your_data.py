"""A person downloads everything the portal holds about them, and nothing of anyone else's."""

import io
import json
import zipfile

import pytest
from django.urls import reverse

from accounts_registry.models import Secret
from accounts_registry.tests.factories import AccessFactory, AccountFactory
from accounts_registry.vault import vault_store
from approvals.models import Comment, Step
from approvals.services import attachment_add
from approvals.tests.factories import RequestFactory, StepFactory
from audit.models import AuditEvent
from declarations.tests.factories import DeclarationFactory
from notifications.tests.factories import NotificationFactory
from records.tests.conftest import make_record, record_storage  # noqa: F401 (fixtures)
from staff.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("your_data")
PASSWORD = "Correct-Horse-Battery-Staple-7"


def download(client) -> zipfile.ZipFile:
    response = client.post(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="your-data-')
    return zipfile.ZipFile(io.BytesIO(response.content))


def parts_of(archive: zipfile.ZipFile) -> dict[str, list[dict]]:
    content = json.loads(archive.read("your-data.json"))
    return {part["part"]: part["rows"] for part in content["parts"]}


def test_the_page_says_what_the_file_holds(mfa_client, person):
    page = mfa_client(person).get(URL).content.decode()
    assert "Download your data" in page
    assert "never included" in page


def test_the_file_holds_the_persons_record_declarations_requests_and_notifications(
    mfa_client, person
):
    DeclarationFactory(requirement__user=person, typed_name="Pat Example")
    RequestFactory(requester=person, summary="Software: Audacity for the podcast")
    NotificationFactory(recipient=person, subject="Your declaration is due")
    someone_else = UserFactory()
    DeclarationFactory(requirement__user=someone_else, typed_name="Someone Else")
    RequestFactory(requester=someone_else, summary="Software: someone else's editor")

    parts = parts_of(download(mfa_client(person)))

    assert parts["staff-record"][0]["work email"] == person.email
    assert [row["name typed"] for row in parts["declarations"]] == ["Pat Example"]
    assert [row["title"] for row in parts["requests"]] == ["Software: Audacity for the podcast"]
    assert parts["requests"][0]["answers"]["What software or download"] == "Audacity 3.6"
    assert [row["subject"] for row in parts["notifications"]] == ["Your declaration is due"]


def test_an_internal_investigation_about_them_stays_hidden(mfa_client, person):
    RequestFactory(affected=person, summary="Mailbox access: out of office cover")
    RequestFactory(affected=person, internal_investigation=True, summary="Mailbox access: hidden")

    parts = parts_of(download(mfa_client(person)))

    assert [row["title"] for row in parts["requests"]] == ["Mailbox access: out of office cover"]


def test_their_decisions_and_what_they_wrote_name_the_request(mfa_client, person):
    someone_else = UserFactory()
    step = StepFactory(
        decided_by=person, on_behalf_of=someone_else, status=Step.Status.APPROVED, note="Agreed."
    )
    Comment.objects.create(request=step.request, author=person, body="Note.", internal=True)
    Comment.objects.create(request=step.request, author=someone_else, body="Not theirs.")

    parts = parts_of(download(mfa_client(person)))

    assert parts["decisions"] == [
        {
            "request": step.request.reference,
            "decision": "Approved",
            "when": None,
            "on behalf of": someone_else.full_name,
            "reason or advice": "Agreed.",
        }
    ]
    assert [(row["request"], row["comment"]) for row in parts["comments"]] == [
        (step.request.reference, "Note.")
    ]


def test_files_they_attached_are_in_the_file(mfa_client, person, record_storage):  # noqa: F811
    request = RequestFactory(requester=person)
    pdf = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
    attachment = attachment_add(request=request, actor=person, name="../quote 2026.pdf", data=pdf)
    attachment_add(request=request, actor=UserFactory(), name="theirs.pdf", data=pdf)

    archive = download(mfa_client(person))

    path = f"attachments/{request.reference}/{attachment.pk}-quote_2026.pdf"
    assert [row["file"] for row in parts_of(archive)["attachments"]] == [path]
    assert [name for name in archive.namelist() if name.startswith("attachments/")] == [path]
    assert archive.read(path) == pdf


def test_signed_records_are_in_the_file_as_they_were_signed(mfa_client, person, make_record):  # noqa: F811
    record = make_record(subject=person, title="Annual policy declaration 2026", produce=True)
    make_record(subject=UserFactory(), title="Someone else's record", produce=True)

    archive = download(mfa_client(person))

    with record.file.open("rb") as stored:
        assert archive.read(f"records/{record.reference}.pdf") == stored.read()
    assert [name for name in archive.namelist() if name.startswith("records/")] == [
        f"records/{record.reference}.pdf"
    ]
    assert parts_of(archive)["records"][0]["reference"] == record.reference


def test_a_record_missing_from_storage_is_named_rather_than_failing_the_download(
    mfa_client,
    person,
    make_record,  # noqa: F811
):
    record = make_record(subject=person, produce=True)
    record.file.storage.delete(record.file.name)

    archive = download(mfa_client(person))

    assert f"records/{record.reference}.pdf" not in archive.namelist()
    readme = archive.read("README.txt").decode()
    assert (
        f"could not be read from storage; the administrators can help:\nrecords/{record.reference}.pdf"
        in readme
    )


def test_accounts_are_listed_but_never_their_credentials(mfa_client, person):
    account = AccountFactory(owner=person, active=True, handle="@OPCC_Youth")
    vault_store(account=account, field=Secret.Field.PASSWORD, value=PASSWORD, actor=person)
    AccessFactory(account=AccountFactory(active=True, handle="@OPCC_News"), person=person)

    archive = download(mfa_client(person))

    parts = parts_of(archive)
    assert [row["you are"] for row in parts["social-media-accounts"]] == ["owner"]
    assert "@OPCC_News" in parts["social-media-access"][0]["account"]
    for name in archive.namelist():
        assert PASSWORD.encode() not in archive.read(name)


def test_the_download_is_audited(mfa_client, person):
    download(mfa_client(person))
    event = AuditEvent.objects.get(action="personal_data.downloaded")
    assert event.actor == person
    assert event.details["parts"]["staff-record"] == 1


def test_a_sign_in_that_is_not_recent_is_confirmed_first(mfa_client, person):
    response = mfa_client(person, recently=False).post(URL)
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(action="personal_data.downloaded").exists()


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.post(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_whatever_the_form_sends_the_download_is_only_ever_the_persons_own(mfa_client, person):
    someone_else = UserFactory()
    RequestFactory(requester=someone_else, summary="Software: someone else's editor")
    response = mfa_client(person).post(
        URL, {"user": someone_else.pk, "pk": "987654321", "email": "x" * 5000}
    )
    assert response.status_code == 200
    content = json.loads(zipfile.ZipFile(io.BytesIO(response.content)).read("your-data.json"))
    assert content["person"] == person.email
