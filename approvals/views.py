"""Requests pages: the catalogue, a type's form and check-your-answers, my requests,
awaiting my decision, the list for decision makers, the request page and its
actions, deciding a step, tasks and delegations.

Templates call the request being shown ``req``: ``request`` is the web request.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from kernel.access import (
    confirm_identity_url,
    recent_second_factor_required,
    role_required,
    second_factor_recent,
    staff_required,
    uses_role,
)
from kernel.csvexport import csv_lines
from kernel.roles import RoleKey
from staff.models import AuthorityRule, Role
from staff.selectors import authority_steps_for, organisation_settings

from . import selectors, services
from .authorizers import (
    get_attachment_for_user,
    get_request_for_user,
    get_task_for_user,
    may_add_to,
    may_read_notes,
    may_see_request,
)
from .forms import (
    AttachmentForm,
    CommentForm,
    DelegationForm,
    InvestigationForm,
    ReplyForm,
    RequestFilterForm,
    StepDecisionForm,
    TaskCompleteForm,
    too_large_message,
)
from .models import Request, Step, Task
from .task_pages import task_page_url
from .types import RequestType, all_types, answers_of, get_type, initial_of

PAGE_SIZE = 25
LIST_PAGE_SIZE = 50
# Roles whose holders act on steps of requests (decide, advise or acknowledge).
DECIDING_ROLES = (
    RoleKey.CHIEF_EXECUTIVE,
    RoleKey.MONITORING_OFFICER,
    RoleKey.SIRO,
    RoleKey.COMMUNICATIONS,
    RoleKey.INFORMATION_SECURITY,
    RoleKey.IT_SERVICE_DESK,
)
# Room for the multipart form around an attachment (boundaries, the CSRF token).
UPLOAD_OVERHEAD_BYTES = 64 * 1024

Status = Request.Status


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


def _page(request: HttpRequest, items, size: int = PAGE_SIZE):
    return Paginator(items, size).get_page(request.GET.get("page"))


# Making a request -------------------------------------------------------------------


@staff_required
def catalogue(request: HttpRequest) -> HttpResponse:
    """Every kind of request, with when to use it; reports apart."""
    entries = [
        {"type": request_type, "why_not": request_type.why_not(request.user)}
        for request_type in all_types()
        if request_type.in_catalogue
    ]
    context = {
        "requests": [entry for entry in entries if not entry["type"].is_report],
        "reports": [entry for entry in entries if entry["type"].is_report],
    }
    return render(request, "approvals/catalogue.html", context)


def _catalogue_type(type_key: str) -> RequestType:
    try:
        request_type = get_type(type_key)
    except LookupError:
        raise Http404 from None
    if not request_type.in_catalogue:
        raise Http404
    return request_type


def _form_page(request, request_type, form, *, req=None, reply_form=None, refusal=None):
    context = {
        "request_type": request_type,
        "form": form,
        "reply_form": reply_form,
        "req": req,
        "refusal": refusal,
    }
    status = 400 if (form and form.errors) or (reply_form and reply_form.errors) else 200
    return render(request, "approvals/request_form.html", context, status=status)


@staff_required
def request_new(request: HttpRequest, type_key: str) -> HttpResponse:
    """A type's form; valid answers are kept as a draft, then checked before sending."""
    request_type = _catalogue_type(type_key)
    refusal = request_type.why_not(request.user)
    if refusal:
        response = _form_page(request, request_type, None, refusal=refusal)
        response.status_code = 403 if request.method == "POST" else 200
        return response
    data = request.POST if request.method == "POST" else None
    form = request_type.make_form(data, requester=request.user)
    if data is not None and form.is_valid():
        try:
            draft = services.request_draft_save(
                requester=request.user, type_key=request_type.key, answers=answers_of(form)
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("approvals:request_check", draft.pk)
    return _form_page(request, request_type, form)


@staff_required
def request_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The requester changes a draft, or answers a question and sends the request back."""
    req = get_request_for_user(request.user, pk)
    if req.requester_id != request.user.pk or req.status not in (
        Status.DRAFT,
        Status.MORE_INFORMATION,
    ):
        messages.info(request, "This request can no longer be changed.")
        return redirect("approvals:request_detail", req.pk)
    request_type = get_type(req.type_key)
    answering = req.status == Status.MORE_INFORMATION
    data = request.POST if request.method == "POST" else None
    form = request_type.make_form(
        data, requester=request.user, initial=initial_of(request_type, req.answers)
    )
    reply_form = ReplyForm(data, prefix="information") if answering else None
    if answering:
        for name in request_type.fixed_fields:
            if name in form.fields:
                form.fields[name].disabled = True
    valid = data is not None and form.is_valid() and (reply_form is None or reply_form.is_valid())
    if valid and (done := _save_changes(request, req, form, reply_form)) is not None:
        return done
    return _form_page(request, request_type, form, req=req, reply_form=reply_form)


def _save_changes(request, req: Request, form, reply_form) -> HttpResponse | None:
    """Keep the draft, or resubmit with the answer; None (and the error on the form) if refused."""
    try:
        if reply_form is None:
            services.request_draft_save(
                requester=request.user, type_key=req.type_key, answers=answers_of(form), request=req
            )
            return redirect("approvals:request_check", req.pk)
        services.request_resubmit(
            request=req,
            actor=request.user,
            answers=answers_of(form),
            reply=reply_form.cleaned_data["reply"],
            http_request=request,
        )
    except ValidationError as error:
        form.add_error(None, error)
        return None
    messages.success(
        request, "Your answer has been sent: the request is back with the decision maker."
    )
    return redirect("approvals:request_detail", req.pk)


def route_preview(request_type: RequestType, answers: dict) -> list | None:
    """Who will act on the request, from the authority matrix; None if it names nobody yet."""
    try:
        return authority_steps_for(request_type.decision_key_for(answers))
    except AuthorityRule.DoesNotExist:
        return None


@staff_required
def request_check(request: HttpRequest, pk: int) -> HttpResponse:
    """Check your answers, see who will decide, and send the request."""
    req = get_request_for_user(request.user, pk)
    if req.requester_id != request.user.pk or req.status != Status.DRAFT:
        return redirect("approvals:request_detail", req.pk)
    request_type = get_type(req.type_key)
    if request.method == "POST":
        try:
            services.request_submit(request=req, actor=request.user, http_request=request)
        except ValidationError as error:
            messages.error(request, _errors(error))
            return redirect("approvals:request_check", req.pk)
        req.refresh_from_db(fields=["status"])
        messages.success(request, _sent_message(req))
        return redirect("approvals:request_detail", req.pk)
    context = {
        "req": req,
        "request_type": request_type,
        "lines": request_type.describe(req.answers),
        "route": route_preview(request_type, req.answers),
        "late": request_type.is_late(
            req.answers, today=timezone.localdate(), organisation=organisation_settings()
        ),
    }
    return render(request, "approvals/request_check.html", context)


def _sent_message(req: Request) -> str:
    if req.status == Status.APPROVED:
        return f"Your request {req.reference} has been sent, and approved: the policy lets you authorise it yourself."
    return f"Your request {req.reference} has been sent. You get an email when it is decided."


# Lists --------------------------------------------------------------------------------


@staff_required
def my_requests(request: HttpRequest) -> HttpResponse:
    """Everything the person has asked for, drafts to continue first among the newest."""
    page = _page(request, selectors.my_requests(request.user))
    return render(request, "approvals/my_requests.html", {"page": page})


@staff_required
def awaiting(request: HttpRequest) -> HttpResponse:
    """Steps waiting for this person's decision, advice or acknowledgement."""
    page = _page(request, selectors.awaiting_decision(request.user))
    context = {
        "page": page,
        "today": timezone.localdate(),
        "acting_for": selectors.delegations_received(request.user, current=True),
    }
    return render(request, "approvals/awaiting.html", context)


@role_required(*DECIDING_ROLES, RoleKey.AUDITOR, line_manager=True)
def request_list(request: HttpRequest) -> HttpResponse:
    """The requests the person may see, filtered (auditors see them all)."""
    form = RequestFilterForm(request.GET or None)
    requests = selectors.request_list(request.user, form.filters())
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": _page(request, requests, LIST_PAGE_SIZE),
        "query_string": query.urlencode(),
        "sees_all": uses_role(request.user, RoleKey.AUDITOR),
    }
    return render(request, "approvals/request_list.html", context)


