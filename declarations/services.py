"""State changes for policies, kinds of declaration, device holders and signatures.

Also more time to sign, and the compliance figures people take away (a CSV
download, a signed report). Each change is audited here; the requirement engine
(``requirements``) follows from them and writes no audit of its own.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify

from audit.services import audit_log
from kernel.access import authentication_records
from kernel.http import client_ip, user_agent
from records.services import record_create
from staff.models import User

from .audit_actions import DeclarationAction
from .compliance import (
    DUE_SOON_DAYS,
    PEOPLE_COLUMNS,
    PEOPLE_KEYS,
    ComplianceFilters,
    ComplianceSummary,
    compliance_outstanding,
    compliance_summary,
    outstanding_rows,
    people_heading,
    person_cells,
    scope_label,
    summary_tables,
    tally_cells,
)
from .models import (
    Choice,
    ComprehensionQuestion,
    Cycle,
    Declaration,
    DeclarationKind,
    Policy,
    PolicyVersion,
    Requirement,
    Statement,
    original_file_name,
)
from .requirements import requirements_for_version, requirements_refresh, standings_refresh
from .selectors import stored_original, version_to_sign

logger = logging.getLogger(__name__)

POLICY_FIELDS = ("title", "owner_role", "review_date")
# The original document is not among them: it is stored by _store_original.
VERSION_FIELDS = (
    "number", "effective_date", "summary_of_changes", "body_markdown",
    "material_change", "grace_days",
)
KIND_FIELDS = (
    "key", "name", "description", "policy", "cycle", "fixed_month", "fixed_day",
    "audience_everyone", "audience_staff_types", "device_kinds_held", "device_kinds_before_issue",
    "new_starter_grace_days", "active", "order",
)


def _display(value):
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _apply(instance, fields: dict, allowed: tuple[str, ...]) -> dict:
    """Set ``fields`` on ``instance``; return the changes as {name: {from, to}}."""
    changes = {}
    for name, value in fields.items():
        if name not in allowed:
            raise ValueError(f"{name} cannot be changed here")
        old = getattr(instance, name, None)  # None for a relation not set yet
        if old == value:
            continue
        changes[name] = {"from": _display(old), "to": _display(value)}
        setattr(instance, name, value)
    return changes


def _refresh_requirements_after_commit(users) -> None:
    """Let the person's next requirement (or the end of one) follow at once, not at the nightly run.

    After commit, and robust: the change itself stands even if this fails; the nightly run catches up.
    """
    transaction.on_commit(lambda: requirements_refresh(users=users), robust=True)


# Policies and their versions

def _unique_slug(title: str) -> str:
    base = slugify(title)[:70] or "policy"
    slug, n = base, 2
    while Policy.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def policy_create(*, actor, request=None, title: str, owner_role=None, review_date=None) -> Policy:
    """Add a policy (its text comes with its first version)."""
    policy = Policy(title=title.strip(), slug=_unique_slug(title), owner_role=owner_role, review_date=review_date)
    policy.full_clean()
    policy.save()
    audit_log(
        action=DeclarationAction.POLICY_CREATED, actor=actor, target=policy, request=request,
        details={"title": policy.title, "owner_role": _display(owner_role), "review_date": _display(review_date)},
    )
    return policy


@transaction.atomic
def policy_update(*, policy: Policy, actor, request=None, **fields) -> Policy:
    """Change a policy's title, owner or review date (its address stays the same)."""
    policy = Policy.objects.select_for_update().get(pk=policy.pk)
    changes = _apply(policy, fields, POLICY_FIELDS)
    if not changes:
        return policy
    policy.full_clean()
    policy.save(update_fields=list(changes))
    audit_log(action=DeclarationAction.POLICY_CHANGED, actor=actor, target=policy, request=request, details=changes)
    return policy


def policy_text_sha256(body_markdown: str) -> str:
    """The SHA-256 of a version's text exactly as written (UTF-8)."""
    return hashlib.sha256(body_markdown.encode("utf-8")).hexdigest()


class OriginalFileMismatch(Exception):
    """The stored original document is not the file that was uploaded for the version."""


