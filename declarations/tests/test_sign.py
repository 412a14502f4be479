"""Signing a declaration in the browser: the page, the checks, the evidence and the record."""

import datetime as dt
import hashlib
import json

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from declarations.models import Declaration, Requirement
from declarations.services import shown_text_sha256
from records.models import Record
from staff.tests.factories import UserFactory

from .factories import DeclarationFactory, StatementFactory
from .signing_samples import (
    make_sign_in_stale,
    requirement_for,
    sign_url,
    signing_data,
    wrong_answers,
)

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/140.0 Safari/537.36"


@pytest.fixture
def requirement(person):
    return requirement_for(person)


@pytest.fixture
def signer(mfa_client, person):
    return mfa_client(person)


def _post(client, requirement, data, **extra):
    return client.post(
        sign_url(requirement), data, HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="198.51.100.7", **extra
    )


def _nothing_stored(requirement):
    requirement.refresh_from_db()
    assert requirement.status == Requirement.Status.DUE
    assert not Declaration.objects.exists()
    assert not Record.objects.exists()
    assert not AuditEvent.objects.filter(action="declaration.signed").exists()


def test_the_page_shows_the_policy_text_statements_and_questions(signer, requirement):
    response = signer.get(sign_url(requirement))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h2>1. Purpose</h2>" in page  # the policy text, rendered from Markdown
    for statement in requirement.kind.statements.all():
        assert statement.text in page
    question = requirement.kind.questions.get()
    assert question.question in page
    assert question.explanation not in page  # only after a wrong answer
    assert 'name="typed_name"' in page


@time_machine.travel("2026-03-04 09:03:22Z", tick=False)
def test_signing_stores_all_the_evidence_and_one_record(
    mfa_client, requirement, person, django_capture_on_commit_callbacks
):
    signer = mfa_client(person)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = _post(signer, requirement, signing_data(requirement, typed_name="  pat   MEMBER "))
    assert response.status_code == 302
    assert response["Location"] == reverse("declarations:signed", args=[requirement.pk])

    declaration = Declaration.objects.get()
    kind, version = requirement.kind, requirement.version
    assert declaration.user == person and declaration.requirement == requirement
    assert declaration.version == version
    assert declaration.statements == [s.text for s in kind.statements.all()]
    assert declaration.text_sha256 == shown_text_sha256(
        kind=kind, version=version, statements=declaration.statements
    )
    document = json.dumps(
        {"declaration": kind.name, "policy": version.policy.title, "statements": declaration.statements,
         "text": version.body_markdown, "version": version.number},
        sort_keys=True, ensure_ascii=False, separators=(",", ":"),
    )
    assert declaration.text_sha256 == hashlib.sha256(document.encode()).hexdigest()
    assert declaration.typed_name == "pat MEMBER"
    assert declaration.signed_at == dt.datetime(2026, 3, 4, 9, 3, 22, tzinfo=dt.UTC)
    assert declaration.ip_address == "198.51.100.7"
    assert declaration.user_agent == BROWSER
    assert [entry["method"] for entry in declaration.authentication] == ["password", "mfa:totp"]

    requirement.refresh_from_db()
    assert requirement.status == Requirement.Status.SIGNED
    assert requirement.closed_at == declaration.signed_at

    record = Record.objects.get()
    assert declaration.record == record
    assert record.kind == "declaration" and record.subject == person
    assert record.status == Record.Status.PENDING  # produced by a worker after commit
    assert record.title == "Annual policy declaration: Use of IT, communications and social media, version 5.0"
    evidence = record.evidence
    assert evidence["person"]["name"] == person.full_name
    assert evidence["policy"]["version"] == "5.0"
    assert evidence["policy"]["text_sha256"] == version.body_sha256
    assert evidence["text_sha256"] == declaration.text_sha256
    assert evidence["statements"] == declaration.statements
    assert evidence["typed_name"] == "pat MEMBER"
    assert evidence["signed_at"] == "2026-03-04T09:03:22Z"
    assert evidence["ip_address"] == "198.51.100.7"
    assert evidence["user_agent"] == BROWSER
    assert evidence["authentication"] == [
        "Password (at sign-in), 4 March 2026, 09:03:22 UTC",
        "Code from an authenticator app (at sign-in), 4 March 2026, 09:03:22 UTC",
    ]
    assert evidence["comprehension"][0]["answer"] == "No, never"
    # After commit: the record's production, and bringing the person's requirements up to date.
    assert len(callbacks) == 2

    event = AuditEvent.objects.get(action="declaration.signed")
    assert event.actor == person
    assert event.details["text_sha256"] == declaration.text_sha256


def test_the_confirmation_says_the_record_is_being_prepared(signer, requirement):
    _post(signer, requirement, signing_data(requirement))
    response = signer.get(reverse("declarations:signed", args=[requirement.pk]))
    page = response.content.decode()
    assert "You have signed the Annual policy declaration" in page
    assert "is being prepared" in page
    assert reverse("records:my_records") in page


@pytest.mark.parametrize("typed", ["Pat Member", "pat member", "  PAT   MEMBER  ", "Pat\tMember"])
def test_the_typed_name_forgives_case_and_spacing(signer, requirement, typed):
    response = _post(signer, requirement, signing_data(requirement, typed_name=typed))
    assert response.status_code == 302
    assert Declaration.objects.count() == 1


