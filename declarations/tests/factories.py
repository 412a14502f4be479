import datetime as dt
import hashlib

import factory
from django.utils import timezone

from declarations.models import (
    Choice,
    ComprehensionQuestion,
    Cycle,
    Declaration,
    DeclarationKind,
    Policy,
    PolicyVersion,
    Requirement,
    Statement,
)
from declarations.requirements import standings_refresh
from staff.tests.factories import UserFactory

POLICY_BODY = """\
## 1. Purpose

This policy says how we use the organisation's computers, email and social media.

## 2. Using email

1. Use your work email for work.
2. Never forward work email to a personal account.
"""


class PolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Policy

    title = factory.Sequence(lambda n: f"Use of IT and communications {n}")
    slug = factory.Sequence(lambda n: f"it-and-communications-{n}")
    review_date = dt.date(2027, 4, 1)


class PolicyVersionFactory(factory.django.DjangoModelFactory):
    """A published version (``status="draft"`` for a draft: no hash, no publication time)."""

    class Meta:
        model = PolicyVersion

    policy = factory.SubFactory(PolicyFactory)
    number = factory.Sequence(lambda n: f"1.{n}")
    effective_date = dt.date(2026, 1, 1)
    summary_of_changes = "First version."
    body_markdown = POLICY_BODY
    status = PolicyVersion.Status.PUBLISHED
    body_sha256 = factory.LazyAttribute(
        lambda o: hashlib.sha256(o.body_markdown.encode()).hexdigest()
        if o.status == PolicyVersion.Status.PUBLISHED
        else ""
    )
    published_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status == PolicyVersion.Status.PUBLISHED else None
    )


class DeclarationKindFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeclarationKind

    key = factory.Sequence(lambda n: f"annual-{n}")
    name = factory.Sequence(lambda n: f"Annual policy declaration {n}")
    description = "Each year, everyone confirms they have read and follow the policy."
    policy = factory.SubFactory(PolicyFactory)
    cycle = Cycle.ANNUAL_FROM_LAST


class StatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Statement

    kind = factory.SubFactory(DeclarationKindFactory)
    order = factory.Sequence(lambda n: n)
    text = factory.Sequence(lambda n: f"I have read section {n} and will follow it.")


class ChoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Choice

    question = factory.SubFactory("declarations.tests.factories.ComprehensionQuestionFactory")
    order = factory.Sequence(lambda n: n)
    text = factory.Sequence(lambda n: f"Answer {n}")
    is_correct = False


class ComprehensionQuestionFactory(factory.django.DjangoModelFactory):
    """A question with three choices, the first of them right (``question.correct_choice``)."""

    class Meta:
        model = ComprehensionQuestion
        skip_postgeneration_save = True

    kind = factory.SubFactory(DeclarationKindFactory)
    order = factory.Sequence(lambda n: n)
    question = "May you forward work email to your personal account?"
    explanation = "No: work email stays in work systems, so it is protected and can be found."

    @factory.post_generation
    def choices(obj, create, extracted, **kwargs):
        if not create:
            return
        texts = extracted or [
            ("No, never", True),
            ("Yes, if it is urgent", False),
            ("Yes, with my manager's agreement", False),
        ]
        made = [
            ChoiceFactory(question=obj, order=i, text=text, is_correct=correct)
            for i, (text, correct) in enumerate(texts)
        ]
        obj.correct_choice = next(c for c in made if c.is_correct)
        obj.wrong_choice = next((c for c in made if not c.is_correct), None)


class RequirementFactory(factory.django.DjangoModelFactory):
    """A requirement due in 14 days for the kind's current published version (one is made if needed)."""

    class Meta:
        model = Requirement
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    kind = factory.SubFactory(DeclarationKindFactory)
    cycle_key = factory.Sequence(lambda n: f"cycle-{n}")
    version = factory.LazyAttribute(
        lambda o: o.kind.policy.current_version() or PolicyVersionFactory(policy=o.kind.policy)
    )
    due_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=14))
    status = Requirement.Status.DUE

    @factory.post_generation
    def standing(obj, create, extracted, **kwargs):
        """Bring the person's standing up to date, as the engine and services do after
        every change they make to requirements."""
        if create:
            standings_refresh(users=[obj.user_id], kinds=[obj.kind_id])


class DeclarationFactory(factory.django.DjangoModelFactory):
    """A signed declaration (its requirement is marked signed)."""

    class Meta:
        model = Declaration

    requirement = factory.SubFactory(RequirementFactory, status=Requirement.Status.SIGNED)
    user = factory.LazyAttribute(lambda o: o.requirement.user)
    kind = factory.LazyAttribute(lambda o: o.requirement.kind)
    version = factory.LazyAttribute(lambda o: o.requirement.version)
    statements = factory.LazyAttribute(lambda o: [s.text for s in o.kind.statements.all()])
    text_sha256 = factory.LazyAttribute(lambda o: o.version.body_sha256 or "0" * 64)
    typed_name = factory.LazyAttribute(lambda o: o.user.full_name)
    signed_at = factory.LazyFunction(timezone.now)
    ip_address = "192.0.2.10"
    user_agent = "Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0"
    authentication = factory.LazyFunction(lambda: ["mfa:totp", "password"])