def _store_original(version: PolicyVersion, upload) -> dict:
    """Store a newly uploaded original document and record its SHA-256.

    A stored file is never replaced, whatever the storage does with a name in use:
    each upload gets a name of its own, and a save over a name already taken is
    refused. Returns the changes, as ``_apply`` does.
    """
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    name = original_file_name(version, upload.name)
    if default_storage.exists(name):
        raise FileExistsError(f"A file is already stored as {name}: it is never replaced.")
    saved = default_storage.save(name, upload)
    changes = {
        "original_file": {"from": version.original_file.name or None, "to": saved},
        "original_sha256": {"from": version.original_sha256 or None, "to": digest.hexdigest()},
    }
    version.original_file.name = saved
    version.original_sha256 = digest.hexdigest()
    return changes


@transaction.atomic
def policy_version_create(*, policy: Policy, actor, request=None, original_file=None, **fields) -> PolicyVersion:
    """Write a new draft version of a policy, with its original document if one is given."""
    version = PolicyVersion(policy=policy)
    _apply(version, fields, VERSION_FIELDS)
    version.full_clean()
    if original_file:
        _store_original(version, original_file)
    version.save()
    audit_log(
        action=DeclarationAction.VERSION_DRAFTED, actor=actor, target=version, request=request,
        details={
            "policy": policy.title, "number": version.number, "material_change": version.material_change,
            "original_sha256": version.original_sha256 or None,
        },
    )
    return version


def _refuse_if_published(version: PolicyVersion) -> None:
    if version.is_published:
        raise ValidationError(
            f"Version {version.number} of {version.policy} is published, so it can no longer "
            "be changed. To correct it, write a new version.",
            code="published",
        )


@transaction.atomic
def policy_version_update(*, version: PolicyVersion, actor, request=None, original_file=None, **fields) -> PolicyVersion:
    """Change a draft. A published version never changes: a correction is a new version.

    A new original document is stored beside the one it supersedes, never over it.
    """
    version = PolicyVersion.objects.select_for_update().select_related("policy").get(pk=version.pk)
    _refuse_if_published(version)
    changes = _apply(version, fields, VERSION_FIELDS)
    if not changes and not original_file:
        return version
    version.full_clean()
    if original_file:
        changes |= _store_original(version, original_file)
    version.save(update_fields=list(changes))
    audit_log(action=DeclarationAction.VERSION_CHANGED, actor=actor, target=version, request=request, details=changes)
    return version


@transaction.atomic
def policy_version_publish(*, version: PolicyVersion, actor, request=None) -> PolicyVersion:
    """Publish a draft: it becomes the policy's current text and never changes again.

    Records the SHA-256 of the text, who published it and when. A material change
    makes everyone in the audience of each kind covering the policy declare again
    within the version's grace period; the requirements module works that out in
    the same transaction, so a publication and its requirements stand or fall together.
    """
    version = PolicyVersion.objects.select_for_update().select_related("policy").get(pk=version.pk)
    _refuse_if_published(version)
    if not version.body_markdown.strip():
        raise ValidationError("The version has no text yet: write it before publishing.", code="empty")
    original = stored_original(version)
    if original is not None and original.changed:
        raise ValidationError(
            "The stored original document is no longer the file uploaded for this version: "
            "upload it again before publishing.",
            code="original_changed",
        )
    version.status = PolicyVersion.Status.PUBLISHED
    version.body_sha256 = policy_text_sha256(version.body_markdown)
    version.published_at = timezone.now()
    version.published_by = actor
    version.save(update_fields=["status", "body_sha256", "published_at", "published_by"])
    audit_log(
        action=DeclarationAction.VERSION_PUBLISHED, actor=actor, target=version, request=request,
        details={
            "policy": version.policy.title,
            "number": version.number,
            "material_change": version.material_change,
            "grace_days": version.grace_days,
            "body_sha256": version.body_sha256,
            "original_sha256": version.original_sha256 or None,
        },
    )
    requirements_for_version(version=version)
    return version


