import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEvent
from staff.models import User

pytestmark = pytest.mark.django_db

UPLOAD = reverse("staff:import")
CONFIRM = reverse("staff:import_confirm")

GOOD = (
    "email,full_name,job_title,team,line_manager_email\n"
    "ann.boss@opcc.example.org,Ann Boss,Head of Policy,Policy,\n"
    "bob.report@opcc.example.org,Bob Report,Policy Officer,Policy,ann.boss@opcc.example.org\n"
)


def upload(client, text, name="staff.csv"):
    data = text.encode() if isinstance(text, str) else text
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, data, "text/csv")})


def test_shows_the_upload_form(mfa_client, admin_user):
    response = mfa_client(admin_user).get(UPLOAD)
    assert response.status_code == 200
    assert b"What the file needs" in response.content


def test_a_file_with_one_bad_row_is_refused_with_its_line_number(mfa_client, admin_user):
    bad = GOOD + "carl@example.com,Carl,,Policy,\n"
    response = upload(mfa_client(admin_user), bad)
    assert response.status_code == 200
    assert b"Nothing has been imported" in response.content
    assert b"Line 4" in response.content
    assert (
        b"The email address carl@example.com is not an @opcc.example.org address."
        in response.content
    )
    assert not User.objects.filter(email__startswith="ann.boss").exists()
    assert "staff_import" not in mfa_client(admin_user).session


def test_a_good_file_is_previewed_then_imported_on_confirmation(mfa_client, admin_user):
    client = mfa_client(admin_user)
    preview = upload(client, GOOD)
    assert b"2 new, 0 updated" in preview.content
    assert b"Teams to create: Policy" in preview.content
    assert not User.objects.filter(email="ann.boss@opcc.example.org").exists()
    digest = preview.context["digest"]
    response = client.post(CONFIRM, {"digest": digest}, follow=True)
    assert (
        b"Imported staff.csv: 2 new, 0 updated, 0 unchanged; teams created: Policy."
        in response.content
    )
    bob = User.objects.get(email="bob.report@opcc.example.org")
    assert bob.line_manager.email == "ann.boss@opcc.example.org"
    assert AuditEvent.objects.get(action="staff.imported").actor == admin_user
    assert "staff_import" not in client.session


def test_confirming_checks_the_file_again(mfa_client, admin_user, manager):
    client = mfa_client(admin_user)
    text = f"email,full_name,line_manager_email\ncat@opcc.example.org,Cat,{manager.email}\n"
    digest = upload(client, text).context["digest"]
    # Meanwhile the line manager named in the file is deactivated.
    User.objects.filter(pk=manager.pk).update(is_active=False)
    response = client.post(CONFIRM, {"digest": digest})
    assert b"Nothing has been imported" in response.content
    assert b"is no longer active" in response.content
    assert not User.objects.filter(email="cat@opcc.example.org").exists()


def test_confirming_needs_the_digest_of_the_previewed_file(mfa_client, admin_user):
    client = mfa_client(admin_user)
    upload(client, GOOD)
    response = client.post(CONFIRM, {"digest": "0" * 64}, follow=True)
    assert b"Upload the file again" in response.content
    assert not User.objects.filter(email="ann.boss@opcc.example.org").exists()


def test_confirming_asks_to_confirm_who_you_are_if_not_recent(mfa_client, admin_user):
    client = mfa_client(admin_user, recently=False)
    digest = upload(client, GOOD).context["digest"]
    response = client.post(CONFIRM, {"digest": digest})
    assert response.url.startswith(reverse("account_reauthenticate"))
    assert not User.objects.filter(email="ann.boss@opcc.example.org").exists()


def test_refuses_a_file_over_the_size_limit(mfa_client, admin_user, settings):
    settings.STAFF_IMPORT_MAX_BYTES = 100
    response = upload(mfa_client(admin_user), GOOD)
    assert b"the largest allowed is 100" in response.content


def test_refuses_a_spreadsheet_or_a_file_not_in_utf8(mfa_client, admin_user):
    client = mfa_client(admin_user)
    assert b"not a CSV text file" in upload(client, b"PK\x03\x04\x00\x00", "staff.csv").content
    latin = "email,full_name\nzoë@opcc.example.org,Zoë\n".encode("latin-1")
    assert b"is not UTF-8 text" in upload(client, latin).content
    assert b"Choose a CSV file" in upload(client, GOOD, "staff.xlsx").content


@pytest.mark.parametrize("fixture", ["auditor", "chief_executive", "person"])
def test_refuses_anyone_but_an_administrator(request, mfa_client, fixture):
    client = mfa_client(request.getfixturevalue(fixture))
    assert client.get(UPLOAD).status_code == 403
    assert upload(client, GOOD).status_code == 403
    assert client.post(CONFIRM, {"digest": "x"}).status_code == 403


def test_sends_anonymous_visitors_to_sign_in(client):
    assert client.get(UPLOAD).url.startswith(reverse("account_login"))
    assert client.post(CONFIRM).url.startswith(reverse("account_login"))