CSV_HEADER = [
    "Reference", "Type", "Title", "Status", "Requested by", "Requester's email",
    "Affects", "Submitted", "Decided", "Closed", "Valid from", "Valid until", "Raised late",
]  # fmt: skip


def _csv_rows(requests):
    yield CSV_HEADER
    for req in requests.iterator(chunk_size=2000):
        yield [
            req.reference, _type_name(req.type_key), req.summary, req.get_status_display(),
            req.requester.full_name, req.requester.email,
            req.affected.full_name if req.affected_id else "",
            _when(req.submitted_at), _when(req.decided_at), _when(req.closed_at),
            req.starts_on or "", req.ends_on or "", "Yes" if req.late else "No",
        ]  # fmt: skip


def _type_name(type_key: str) -> str:
    try:
        return get_type(type_key).name
    except LookupError:
        return type_key


def _when(moment: dt.datetime | None) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


@role_required(*DECIDING_ROLES, RoleKey.AUDITOR, line_manager=True)
def request_export(request: HttpRequest) -> HttpResponse:
    """The filtered list as CSV; the export is audited. Answers, notes and investigation
    reasons are never in it."""
    form = RequestFilterForm(request.GET or None)
    requests = selectors.request_list(request.user, form.filters())
    services.requests_export(
        actor=request.user, filters=form.described(), rows=requests.count(), http_request=request
    )
    response = StreamingHttpResponse(
        csv_lines(_csv_rows(requests)), content_type="text/csv; charset=utf-8"
    )
    name = timezone.localtime().strftime("requests-%Y-%m-%d-%H%M.csv")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# The request page and what can be done from it -------------------------------------------


