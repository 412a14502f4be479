"""Two decision makers acting on the same step at the same moment: exactly one decision
stands (PostgreSQL, two real transactions)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from approvals import services
from approvals.models import Request, Step
from kernel.roles import RoleKey
from records.models import Record
from staff.authority_presets import PRESETS
from staff.services import authority_matrix_load
from staff.tests.factories import UserFactory, enable_totp, give_role

from .factories import open_step, submit

SOFTWARE = {
    "software": "Audacity 3.6",
    "source": "https://www.audacityteam.org",
    "reason": "Editing the youth panel's podcast recordings.",
    "device": "Laptop WM-L-0042",
}


def chief(name: str):
    person = UserFactory(full_name=name)
    give_role(person, RoleKey.CHIEF_EXECUTIVE)
    enable_totp(person)
    return person


@pytest.mark.django_db(transaction=True)
def test_an_approval_and_a_refusal_at_once_leave_exactly_one_decision(
    transactional_db, settings, tmp_path
):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite takes one writer at a time, so there is no race to test")
    settings.MEDIA_ROOT = str(tmp_path / "media")
    authority_matrix_load(
        preset=PRESETS["west-midlands-opcc"], actor=None, name="west-midlands-opcc"
    )
    approver, refuser = chief("Casey Chief"), chief("Cameron Chief")
    step = open_step(submit("software_permission", UserFactory(), SOFTWARE))
    start = threading.Barrier(2, timeout=30)
    outcomes, errors = [], []

    def act(decide):
        try:
            start.wait()
            decide()
            outcomes.append("decided")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        except Exception as error:  # reported by the main thread
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(
            target=act, args=(lambda: services.step_approve(step=step, actor=approver),)
        ),
        threading.Thread(
            target=act,
            args=(lambda: services.step_refuse(step=step, actor=refuser, reason="No budget."),),
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert sorted(outcomes) == [
        "This step has been dealt with already; the page shows where the request stands now.",
        "decided",
    ]
    step.refresh_from_db()
    request = Request.objects.get(pk=step.request_id)
    if step.status == Step.Status.APPROVED:
        assert (request.status, step.decided_by) == (Request.Status.APPROVED, approver)
    else:
        assert (step.status, request.status, step.decided_by) == (
            Step.Status.REFUSED,
            Request.Status.REFUSED,
            refuser,
        )
    assert Record.objects.filter(kind="decision").count() == 1
