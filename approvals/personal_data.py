"""The requests a person made or that are about them, and their part in others'.

Requests about the person are those their own pages show them: an internal
investigation, or a request to monitor their communications, stays hidden
(``authorizers.visible_requests``). Internal notes are included only where the
person wrote them.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from django.db.models import Q
from django.utils.text import get_valid_filename

from kernel.personal_data import Part, PersonalFile, personal_data

from .authorizers import visible_requests
from .models import Attachment, Comment, Delegation, Request, Step, Task
from .types import get_type


@personal_data(70)
def request_parts(user) -> list[Part]:
    about_them = visible_requests(user).filter(affected=user).values("pk")
    requests = Request.objects.filter(Q(requester=user) | Q(pk__in=about_them)).order_by(
        "created_at"
    )
    comments = Comment.objects.filter(request__in=requests, internal=False).select_related("author")
    by_request: dict[int, list[dict]] = {}
    for comment in comments.order_by("created_at"):
        by_request.setdefault(comment.request_id, []).append(
            {"when": comment.created_at, "by": str(comment.author), "comment": comment.body}
        )
    rows = [_request_row(request, user, by_request.get(request.pk, [])) for request in requests]
    return [
        Part(
            "requests",
            "Your requests",
            "The requests you made, and those about you that you can see.",
            rows,
        ),
        Part(
            "decisions",
            "Steps you decided",
            "Your decisions, advice and acknowledgements on requests.",
            _decisions(user),
        ),
        Part(
            "comments",
            "Comments you wrote",
            "On any request, internal notes included.",
            _comments_written(user),
        ),
        _attached(user),
        Part(
            "tasks-done",
            "Tasks you did",
            "Work that followed requests, marked done by you.",
            _tasks_done(user),
        ),
        Part(
            "delegations",
            "Delegations",
            "When you named someone to decide for you, or were named.",
            _delegations(user),
        ),
    ]


def _request_row(request: Request, user, comments: list[dict]) -> dict:
    request_type = get_type(request.type_key)
    return {
        "reference": request.reference,
        "type": request_type.name,
        "title": request.summary,
        "made by": "you" if request.requester_id == user.pk else str(request.requester),
        "status": request.get_status_display(),
        "made": request.created_at,
        "sent": request.submitted_at,
        "decided": request.decided_at,
        "closed": request.closed_at,
        "valid from": request.starts_on,
        "valid until": request.ends_on,
        "answers": {line.label: line.value for line in request_type.describe(request.answers)},
        "comments": comments,
    }


def _decisions(user) -> list[dict]:
    # Read as plain values: a chief executive may have decided tens of thousands.
    steps = Step.objects.filter(decided_by=user).order_by("decided_at")
    decisions = dict(Step.Status.choices)
    return [
        {
            "request": Request.reference_of(request_id),
            "decision": decisions.get(status, status),
            "when": decided_at,
            "on behalf of": on_behalf_of or "",
            "reason or advice": note,
        }
        for request_id, status, decided_at, on_behalf_of, note in steps.values_list(
            "request_id", "status", "decided_at", "on_behalf_of__full_name", "note"
        ).iterator(chunk_size=2000)
    ]


def _comments_written(user) -> list[dict]:
    comments = Comment.objects.filter(author=user).order_by("created_at")
    return [
        {
            "request": Request.reference_of(request_id),
            "when": created_at,
            "internal note": internal,
            "comment": body,
        }
        for request_id, created_at, internal, body in comments.values_list(
            "request_id", "created_at", "internal", "body"
        ).iterator(chunk_size=2000)
    ]


def _attached(user) -> Part:
    """The files the person attached to requests, with the files themselves."""
    rows, files = [], []
    for attachment in Attachment.objects.filter(uploaded_by=user).order_by("created_at", "pk"):
        reference = Request.reference_of(attachment.request_id)
        path = f"attachments/{reference}/{attachment.pk}-{get_valid_filename(PurePosixPath(attachment.name).name)}"
        rows.append(
            {
                "request": reference,
                "name": attachment.name,
                "bytes": attachment.size,
                "attached": attachment.created_at,
                "file": path,
            }
        )
        files.append(PersonalFile(path, attachment.file))
    return Part(
        "attachments",
        "Files you attached",
        "To any request; each file is in the attachments folder.",
        rows,
        files,
    )


def _tasks_done(user) -> list[dict]:
    tasks = Task.objects.filter(done_by=user).order_by("done_at")
    return [{"task": task.title, "done": task.done_at, "note": task.note} for task in tasks]


def _delegations(user) -> list[dict]:
    delegations = Delegation.objects.filter(Q(person=user) | Q(delegate=user)).select_related(
        "person", "delegate"
    )
    return [
        {
            "decides for": str(delegation.person),
            "delegate": str(delegation.delegate),
            "from": delegation.starts_on,
            "until": delegation.ends_on,
            "reason": delegation.reason,
            "cancelled": delegation.cancelled_at,
        }
        for delegation in delegations.order_by("starts_on")
    ]
