"""Requests, steps, tasks and delegations for the tests, and answers as the forms make them."""

from __future__ import annotations

import datetime as dt

import factory

from approvals import services
from approvals.models import Delegation, Request, Step, Task
from approvals.types import answers_of, get_type
from staff.models import Role, User
from staff.tests.factories import UserFactory

# The day every test starts on (approvals/tests/conftest.py): Monday 1 June 2026.
TODAY = dt.date(2026, 6, 1)


def day(offset: int) -> str:
    """A date ``offset`` days after TODAY, as a form takes it."""
    return (TODAY + dt.timedelta(days=offset)).isoformat()


def form_answers(type_key: str, requester: User, data: dict) -> dict:
    """The answers a valid form gives for ``data``; fails the test if the form is invalid."""
    form = get_type(type_key).make_form(data, requester=requester)
    assert form.is_valid(), form.errors.as_data()
    return answers_of(form)


def form_errors(type_key: str, requester: User, data: dict) -> dict[str, list[str]]:
    """The form's error messages for ``data`` by field ("__all__" for the form's own)."""
    form = get_type(type_key).make_form(data, requester=requester)
    assert not form.is_valid()
    return {name: list(messages) for name, messages in form.errors.items()}


def submit(type_key: str, requester: User, data: dict) -> Request:
    """A request filled in through its form, saved as a draft and sent."""
    request = services.request_draft_save(
        requester=requester, type_key=type_key, answers=form_answers(type_key, requester, data)
    )
    return services.request_submit(request=request, actor=requester)


def mailbox_data(holder: User, given_to: User | None, **changes) -> dict:
    data = {
        "holder": holder.email,
        "access": "auto_forward",
        "given_to": given_to.email if given_to else "",
        "reason": "Cover for casework while they are on leave.",
        "justification": "",
        "starts_on": day(1),
        "ends_on": day(14),
    }
    return {**data, **changes}


def device_abroad_data(**changes) -> dict:
    data = {
        "device": "Work phone, asset tag WM-01234",
        "countries": "France, Belgium",
        "departs_on": day(14),
        "returns_on": day(18),
        "purpose": "A conference on victims' services in Brussels.",
        "late_reason": "",
    }
    return {**data, **changes}


def lost_device_data(**changes) -> dict:
    data = {
        "device": "Work phone, asset tag WM-01234",
        "device_owner": "work",
        "happened_on": day(0),
        "where": "On the train from Coventry",
        "locked": "yes",
        "social_accounts": "no",
        "crime_reference": "",
        "what_happened": "I left it on the seat and noticed when I got off.",
        "done_so_far": "Called the IT help desk.",
    }
    return {**data, **changes}


def open_step(request: Request) -> Step:
    """The request's one open step."""
    return request.steps.open().get()


class RequestFactory(factory.django.DjangoModelFactory):
    """A request in any status without going through the engine (for lists and tasks)."""

    class Meta:
        model = Request

    type_key = "software_permission"
    requester = factory.SubFactory(UserFactory)
    answers = factory.LazyFunction(
        lambda: {
            "software": "Audacity 3.6",
            "source": "https://www.audacityteam.org",
            "reason": "Editing the podcast recordings for the youth panel.",
            "device": "Laptop WM-L-0042",
        }
    )
    summary = "Software: Audacity 3.6 on Laptop WM-L-0042"
    status = Request.Status.SUBMITTED
    decision_key = "software.permission"


class StepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Step

    request = factory.SubFactory(RequestFactory)
    order = 1
    action = Step.Action.DECIDE
    role = factory.LazyFunction(lambda: Role.objects.get(key="chief_executive"))
    clause = "000 §24"
    status = Step.Status.OPEN


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    key = factory.Sequence(lambda n: f"test-task:{n}")
    title = factory.Sequence(lambda n: f"Task {n}")
    owner_role = factory.LazyFunction(lambda: Role.objects.get(key="it_service_desk"))
    due_on = TODAY


class DelegationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delegation

    person = factory.SubFactory(UserFactory)
    delegate = factory.SubFactory(UserFactory)
    starts_on = TODAY
    ends_on = factory.LazyAttribute(lambda d: d.starts_on + dt.timedelta(days=14))
    reason = "Annual leave"


def route(request: Request) -> list[tuple[str, str, str, bool]]:
    """Each step as (action, role key or "line_manager", clause, review needed)."""
    return [
        (
            step.action,
            "line_manager" if step.line_manager else step.role.key,
            step.clause,
            step.review_needed,
        )
        for step in request.steps.select_related("role").order_by("order")
    ]


def approve_all(request: Request, people: list[User]) -> Request:
    """Take every step in turn, each by the first of ``people`` who may act on it."""
    while True:
        request.refresh_from_db()
        step = request.steps.open().order_by("order").first()
        if step is None or request.status != Request.Status.SUBMITTED:
            return request
        actor = next(p for p in people if services.acting_for(p, step, request)[0])
        if step.action == Step.Action.CONSULT:
            services.step_advise(step=step, actor=actor, advice="No objection.")
        elif step.action == Step.Action.NOTIFY:
            services.step_acknowledge(step=step, actor=actor)
        else:
            services.step_approve(step=step, actor=actor)


# A software permission request as a member of staff fills it in.
SOFTWARE = {
    "software": "Audacity 3.6",
    "source": "https://www.audacityteam.org",
    "reason": "Editing the podcast recordings for the youth panel.",
    "device": "Laptop WM-L-0042",
}