def _acting(user, req: Request, steps: list[Step]) -> list[dict]:
    """The open steps this person may act on, and for whom when as a delegate."""
    if req.status != Status.SUBMITTED:
        return []
    acting = []
    for step in steps:
        if step.status != Step.Status.OPEN:
            continue
        allowed, on_behalf_of = services.acting_for(user, step, req)
        if allowed:
            acting.append({"step": step, "on_behalf_of": on_behalf_of})
    return acting


def request_page_context(request: HttpRequest, req: Request, **forms) -> dict:
    """Everything the request page (and the top of the decision page) shows."""
    user = request.user
    notes = may_read_notes(user, req)
    page = selectors.request_page(req, notes=notes)
    acting = _acting(user, req, page["steps"])
    is_requester = req.requester_id == user.pk
    decided_a_step = any(step.decided_by_id == user.pk for step in page["steps"])
    return {
        "req": req,
        **page,
        "timeline": selectors.timeline(req, page),
        "acting": acting,
        "is_requester": is_requester,
        "may_read_notes": notes,
        "may_withdraw": is_requester and req.status in (Status.DRAFT, *Request.OPEN_STATUSES),
        "may_add": may_add_to(user, req),
        "may_mark": bool(acting) and req.affected_id and not req.internal_investigation,
        "may_lift": req.internal_investigation and (bool(acting) or decided_a_step),
        "comment_form": forms.get("comment_form") or CommentForm(notes_allowed=notes),
        "attachment_form": AttachmentForm(),
        "investigation_form": forms.get("investigation_form") or InvestigationForm(),
        "today": timezone.localdate(),
    }