def policy_original_read(*, version: PolicyVersion, request=None) -> bytes:
    """The original document of a version, checked against the SHA-256 taken at upload.

    A stored file that no longer matches is never handed out: the mismatch is
    logged and audited and ``OriginalFileMismatch`` raised. ``FileNotFoundError``
    if storage has no file. A file with no SHA-256 recorded (uploaded before they
    were kept, and not in storage when they were first taken) is served unchecked,
    as the version's page says.
    """
    original = stored_original(version)
    if original is None or not original.found:
        raise FileNotFoundError(version.original_file.name)
    if original.changed or original.data is None:
        logger.error("The stored original document of %s (%s) does not match its SHA-256", version, version.original_file.name)
        audit_log(
            action=DeclarationAction.ORIGINAL_MISMATCH, request=request, target=version,
            details={
                "file": version.original_file.name,
                "original_sha256": original.recorded_sha256 or None,
                "stored_sha256": original.stored_sha256 or None,
            },
        )
        raise OriginalFileMismatch(version.original_file.name)
    return original.data


# Kinds of declaration

def _save_statements(kind: DeclarationKind, texts: list[str]) -> bool:
    old = list(kind.statements.values_list("text", flat=True))
    if old == texts:
        return False
    kind.statements.all().delete()
    Statement.objects.bulk_create(
        Statement(kind=kind, order=i, text=text) for i, text in enumerate(texts)
    )
    return True


def _questions_as_data(kind: DeclarationKind) -> list[dict]:
    return [
        {
            "question": q.question,
            "explanation": q.explanation,
            "choices": [(c.text, c.is_correct) for c in q.choices.all()],
        }
        for q in kind.questions.prefetch_related("choices")
    ]


def _save_questions(kind: DeclarationKind, questions: list[dict]) -> bool:
    """``questions``: [{"question", "explanation", "choices": [(text, is_correct), …]}]."""
    questions = [{**q, "choices": [tuple(c) for c in q["choices"]]} for q in questions]
    if _questions_as_data(kind) == questions:
        return False
    kind.questions.all().delete()
    for i, data in enumerate(questions):
        if sum(1 for _text, correct in data["choices"] if correct) != 1:
            raise ValidationError(f"Question {i + 1} needs exactly one right answer.")
        question = ComprehensionQuestion.objects.create(
            kind=kind, order=i, question=data["question"], explanation=data["explanation"]
        )
        Choice.objects.bulk_create(
            Choice(question=question, order=j, text=text, is_correct=correct)
            for j, (text, correct) in enumerate(data["choices"])
        )
    return True


def _check_fixed_date(kind: DeclarationKind) -> None:
    if kind.cycle != Cycle.FIXED_DATE:
        kind.fixed_month = kind.fixed_day = None
        return
    try:
        dt.date(2024, kind.fixed_month or 0, kind.fixed_day or 0)  # a leap year: 29 February exists
    except (TypeError, ValueError):
        raise ValidationError(
            {"fixed_day": "Give a real date in the year, such as 1 April."}
        ) from None


@transaction.atomic
def kind_create(
    *, actor, request=None, teams=(), statements: list[str], questions: list[dict], **fields
) -> DeclarationKind:
    """Set up a new kind of declaration with its statements and comprehension questions."""
    kind = DeclarationKind()
    _apply(kind, fields, KIND_FIELDS)
    _check_fixed_date(kind)
    kind.full_clean()
    kind.save()
    kind.audience_teams.set(teams)
    _save_statements(kind, statements)
    _save_questions(kind, questions)
    audit_log(
        action=DeclarationAction.KIND_CREATED, actor=actor, target=kind, request=request,
        details={
            **{name: _display(getattr(kind, name)) for name in KIND_FIELDS},
            "teams": sorted(str(t) for t in teams),
            "statements": statements,
            "questions": [q["question"] for q in questions],
        },
    )
    _refresh_requirements_after_commit(None)
    return kind


