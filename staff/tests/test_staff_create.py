import pytest
from django.urls import reverse

from audit.models import AuditEvent
from staff.models import Team, User
from staff.tests.factories import TeamFactory

pytestmark = pytest.mark.django_db

URL = reverse("staff:create")


def form_data(**overrides):
    data = {
        "full_name": "Dana Hughes",
        "email": "Dana.Hughes@opcc.example.org",
        "job_title": "Policy Officer",
        "team": "",
        "new_team": "",
        "staff_type": "permanent",
        "line_manager": "",
        "mailbox_nominee": "",
        "start_date": "2025-04-01",
        "leaving_date": "",
    }
    return {**data, **overrides}


def test_creates_a_person_and_audits_it(mfa_client, admin_user, manager):
    team = TeamFactory(name="Policy")
    response = mfa_client(admin_user).post(
        URL, form_data(team=team.pk, line_manager=manager.email, mailbox_nominee=manager.email.upper())
    )
    dana = User.objects.get(email="dana.hughes@opcc.example.org")
    assert response.status_code == 302
    assert response.url == reverse("staff:detail", args=[dana.pk])
    assert (dana.team, dana.line_manager, dana.mailbox_nominee) == (team, manager, manager)
    assert not dana.has_usable_password()
    event = AuditEvent.objects.get(action="staff.created")
    assert (event.actor, event.target_id) == (admin_user, str(dana.pk))


def test_creates_a_new_team_typed_in(mfa_client, admin_user):
    mfa_client(admin_user).post(URL, form_data(new_team="  Victims'   Services "))
    dana = User.objects.get(email="dana.hughes@opcc.example.org")
    assert dana.team.name == "Victims' Services"
    assert AuditEvent.objects.filter(action="team.created").count() == 1


def test_keeps_what_was_typed_when_something_is_wrong(mfa_client, admin_user):
    response = mfa_client(admin_user).post(
        URL, form_data(email="dana@gmail.com", job_title="Policy Officer (interim)")
    )
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert b"Use their work address ending @opcc.example.org" in response.content
    assert b'value="dana@gmail.com"' in response.content
    assert b'value="Policy Officer (interim)"' in response.content
    assert not User.objects.filter(full_name="Dana Hughes").exists()


def test_refuses_an_email_already_in_use(mfa_client, admin_user, person):
    response = mfa_client(admin_user).post(URL, form_data(email=person.email.upper()))
    assert response.status_code == 200
    assert b"already exists" in response.content


def test_refuses_a_leaving_date_before_the_start(mfa_client, admin_user):
    response = mfa_client(admin_user).post(URL, form_data(leaving_date="2025-03-01"))
    assert b"The leaving date must be on or after the start date." in response.content


def test_refuses_a_team_chosen_and_typed(mfa_client, admin_user):
    team = TeamFactory()
    response = mfa_client(admin_user).post(URL, form_data(team=team.pk, new_team="Another"))
    assert b"not both" in response.content
    assert not Team.objects.filter(name="Another").exists()


def test_refuses_a_line_manager_who_no_longer_works_here(mfa_client, admin_user):
    from staff.tests.factories import UserFactory

    gone = UserFactory(full_name="Gone Person", is_active=False)
    response = mfa_client(admin_user).post(URL, form_data(line_manager=gone.email))
    assert response.status_code == 200
    assert b"Gone Person" in response.content
    assert b"no longer works here" in response.content
    assert not User.objects.filter(full_name="Dana Hughes").exists()


@pytest.mark.parametrize("fixture", ["auditor", "chief_executive", "person"])
def test_refuses_anyone_but_an_administrator(request, mfa_client, fixture):
    client = mfa_client(request.getfixturevalue(fixture))
    assert client.get(URL).status_code == 403
    assert client.post(URL, form_data()).status_code == 403
    assert not User.objects.filter(full_name="Dana Hughes").exists()


def test_sends_anonymous_visitors_to_sign_in(client):
    assert client.get(URL).url.startswith(reverse("account_login"))
