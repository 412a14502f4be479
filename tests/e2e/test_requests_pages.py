"""The requests' lists and the decision page with its errors in a real browser:
axe-core finds nothing, and each is saved as a screenshot for people to look at. The
catalogue, every form with its errors and the delegations page are checked in
tests/e2e/test_requests_accessibility.py; check your answers, the request page and the
decision page along the journeys (tests/e2e/test_requests_journeys.py)."""

import datetime as dt

import pytest
from django.utils import timezone

from approvals import services
from approvals.models import Step
from approvals.tests.factories import form_answers
from kernel.roles import RoleKey
from staff.authority_presets import PRESETS
from staff.services import authority_matrix_load
from staff.tests.factories import TeamFactory, UserFactory, enable_totp, give_role
from tests.e2e.conftest import assert_accessible, screenshot


def _day(offset: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=offset)).isoformat()


def _person(full_name, *, role=None, **fields):
    email = full_name.lower().replace(" ", ".") + "@opcc.example.org"
    user = UserFactory(full_name=full_name, email=email, **fields)
    user.totp_secret = None
    if role:
        give_role(user, role)
        user.totp_secret = enable_totp(user)
    return user


@pytest.fixture
def people(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    authority_matrix_load(
        preset=PRESETS["west-midlands-opcc"], actor=None, name="west-midlands-opcc"
    )
    team = TeamFactory(name="Casework")
    boss = _person("Morgan Manager", job_title="Head of Casework", team=team)
    return {
        "requester": _person(
            "Robin Requester", job_title="Casework Manager", team=team, line_manager=boss
        ),
        "holder": _person("Holly Holder", job_title="Caseworker", team=team),
        "receiver": _person("Gabe Given", job_title="Caseworker", team=team),
        "chief": _person("Casey Chief", role=RoleKey.CHIEF_EXECUTIVE, job_title="Chief Executive"),
        "security": _person(
            "Ina Security", role=RoleKey.INFORMATION_SECURITY, job_title="Security Lead"
        ),
    }


def _check(page, name):
    assert_accessible(page, name)
    screenshot(page, f"requests-page-{name.replace(' ', '-')}")


def test_my_requests_is_accessible(people, browser_as, live_server):
    requester = people["requester"]
    services.request_draft_save(requester=requester, type_key="software_permission", answers={})
    page = browser_as(requester)

    page.goto(f"{live_server.url}/requests/")

    _check(page, "my requests")


def test_the_decision_makers_pages_are_accessible(people, browser_as, live_server):
    requester, chief = people["requester"], people["chief"]
    answers = form_answers("mailbox_access", requester, {
        "holder": people["holder"].email, "access": "auto_forward",
        "given_to": people["receiver"].email, "reason": "Cover for casework while Holly is on leave.",
        "justification": "", "starts_on": _day(1), "ends_on": _day(14),
    })  # fmt: skip
    draft = services.request_draft_save(
        requester=requester, type_key="mailbox_access", answers=answers
    )
    request = services.request_submit(request=draft, actor=requester)
    step = request.steps.get(status=Step.Status.OPEN)
    page = browser_as(chief)

    page.goto(f"{live_server.url}/requests/awaiting/")
    _check(page, "awaiting my decision")
    page.goto(f"{live_server.url}/requests/{request.pk}/steps/{step.pk}/")
    _check(page, "decision page")
    page.get_by_role("button", name="Refuse").click()
    page.get_by_role("heading", name="There is a problem").wait_for()
    _check(page, "decision page with errors")
    page.goto(f"{live_server.url}/requests/{request.pk}/")
    _check(page, "request page decision maker")
    page.goto(f"{live_server.url}/requests/all/")
    _check(page, "all requests")