@transaction.atomic
def kind_update(
    *, kind: DeclarationKind, actor, request=None, teams=(), statements: list[str],
    questions: list[dict], **fields,
) -> DeclarationKind:
    """Change a kind of declaration. Signed declarations keep the statements they were shown."""
    kind = DeclarationKind.objects.select_for_update().get(pk=kind.pk)
    changes = _apply(kind, fields, KIND_FIELDS)
    _check_fixed_date(kind)
    kind.full_clean()
    kind.save()
    old_teams = sorted(str(t) for t in kind.audience_teams.all())
    new_teams = sorted(str(t) for t in teams)
    if old_teams != new_teams:
        kind.audience_teams.set(teams)
        changes["teams"] = {"from": old_teams, "to": new_teams}
    old_statements = list(kind.statements.values_list("text", flat=True))
    if _save_statements(kind, statements):
        changes["statements"] = {"from": old_statements, "to": statements}
    old_questions = [q["question"] for q in _questions_as_data(kind)]
    if _save_questions(kind, questions):
        changes["questions"] = {"from": old_questions, "to": [q["question"] for q in questions]}
    if changes:
        audit_log(action=DeclarationAction.KIND_CHANGED, actor=actor, target=kind, request=request, details=changes)
        _refresh_requirements_after_commit(None)
    return kind


# Signing

def shown_text_sha256(*, kind: DeclarationKind, version: PolicyVersion, statements: list[str]) -> str:
    """SHA-256 of exactly what the signing page shows.

    Computed over a canonical JSON document (keys sorted, UTF-8, no spaces):
    ``{"declaration": kind name, "policy": policy title, "statements": [texts in order],
    "text": the version's Markdown, "version": version number}``, so anyone holding
    the version's text and the statements in the record can compute it again.
    """
    document = {
        "declaration": kind.name,
        "policy": version.policy.title,
        "version": version.number,
        "text": version.body_markdown,
        "statements": statements,
    }
    canonical = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def normalise_name(name: str) -> str:
    """A name compared forgiving case and spacing: '  pat   MEMBER ' matches 'Pat Member'."""
    return " ".join(unicodedata.normalize("NFKC", name or "").split()).casefold()


def authentication_evidence(request) -> list[dict]:
    """How this session's person proved who they were: method, when, and whether to confirm."""
    evidence = []
    for record in authentication_records(request):
        method = record.get("method", "")
        entry = {
            "method": f"{method}:{record['type']}" if record.get("type") else method,
            "at": dt.datetime.fromtimestamp(record["at"], dt.UTC).isoformat() if record.get("at") else None,
            "reauthenticated": bool(record.get("reauthenticated")),
        }
        if record.get("provider"):
            entry["provider"] = record["provider"]
        evidence.append(entry)
    return evidence


def _refuse(message: str, code: str):
    raise ValidationError(message, code=code)


def _check_may_sign(requirement: Requirement, user) -> None:
    """Refuse a requirement this person cannot sign now, with a code the page acts on."""
    if requirement.user_id != user.pk:
        _refuse("This declaration belongs to someone else.", "not_yours")
    if not user.is_active or user.has_left():
        _refuse(
            "You have left the organisation, so you no longer sign declarations. "
            "If that is wrong, speak to your line manager.",
            "leaver",
        )
    if requirement.status == Requirement.Status.SIGNED or Declaration.objects.filter(requirement=requirement).exists():
        _refuse("You have already signed this declaration for this period.", "already_signed")
    if requirement.status != Requirement.Status.DUE:
        _refuse(
            f"This declaration is no longer needed ({requirement.get_status_display().lower()}).",
            "not_due",
        )