def test_a_wrong_name_is_refused_with_a_clear_message_and_nothing_stored(signer, requirement):
    data = signing_data(requirement, typed_name="Pat Membre")
    response = _post(signer, requirement, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "The name you typed does not match your staff record, which says Pat Member." in page
    assert 'value="Pat Membre"' in page  # kept, to correct
    assert page.count(" checked") == 3  # both statements and the answer stay as entered
    _nothing_stored(requirement)


def test_an_empty_name_is_asked_for(signer, requirement):
    response = _post(signer, requirement, signing_data(requirement, typed_name=""))
    assert "Type your full name to sign." in response.content.decode()
    _nothing_stored(requirement)


def test_a_statement_not_ticked_is_refused(signer, requirement):
    second = requirement.kind.statements.all()[1]
    response = _post(signer, requirement, signing_data(requirement, **{f"statement_{second.pk}": None}))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Statement 2: Tick this statement to confirm it." in page
    assert f'href="#id_statement_{second.pk}"' in page
    _nothing_stored(requirement)


def test_a_wrong_answer_explains_and_lets_them_try_again(signer, requirement):
    question = requirement.kind.questions.get()
    data = signing_data(requirement, **wrong_answers(requirement.kind))
    response = _post(signer, requirement, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert f"That is not right. {question.explanation} Choose again." in page
    assert 'value="Pat Member"' in page
    _nothing_stored(requirement)

    response = _post(signer, requirement, signing_data(requirement))
    assert response.status_code == 302
    assert Declaration.objects.count() == 1


def test_an_unanswered_question_is_asked_for(signer, requirement):
    question = requirement.kind.questions.get()
    response = _post(signer, requirement, signing_data(requirement, **{f"question_{question.pk}": None}))
    assert "Question 1: Choose an answer." in response.content.decode()
    _nothing_stored(requirement)


def test_a_stale_sign_in_is_asked_to_reauthenticate_and_nothing_is_stored(signer, requirement, settings):
    settings.DECLARATION_REAUTH_SECONDS = 900
    make_sign_in_stale(signer, seconds_ago=901)
    response = _post(signer, requirement, signing_data(requirement))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    _nothing_stored(requirement)


def test_a_sign_in_within_the_limit_is_enough(signer, requirement, settings):
    settings.DECLARATION_REAUTH_SECONDS = 900
    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
    make_sign_in_stale(signer, seconds_ago=600)
    assert _post(signer, requirement, signing_data(requirement)).status_code == 302
    assert Declaration.objects.count() == 1


def test_after_reauthenticating_the_submission_goes_through(signer, requirement, person, password):
    make_sign_in_stale(signer)
    response = _post(signer, requirement, signing_data(requirement))
    response = signer.post(response["Location"], {"password": password})
    assert response.status_code == 302
    assert response["Location"] == reverse("declarations:signed", args=[requirement.pk])
    declaration = Declaration.objects.get()
    assert [(e["method"], e["reauthenticated"]) for e in declaration.authentication][-1] == ("password", True)


def test_an_already_signed_cycle_is_refused(signer, person):
    declaration = DeclarationFactory(requirement__user=person)
    requirement = declaration.requirement
    response = _post(signer, requirement, signing_data(requirement))
    assert response["Location"] == reverse("declarations:signed", args=[requirement.pk])
    assert Declaration.objects.count() == 1
    response = signer.get(response["Location"])
    assert "You have already signed the" in response.content.decode()


def test_a_second_submission_creates_no_second_declaration(signer, requirement):
    first = _post(signer, requirement, signing_data(requirement))
    second = _post(signer, requirement, signing_data(requirement))
    assert first["Location"] == second["Location"] == reverse("declarations:signed", args=[requirement.pk])
    assert Declaration.objects.count() == 1
    assert Record.objects.count() == 1
    assert AuditEvent.objects.filter(action="declaration.signed").count() == 1


def test_a_leaver_is_refused(signer, requirement, person):
    with time_machine.travel(timezone.now() + dt.timedelta(days=10)):
        person.leaving_date = timezone.localdate() - dt.timedelta(days=1)
        person.save(update_fields=["leaving_date"])
        from django.core.exceptions import ValidationError

        from declarations.services import declaration_sign

        with pytest.raises(ValidationError) as refused:
            declaration_sign(
                requirement=requirement, user=person, statements_confirmed=[s.pk for s in requirement.kind.statements.all()],
                typed_name=person.full_name, answers={}, request=None,
            )
    assert refused.value.code == "leaver"
    assert "You have left the organisation" in refused.value.messages[0]
    _nothing_stored(requirement)


def test_someone_elses_requirement_is_not_found(signer, requirement):
    colleague_requirement = requirement_for(UserFactory(), requirement.kind, cycle_key="other")
    assert signer.get(sign_url(colleague_requirement)).status_code == 404
    assert _post(signer, colleague_requirement, signing_data(colleague_requirement)).status_code == 404
    assert not Declaration.objects.exists()


def test_a_requirement_no_longer_due_cannot_be_signed(signer, requirement):
    requirement.status = Requirement.Status.LAPSED
    requirement.save()
    response = signer.get(sign_url(requirement))
    assert response["Location"] == reverse("declarations:index")
    assert _post(signer, requirement, signing_data(requirement))["Location"] == reverse("declarations:index")
    assert not Declaration.objects.exists()


def test_a_change_of_statements_while_reading_is_not_signed(signer, requirement):
    shown = signer.get(sign_url(requirement)).context["shown_sha256"]
    StatementFactory(kind=requirement.kind, order=9, text="I will lock my screen when I leave my desk.")
    data = signing_data(requirement, shown_sha256=shown)
    response = _post(signer, requirement, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "changed while you were reading" in page
    assert "I will lock my screen when I leave my desk." in page
    assert not Declaration.objects.exists()


def test_signing_needs_a_sign_in(client, requirement):
    response = client.get(sign_url(requirement))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