@staff_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    req = get_request_for_user(request.user, pk)
    if req.status == Status.DRAFT:
        return redirect("approvals:request_check", req.pk)
    return render(request, "approvals/request_detail.html", request_page_context(request, req))


@staff_required
def request_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """The requester takes back a draft or a request nobody has decided yet (asked first)."""
    req = get_request_for_user(request.user, pk)
    if req.requester_id != request.user.pk:
        raise Http404
    if request.method == "POST":
        was_draft = req.status == Status.DRAFT
        try:
            services.request_withdraw(request=req, actor=request.user, http_request=request)
        except ValidationError as error:
            messages.error(request, _errors(error))
            return redirect("approvals:request_detail", req.pk)
        messages.success(
            request,
            f"The draft {req.reference} has been withdrawn: it will not be sent."
            if was_draft
            else f"Your request {req.reference} has been withdrawn.",
        )
        return redirect("approvals:my_requests")
    if req.status not in (Status.DRAFT, *Request.OPEN_STATUSES):
        messages.info(request, "This request has been decided, so it can no longer be withdrawn.")
        return redirect("approvals:request_detail", req.pk)
    return render(request, "approvals/request_withdraw.html", {"req": req})


@staff_required
@require_POST
def request_comment(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a comment (or, for those deciding, an internal note)."""
    req = get_request_for_user(request.user, pk)
    if not may_add_to(request.user, req):
        messages.error(request, "Comments can no longer be added to this request.")
        return redirect("approvals:request_detail", req.pk)
    notes = may_read_notes(request.user, req)
    form = CommentForm(request.POST, notes_allowed=notes)
    if form.is_valid():
        try:
            services.comment_add(
                request=req,
                author=request.user,
                body=form.cleaned_data["body"],
                internal=notes and form.cleaned_data.get("internal", False),
                http_request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            internal = notes and form.cleaned_data.get("internal")
            messages.success(
                request,
                "Your internal note has been added."
                if internal
                else "Your comment has been added.",
            )
            return redirect(f"{reverse('approvals:request_detail', args=[req.pk])}#comments")
    context = request_page_context(request, req, comment_form=form)
    return render(request, "approvals/request_detail.html", context, status=400)


def _upload_too_large(request: HttpRequest) -> bool:
    """Whether the body is bigger than any acceptable file could make it, from its
    declared length, before anything reads it."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return length > settings.APPROVALS_ATTACHMENT_MAX_BYTES + UPLOAD_OVERHEAD_BYTES


@staff_required
@csrf_exempt  # the CSRF check reads the body: it runs in _attachment_add, after the size check
@require_POST
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Keep a file with the request; one too big is refused before its body is read."""
    req = get_request_for_user(request.user, pk)
    if _upload_too_large(request):
        messages.error(request, too_large_message())
        return redirect(f"{reverse('approvals:request_detail', args=[req.pk])}#files")
    return _attachment_add(request, req)


@csrf_protect
def _attachment_add(request: HttpRequest, req: Request) -> HttpResponse:
    back = f"{reverse('approvals:request_detail', args=[req.pk])}#files"
    if not may_add_to(request.user, req):
        messages.error(request, "Files can no longer be added to this request.")
        return redirect(back)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("file", ["That file could not be read."])))
        return redirect(back)
    upload = form.cleaned_data["file"]
    try:
        services.attachment_add(
            request=req,
            actor=request.user,
            name=upload.name,
            data=upload.read(),
            http_request=request,
        )
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, f"The file {upload.name} has been added.")
    return redirect(back)


@staff_required
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    """A file of the request, to those who may see the request; every download is audited."""
    req = get_request_for_user(request.user, pk)
    attachment = get_attachment_for_user(request.user, req, attachment_pk)
    data = services.attachment_read(attachment=attachment, actor=request.user, http_request=request)
    response = HttpResponse(data, content_type=attachment.content_type)
    response["Content-Disposition"] = content_disposition_header(True, attachment.name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _back_to(request: HttpRequest, req: Request, wanted: str) -> str:
    """``wanted`` if it is a page of this request, else the request page."""
    page = reverse("approvals:request_detail", args=[req.pk])
    safe = url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()})
    return wanted if safe and wanted.startswith(page) else page


@staff_required
@recent_second_factor_required
@require_POST
def request_investigation(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark the request an internal investigation, or lift the mark, with the reason."""
    req = get_request_for_user(request.user, pk)
    form = InvestigationForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(" ".join(errors) for errors in form.errors.values()))
        return redirect(_back_to(request, req, request.POST.get("next", "")))
    reason = form.cleaned_data["reason"]
    try:
        if form.cleaned_data["action"] == "mark":
            services.request_mark_investigation(
                request=req, actor=request.user, reason=reason, http_request=request
            )
            messages.success(
                request,
                "Marked as an internal investigation: the person it affects is not told, and cannot see it.",
            )
        else:
            services.request_lift_investigation(
                request=req, actor=request.user, reason=reason, http_request=request
            )
            messages.success(request, "The internal investigation mark has been lifted.")
    except ValidationError as error:
        messages.error(request, _errors(error))
    return redirect(_back_to(request, req, form.cleaned_data["next"]))