def _as_id(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def signing_errors(*, kind, user, statements_confirmed, typed_name: str, answers: dict) -> dict:
    """What is wrong with a submission, as {form field name: message}; empty if nothing."""
    errors = {}
    confirmed = {_as_id(pk) for pk in statements_confirmed}
    for statement in kind.statements.all():
        if statement.pk not in confirmed:
            errors[f"statement_{statement.pk}"] = (
                "Tick this statement to confirm it. If you cannot confirm it, do not sign: "
                "speak to your line manager."
            )
    for question in kind.questions.prefetch_related("choices"):
        chosen = _as_id(answers.get(question.pk))
        right = [c.pk for c in question.choices.all() if c.is_correct]
        if chosen is None:
            errors[f"question_{question.pk}"] = "Choose an answer."
        elif chosen not in right:
            errors[f"question_{question.pk}"] = f"That is not right. {question.explanation} Choose again."
    if not normalise_name(typed_name):
        errors["typed_name"] = "Type your full name to sign."
    elif normalise_name(typed_name) != normalise_name(user.full_name):
        errors["typed_name"] = (
            f"The name you typed does not match your staff record, which says {user.full_name}. "
            "Type your full name as it is there (capitals and spaces do not matter). If your "
            "record is wrong, ask an administrator to correct it."
        )
    return errors


@transaction.atomic
def declaration_sign(
    *, requirement: Requirement, user, statements_confirmed, typed_name: str, answers: dict,
    request, shown_sha256: str | None = None,
) -> Declaration:
    """Sign a declaration: check everything, store the evidence, and queue its signed record.

    ``statements_confirmed`` are the ids of the statements ticked; ``answers`` maps
    each comprehension question's id to the id of the choice made. ``shown_sha256``,
    when given, is the hash of the text the page showed: if the policy or its
    statements changed meanwhile, nothing is signed. Raises ValidationError with a
    clear message (a dict keyed by form field for mistakes the person can correct).
    The requirement is locked, so a double submission makes one declaration.
    """
    requirement = Requirement.objects.select_for_update().select_related("kind__policy").get(pk=requirement.pk)
    _check_may_sign(requirement, user)
    kind = requirement.kind
    version = version_to_sign(requirement)
    if version is None:
        _refuse(f"{kind.policy} has no published version yet, so there is nothing to sign.", "no_version")
    statements = list(kind.statements.all())
    texts = [s.text for s in statements]
    text_sha256 = shown_text_sha256(kind=kind, version=version, statements=texts)
    if shown_sha256 is not None and shown_sha256 != text_sha256:
        _refuse(
            "The policy or the statements changed while you were reading. Read the current "
            "text below, then sign again.",
            "changed",
        )
    errors = signing_errors(
        kind=kind, user=user, statements_confirmed=statements_confirmed,
        typed_name=typed_name, answers=answers,
    )
    if errors:
        raise ValidationError(errors)

    now = timezone.now()
    declaration = Declaration.objects.create(
        requirement=requirement,
        user=user,
        kind=kind,
        version=version,
        statements=texts,
        text_sha256=text_sha256,
        typed_name=" ".join(typed_name.split()),
        signed_at=now,
        ip_address=client_ip(request),
        user_agent=user_agent(request, limit=500),
        authentication=authentication_evidence(request) if request is not None else [],
    )
    requirement.status = Requirement.Status.SIGNED
    requirement.closed_at = now
    requirement.save(update_fields=["status", "closed_at"])
    standings_refresh(users=[user], kinds=[kind])
    audit_log(
        action=DeclarationAction.SIGNED, actor=user, target=declaration, request=request,
        details={
            "kind": kind.key,
            "cycle": requirement.cycle_key,
            "policy": version.policy.title,
            "version": version.number,
            "text_sha256": text_sha256,
            "requirement": requirement.pk,
        },
    )
    _create_record(declaration, requirement)
    _refresh_requirements_after_commit([user])
    return declaration


# The signed record of a declaration. Its evidence is data fixed when the person
# signs, so the words for the cycle and the sign-in methods are written here, once,
# rather than by the pages that show the record.

AUTHENTICATION_LABELS = {
    "password": "Password",
    "mfa:totp": "Code from an authenticator app",
    "mfa:recovery_codes": "Recovery code",
    "mfa:webauthn": "Security key or passkey",
    "socialaccount": "Single sign-on",
}


def describe_authentication(entry: dict) -> str:
    """'Password (entered again before signing), 14 March 2026, 09:03:22 UTC'."""
    label = AUTHENTICATION_LABELS.get(entry["method"], entry["method"].replace("_", " ").capitalize())
    if entry.get("provider"):
        label += f" ({entry['provider']})"
    how = "entered again before signing" if entry.get("reauthenticated") else "at sign-in"
    text = f"{label} ({how})"
    if entry.get("at"):
        moment = dt.datetime.fromisoformat(entry["at"]).astimezone(dt.UTC)
        text += f", {moment.day} {moment:%B %Y, %H:%M:%S} UTC"
    return text


def cycle_description(requirement: Requirement) -> str:
    """The requirement's cycle in words: 'First declaration', 'The 2026 declaration', …"""
    key = requirement.cycle_key
    if key == "first":
        return "First declaration"
    if re.fullmatch(r"[0-9]{4}", key):
        return f"The {key} declaration"
    if key.startswith("from:"):
        try:
            last = dt.date.fromisoformat(key.removeprefix("from:"))
        except ValueError:
            return key
        return f"Annual renewal, a year after the declaration of {last.day} {last:%B %Y}"
    if key.startswith("v") and requirement.version_id and key == f"v{requirement.version_id}":
        return f"Declaration for version {requirement.version.number} of the policy"
    return key


def _declaration_evidence(declaration: Declaration, requirement: Requirement, answers_shown: list[dict]) -> dict:
    """What the signed record carries: the declaration, the person, the text signed and how."""
    user, version, kind = declaration.user, declaration.version, declaration.kind
    return {
        "declaration": {
            "id": declaration.pk,
            "kind": kind.name,
            "kind_key": kind.key,
            "cycle": requirement.cycle_key,
            "period": cycle_description(requirement),
            "due_date": requirement.effective_due_date,
        },
        "person": {
            "name": user.full_name,
            "email": user.email,
            "job_title": user.job_title,
            "team": str(user.team) if user.team_id else "",
            "staff_type": user.get_staff_type_display(),
        },
        "policy": {
            "title": version.policy.title,
            "version": version.number,
            "effective_date": version.effective_date,
            "published_at": version.published_at,
            "text_sha256": version.body_sha256,
        },
        "text_sha256": declaration.text_sha256,
        "statements": declaration.statements,
        "comprehension": answers_shown,
        "typed_name": declaration.typed_name,
        "signed_at": declaration.signed_at,
        "ip_address": declaration.ip_address,
        "user_agent": declaration.user_agent,
        "authentication": [describe_authentication(entry) for entry in declaration.authentication],
    }


def _create_record(declaration: Declaration, requirement: Requirement) -> None:
    """Make the declaration's record (signed after commit) and link it to the declaration."""
    answers_shown = [
        {"question": q.question, "answer": next((c.text for c in q.choices.all() if c.is_correct), "")}
        for q in declaration.kind.questions.prefetch_related("choices")
    ]
    version = declaration.version
    declaration.record = record_create(
        kind="declaration",
        subject=declaration.user,
        obj=declaration,
        evidence=_declaration_evidence(declaration, requirement, answers_shown),
        actor=declaration.user,
        title=f"{declaration.kind.name}: {version.policy.title}, version {version.number}",
    )
    declaration.save(update_fields=["record"])


# More time to sign

@transaction.atomic
def requirement_extend(
    *, requirement: Requirement, actor: User, until: dt.date, reason: str, request=None
) -> Requirement:
    """Give one person until ``until`` to make a declaration, for a recorded reason.

    The original due date stays on the requirement; reminders and escalation
    follow the new date. Nobody extends their own declaration.
    """
    requirement = (
        Requirement.objects.select_for_update()
        .select_related("user", "kind")
        .get(pk=requirement.pk)
    )
    reason = (reason or "").strip()
    _check_extension(requirement, actor=actor, until=until, reason=reason)
    if requirement.extended_to == until and requirement.extension_reason == reason:
        return requirement
    previous = requirement.effective_due_date
    requirement.extended_to = until
    requirement.extension_reason = reason
    requirement.extended_by = actor
    requirement.save(update_fields=["extended_to", "extension_reason", "extended_by"])
    standings_refresh(users=[requirement.user_id], kinds=[requirement.kind_id])
    audit_log(
        action=DeclarationAction.EXTENDED,
        actor=actor,
        target=requirement,
        request=request,
        details={
            "person": requirement.user.email,
            "kind": requirement.kind.key,
            "cycle": requirement.cycle_key,
            "due_date": requirement.due_date,
            "previous_due_date": previous,
            "extended_to": until,
            "reason": reason,
        },
    )
    return requirement


def _check_extension(requirement: Requirement, *, actor, until: dt.date, reason: str) -> None:
    """Refuse an extension the requirement, the actor or the date does not allow."""
    if requirement.status != Requirement.Status.DUE:
        raise ValidationError(
            f"This declaration is {requirement.get_status_display().lower()}: "
            "only a declaration still due can be given more time."
        )
    if actor is not None and actor.pk == requirement.user_id:
        raise ValidationError("You cannot give yourself more time. Ask another administrator.")
    if not reason:
        raise ValidationError({"reason": "Say why this person needs more time."})
    if until <= requirement.due_date:
        raise ValidationError(
            {"until": f"Choose a date after the due date, {_long_date(requirement.due_date)}."}
        )
    if until < timezone.localdate():
        raise ValidationError({"until": "Choose a date that has not passed."})


def _long_date(day: dt.date) -> str:
    return date_format(day, "j F Y")


# The compliance figures, downloaded or kept as a signed report

def compliance_export_audit(*, viewer: User, summary: ComplianceSummary, rows: int, request=None):
    """Record that someone downloaded the figures (and whose)."""
    audit_log(
        action=DeclarationAction.COMPLIANCE_EXPORTED,
        actor=viewer,
        request=request,
        details={
            "covers": scope_label(viewer),
            "filters": summary.filters.described(),
            "figures_on": summary.today.isoformat(),
            "people_listed": rows,
        },
    )


@transaction.atomic
def compliance_report_create(*, viewer: User, filters: ComplianceFilters, request=None):
    """Create a signed PDF record of the figures as they are now; it is produced in the background.

    The record's subject is the person who asked for it, so it appears in their
    records; the audit trail says who asked and what it covers.
    """
    today = timezone.localdate()
    summary = compliance_summary(viewer=viewer, filters=filters, today=today)
    requirements = compliance_outstanding(viewer=viewer, filters=filters, today=today)
    evidence = compliance_report_evidence(viewer=viewer, summary=summary, requirements=requirements)
    title = f"Declarations compliance report, {today.day} {today:%B %Y}"
    record = record_create(
        kind="compliance_report",
        subject=viewer,
        obj=None,
        evidence=evidence,
        actor=viewer,
        title=title,
    )
    audit_log(
        action=DeclarationAction.COMPLIANCE_REPORTED,
        actor=viewer,
        request=request,
        target=record,
        details={
            "reference": record.reference,
            "covers": evidence["covers"],
            "filters": evidence["filters"],
        },
    )
    return record


def compliance_report_evidence(*, viewer: User, summary: ComplianceSummary, requirements) -> dict:
    """What a signed compliance report carries: the same tables and list as the page."""
    tables = []
    for table in summary_tables(summary):
        tables.append(
            {
                "heading": table["heading"],
                "first": table["first"],
                "columns": summary.columns,
                "rows": [_tally_data(t) for t in table["rows"]],
                "total": _tally_data(table["total"]),
            }
        )
    people = [dict(zip(PEOPLE_KEYS, person_cells(row), strict=True))
              for row in outstanding_rows(requirements, summary.today)]  # fmt: skip
    return {
        "covers": scope_label(viewer),
        "filters": summary.filters.described(),
        "figures_on": summary.today,
        "definitions": _definitions(summary),
        "tables": tables,
        "people": {
            "heading": people_heading(summary.filters),
            "columns": PEOPLE_COLUMNS,
            "rows": people,
        },
    }


def _tally_data(tally) -> dict:
    return {"label": tally.label, "cells": tally_cells(tally), "percent": tally.percent}


def _definitions(summary: ComplianceSummary) -> str:
    """What the report's figures count, in words."""
    if summary.is_past_cycle:
        return (
            f"Every declaration due in {summary.filters.year}: signed on or before its due date "
            "(after any extension), signed after it, or not signed. Declarations that were "
            "replaced by a newer version, or no longer owed, are left out."
        )
    return (
        "Current staff who owe each declaration. Compliant: no declaration past its due date "
        f"(after any extension). Due soon: compliant, with one due in the next {DUE_SOON_DAYS} "
        "days. Overdue: at least one declaration past its due date."
    )
