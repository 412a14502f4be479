"""A declaration ready to sign, and the form data that signs it, for the signing tests."""

from __future__ import annotations

from django.urls import reverse

from .factories import (
    ComprehensionQuestionFactory,
    DeclarationKindFactory,
    PolicyFactory,
    PolicyVersionFactory,
    RequirementFactory,
    StatementFactory,
)

STATEMENTS = [
    "I have read the policy on the use of IT, communications and social media.",
    "I will report a lost or stolen device to the IT service desk straight away.",
]


def annual_kind(*, questions: int = 1):
    """The annual declaration: a published policy, two statements and ``questions`` questions."""
    policy = PolicyFactory(title="Use of IT, communications and social media", slug="it-and-social-media")
    PolicyVersionFactory(policy=policy, number="5.0")
    kind = DeclarationKindFactory(key="annual-declaration", name="Annual policy declaration", policy=policy)
    for order, text in enumerate(STATEMENTS):
        StatementFactory(kind=kind, order=order, text=text)
    for order in range(questions):
        ComprehensionQuestionFactory(kind=kind, order=order)
    return kind


def requirement_for(user, kind=None, **fields):
    fields.setdefault("cycle_key", "first")
    return RequirementFactory(user=user, kind=kind or annual_kind(), **fields)


def correct_answers(kind) -> dict:
    return {
        f"question_{question.pk}": str(next(c.pk for c in question.choices.all() if c.is_correct))
        for question in kind.questions.all()
    }


def wrong_answers(kind) -> dict:
    return {
        f"question_{question.pk}": str(next(c.pk for c in question.choices.all() if not c.is_correct))
        for question in kind.questions.all()
    }


def signing_data(requirement, *, typed_name=None, **overrides) -> dict:
    """Form data that signs ``requirement`` correctly, with any field overridden (None drops it)."""
    kind = requirement.kind
    data = {f"statement_{s.pk}": "on" for s in kind.statements.all()}
    data.update(correct_answers(kind))
    data["typed_name"] = requirement.user.full_name if typed_name is None else typed_name
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def sign_url(requirement) -> str:
    return reverse("declarations:sign", args=[requirement.pk])


def make_sign_in_stale(client, seconds_ago: float = 3600) -> None:
    """Move every authentication of the client's session ``seconds_ago`` into the past."""
    import time

    session = client.session
    # As after a real sign-in: allauth keeps earlier records only for the session's own person.
    session["account_authentication_methods_user"] = str(session["_auth_user_id"])
    session["account_authentication_methods"] = [
        {**record, "at": time.time() - seconds_ago}
        for record in session.get("account_authentication_methods", [])
    ]
    session.save()