# Deciding ------------------------------------------------------------------------------


def _decide(request: HttpRequest, step: Step, decision: str, text: str) -> str:
    """Call the service for the button pressed; returns what to tell the person."""
    actor, http_request = request.user, request
    if decision == "approve":
        services.step_approve(step=step, actor=actor, note=text, http_request=http_request)
        return "You approved the request."
    if decision == "refuse":
        services.step_refuse(step=step, actor=actor, reason=text, http_request=http_request)
        return "You refused the request. The requester has been told why."
    if decision == "advise":
        services.step_advise(step=step, actor=actor, advice=text, http_request=http_request)
        return "Your advice has been recorded."
    if decision == "acknowledge":
        services.step_acknowledge(step=step, actor=actor, note=text, http_request=http_request)
        return "You acknowledged the report."
    services.request_ask_for_information(
        step=step, actor=actor, question=text, http_request=http_request
    )
    return "Your question has been sent to the requester. The request comes back to you when they answer."


@staff_required
@recent_second_factor_required
def step_decide(request: HttpRequest, pk: int, step_pk: int) -> HttpResponse:
    """Decide a step, give advice, or acknowledge a report; or ask for more information."""
    req = get_request_for_user(request.user, pk)
    step = get_object_or_404(req.steps.select_related("role", "assignee"), pk=step_pk)
    if (leave := _leave_step_page(request, req, step)) is not None:
        return leave
    allowed, on_behalf_of = services.acting_for(request.user, step, req)
    if not allowed:
        raise Http404
    data = request.POST if request.method == "POST" else None
    form = StepDecisionForm(data, step=step)
    if data is not None and form.is_valid():
        try:
            done = _decide(request, step, form.cleaned_data["decision"], form.cleaned_data["text"])
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            messages.success(request, done)
        return redirect("approvals:request_detail", req.pk)
    context = {
        **request_page_context(request, req),
        "step": step,
        "on_behalf_of": on_behalf_of,
        "form": form,
        "identity_confirmed": second_factor_recent(request),
        "confirm_url": confirm_identity_url(request, request.get_full_path()),
    }
    return render(
        request, "approvals/step_decide.html", context, status=400 if form.errors else 200
    )


def _leave_step_page(request: HttpRequest, req: Request, step: Step) -> HttpResponse | None:
    """Back to the request page, saying why, when the step cannot be acted on now."""
    if step.status != Step.Status.OPEN or req.status not in Request.OPEN_STATUSES:
        messages.info(
            request,
            "This step has been dealt with already; the page shows where the request stands now.",
        )
    elif req.status == Status.MORE_INFORMATION:
        messages.info(
            request,
            "The requester has been asked for more information: the request comes back to you when they answer.",
        )
    else:
        return None
    return redirect("approvals:request_detail", req.pk)


# Tasks ---------------------------------------------------------------------------------


@staff_required
def my_tasks(request: HttpRequest) -> HttpResponse:
    """Open tasks given to the person or to a role they hold; links to each role's page."""
    context = {
        "page": _page(request, selectors.tasks_for(request.user)),
        "roles": selectors.roles_with_task_pages(request.user),
        "today": timezone.localdate(),
    }
    return render(request, "approvals/my_tasks.html", context)


@staff_required
def role_tasks(request: HttpRequest, role_key: str) -> HttpResponse:
    """A role's tasks, open or recently done, for its holders and auditors."""
    role = Role.objects.filter(key=role_key).first()
    if role is None or not uses_role(request.user, role_key, RoleKey.AUDITOR):
        raise Http404
    done = request.GET.get("show") == "done"
    tasks = selectors.role_tasks(request.user, role_key, status=Task.Status.DONE if done else Task.Status.OPEN)
    if done:
        tasks = tasks.order_by("-done_at", "-pk")
    context = {
        "role": role,
        "done": done,
        "page": _page(request, tasks),
        "today": timezone.localdate(),
    }
    return render(request, "approvals/role_tasks.html", context)


@staff_required
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A task, and the way to mark it done."""
    task = get_task_for_user(request.user, pk)
    own_page = task_page_url(task) if task.status == Task.Status.OPEN else None
    if own_page:
        return redirect(own_page)
    may_do = task.status == Task.Status.OPEN and services.may_do_task(request.user, task)
    data = request.POST if request.method == "POST" else None
    form = TaskCompleteForm(data)
    if data is not None:
        if not may_do:
            messages.error(
                request, "This task is not yours to mark done, or it has been dealt with already."
            )
            return redirect(task)
        if form.is_valid():
            try:
                services.task_complete(
                    task=task,
                    actor=request.user,
                    note=form.cleaned_data["note"],
                    http_request=request,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"“{task.title}” is marked done.")
                return redirect(task)
    context = {
        "task": task,
        "form": form,
        "may_do": may_do,
        "request_visible": bool(task.request_id) and may_see_request(request.user, task.request),
        "today": timezone.localdate(),
    }
    return render(
        request, "approvals/task_detail.html", context, status=400 if form.errors else 200
    )


# Delegations ---------------------------------------------------------------------------


@staff_required
def delegations(request: HttpRequest) -> HttpResponse:
    """Who decides for me while I am away, and for whom I decide."""
    data = request.POST if request.method == "POST" else None
    form = DelegationForm(data, person=request.user)
    if data is not None and form.is_valid():
        try:
            delegation = services.delegation_create(
                person=request.user, actor=request.user, http_request=request, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                f"{delegation.delegate.full_name} decides for you from "
                f"{delegation.starts_on:%-d %B %Y} to {delegation.ends_on:%-d %B %Y}. They have been told.",
            )
            return redirect("approvals:delegations")
    context = {
        "form": form,
        "given": selectors.delegations_given(request.user),
        "received": selectors.delegations_received(request.user),
        "today": timezone.localdate(),
    }
    return render(
        request, "approvals/delegations.html", context, status=400 if form.errors else 200
    )


@staff_required
@require_POST
def delegation_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """End a delegation early (the person who delegated, or whoever set it up)."""
    delegation = get_object_or_404(selectors.delegations_given(request.user), pk=pk)
    try:
        services.delegation_cancel(delegation=delegation, actor=request.user, http_request=request)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, f"{delegation.delegate.full_name} no longer decides for you.")
    return redirect("approvals:delegations")
