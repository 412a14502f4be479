"""Declarations pages: my declarations, signing, policies and their versions, kinds, device holders."""

from __future__ import annotations

import datetime as dt
import os
from io import BytesIO

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from kernel.access import recent_authentication_required, role_required, staff_required
from kernel.roles import RoleKey

from . import selectors, services
from .authorizers import (
    POLICY_EDITORS,
    POLICY_READERS,
    get_policy_for_user,
    get_requirement_for_user,
    get_version_for_user,
    may_edit_policies,
    may_read_drafts,
    recent_authentication_to_sign_required,
)
from .forms import (
    DeclarationKindForm,
    DeviceHolderFilterForm,
    PolicyForm,
    PolicyVersionForm,
    QuestionFormSet,
    RequirementExtendForm,
    SigningForm,
    StatementFormSet,
    questions_from,
    questions_initial,
    statements_from,
    statements_initial,
)
from .markdown import render_policy_markdown
from .models import Cycle, DeclarationKind, Requirement

PAGE_SIZE = 25
# Reasons a declaration cannot be signed at all (rather than a mistake to correct on the form).
REFUSALS = {"not_due", "leaver", "not_yours", "no_version"}


def _messages_of(error: ValidationError) -> str:
    return " ".join(error.messages)


# My declarations and signing

@staff_required
def index(request: HttpRequest) -> HttpResponse:
    """My declarations: what I owe, what I have signed, and every policy to read."""
    signed = Paginator(selectors.declarations_of(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "outstanding": list(selectors.outstanding_requirements(request.user)),
        "signed": signed,
        "policies": selectors.policies_with_current_version(),
        "today": timezone.localdate(),
        "may_edit": may_edit_policies(request.user),
        "may_read_drafts": may_read_drafts(request.user),
    }
    return render(request, "declarations/index.html", context)


def _signing_context(requirement: Requirement) -> dict:
    kind = requirement.kind
    version = selectors.version_to_sign(requirement)
    statements = list(kind.statements.all())
    questions = list(kind.questions.prefetch_related("choices"))
    return {
        "requirement": requirement,
        "kind": kind,
        "version": version,
        "statements": statements,
        "questions": questions,
        "policy_html": render_policy_markdown(version.body_markdown) if version else "",
        "shown_sha256": services.shown_text_sha256(kind=kind, version=version, statements=[s.text for s in statements])
        if version
        else "",
    }


def _leave_signing_page(request, requirement: Requirement) -> HttpResponse | None:
    """Where to send someone whose requirement cannot be signed now, with the reason."""
    if requirement.status == Requirement.Status.SIGNED:
        messages.info(request, f"You have already signed the {requirement.kind.name} for this period.")
        return redirect("declarations:signed", requirement.pk)
    if requirement.status != Requirement.Status.DUE:
        messages.info(request, f"The {requirement.kind.name} is no longer needed from you.")
        return redirect("declarations:index")
    if request.user.has_left():
        messages.error(request, "You have left the organisation, so you no longer sign declarations.")
        return redirect("declarations:index")
    return None


def _sign(request, form: SigningForm, context: dict) -> HttpResponse | None:
    """Call the service; on a correctable mistake put it on the form and return None."""
    requirement = context["requirement"]
    try:
        services.declaration_sign(
            requirement=requirement,
            user=request.user,
            statements_confirmed=form.statements_confirmed(),
            typed_name=form.cleaned_data["typed_name"],
            answers=form.answers(),
            request=request,
            shown_sha256=form.cleaned_data["shown_sha256"] or None,
        )
    except ValidationError as error:
        code = getattr(error, "code", None)
        if code == "already_signed":
            messages.info(request, _messages_of(error))
            return redirect("declarations:signed", requirement.pk)
        if code in REFUSALS:
            messages.error(request, _messages_of(error))
            return redirect("declarations:index")
        form.add_error(None, error)
        return None
    return redirect("declarations:signed", requirement.pk)


@staff_required
@recent_authentication_to_sign_required
def sign(request: HttpRequest, pk: int) -> HttpResponse:
    """Read the policy, tick each statement, answer the questions, type one's name, sign."""
    requirement = get_requirement_for_user(request.user, pk)
    if (leave := _leave_signing_page(request, requirement)) is not None:
        return leave
    context = _signing_context(requirement)
    if context["version"] is None:
        messages.info(request, f"{requirement.kind.policy} has no published version yet: there is nothing to sign.")
        return redirect("declarations:index")
    data = request.POST.copy() if request.method == "POST" else None
    form = SigningForm(
        data, kind=context["kind"], statements=context["statements"], questions=context["questions"],
        initial={"shown_sha256": context["shown_sha256"]},
    )
    if data is not None and form.is_valid():
        if (done := _sign(request, form, context)) is not None:
            return done
        # Whatever went wrong, the page now shows the current text: sign that next time.
        data["shown_sha256"] = context["shown_sha256"]
    context["form"] = form
    context["today"] = timezone.localdate()
    return render(request, "declarations/sign.html", context, status=400 if form.errors else 200)


@staff_required
def signed(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirmation after signing, with the way to the signed record."""
    requirement = get_requirement_for_user(request.user, pk)
    declaration = getattr(requirement, "declaration", None)
    if declaration is None:
        return redirect("declarations:sign", requirement.pk)
    return render(request, "declarations/signed.html", {"requirement": requirement, "declaration": declaration})


# Policies

@staff_required
def policy_list(request: HttpRequest) -> HttpResponse:
    context = {
        "policies": selectors.policies_with_current_version(),
        "may_edit": may_edit_policies(request.user),
    }
    return render(request, "declarations/policy_list.html", context)


def _outstanding_for_policy(user, policy):
    return [r for r in selectors.outstanding_requirements(user) if r.kind.policy_id == policy.pk]


@staff_required
def policy_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The policy as it stands: its current text, history and the original document."""
    policy = get_policy_for_user(request.user, slug)
    version = policy.current_version()
    context = {
        "policy": policy,
        "version": version,
        "policy_html": render_policy_markdown(version.body_markdown) if version else "",
        "original": selectors.original_checked(version) if version else None,
        "history": selectors.policy_history(policy, with_drafts=may_read_drafts(request.user)),
        "kinds": selectors.kinds_covering(policy),
        "outstanding": _outstanding_for_policy(request.user, policy),
        "may_edit": may_edit_policies(request.user),
    }
    return render(request, "declarations/policy_detail.html", context)


@role_required(*POLICY_EDITORS)
def policy_create(request: HttpRequest) -> HttpResponse:
    form = PolicyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            policy = services.policy_create(actor=request.user, request=request, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{policy} has been added. Now write its first version.")
            return redirect("declarations:version_create", policy.slug)
    return render(request, "declarations/policy_form.html", {"form": form, "policy": None})


@role_required(*POLICY_EDITORS)
def policy_edit(request: HttpRequest, slug: str) -> HttpResponse:
    policy = get_policy_for_user(request.user, slug)
    form = PolicyForm(request.POST or None, instance=get_policy_for_user(request.user, slug))
    if request.method == "POST" and form.is_valid():
        try:
            services.policy_update(policy=policy, actor=request.user, request=request, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"The details of {form.cleaned_data['title']} have been saved.")
            return redirect("declarations:policy", policy.slug)
    return render(request, "declarations/policy_form.html", {"form": form, "policy": policy})


# Versions

@staff_required
def version_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One version as people read (or, for a draft, will read) it."""
    policy = get_policy_for_user(request.user, slug)
    version = get_version_for_user(request.user, policy, pk)
    context = {
        "policy": policy,
        "version": version,
        "is_current": version == policy.current_version(),
        "original": selectors.original_checked(version),
        "policy_html": render_policy_markdown(version.body_markdown),
        "may_edit": may_edit_policies(request.user),
    }
    return render(request, "declarations/version_detail.html", context)


def _version_form_page(request, policy, version, form) -> HttpResponse:
    """The version form; 'Preview' shows the text as people will read it, saving nothing."""
    preview = None
    if request.method == "POST" and "preview" in request.POST:
        preview = render_policy_markdown(request.POST.get("body_markdown", ""))
        if request.FILES:
            messages.warning(request, "A preview does not keep the original document: choose it again before saving.")
    context = {"policy": policy, "version": version, "form": form, "preview": preview}
    status = 400 if form.is_bound and form.errors and preview is None else 200
    return render(request, "declarations/version_form.html", context, status=status)


@role_required(*POLICY_EDITORS)
def version_create(request: HttpRequest, slug: str) -> HttpResponse:
    policy = get_policy_for_user(request.user, slug)
    current = policy.current_version()
    initial = {"body_markdown": current.body_markdown, "grace_days": current.grace_days} if current else {}
    form = PolicyVersionForm(request.POST or None, request.FILES or None, policy=policy, initial=initial)
    if request.method == "POST" and "preview" not in request.POST and form.is_valid():
        try:
            version = services.policy_version_create(policy=policy, actor=request.user, request=request, **form.version_fields())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Draft version {version.number} has been saved. Check it, then publish it.")
            return redirect("declarations:version", policy.slug, version.pk)
    return _version_form_page(request, policy, None, form)


@role_required(*POLICY_EDITORS)
def version_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    policy = get_policy_for_user(request.user, slug)
    version = get_version_for_user(request.user, policy, pk)
    if version.is_published:
        messages.error(
            request,
            f"Version {version.number} is published, so it can no longer be changed. "
            "To correct it, write a new version.",
        )
        return redirect("declarations:version", policy.slug, version.pk)
    form = PolicyVersionForm(
        request.POST or None, request.FILES or None, policy=policy, instance=version
    )
    if request.method == "POST" and "preview" not in request.POST and form.is_valid():
        try:
            services.policy_version_update(version=version, actor=request.user, request=request, **form.version_fields())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Draft version {form.cleaned_data['number']} has been saved.")
            return redirect("declarations:version", policy.slug, version.pk)
    return _version_form_page(request, policy, version, form)


@role_required(*POLICY_EDITORS)
@recent_authentication_required
def version_publish(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Confirm, then publish: says whether people must declare again, and by when."""
    policy = get_policy_for_user(request.user, slug)
    version = get_version_for_user(request.user, policy, pk)
    if version.is_published:
        messages.info(request, f"Version {version.number} is already published.")
        return redirect("declarations:version", policy.slug, version.pk)
    if request.method == "POST":
        try:
            services.policy_version_publish(version=version, actor=request.user, request=request)
        except ValidationError as error:
            messages.error(request, _messages_of(error))
            return redirect("declarations:version", policy.slug, version.pk)
        messages.success(request, f"Version {version.number} of {policy} is published.")
        return redirect("declarations:policy", policy.slug)
    kinds = list(selectors.kinds_covering(policy))
    context = {
        "policy": policy,
        "version": version,
        "current": policy.current_version(),
        "kinds": kinds,
        "per_version_kinds": [k for k in kinds if k.cycle == Cycle.PER_VERSION],
        "due_by": timezone.localdate() + dt.timedelta(days=version.grace_days),
    }
    return render(request, "declarations/version_publish.html", context)


@staff_required
def version_original(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    """The original document of a version, for those who may read the version.

    Only ever the file that was uploaded: a stored file that no longer matches its
    SHA-256 is refused.
    """
    policy = get_policy_for_user(request.user, slug)
    version = get_version_for_user(request.user, policy, pk)
    if not version.original_file:
        raise Http404
    try:
        data = services.policy_original_read(version=version, request=request)
    except FileNotFoundError as error:
        raise Http404 from error
    except services.OriginalFileMismatch:
        raise Http404("The stored original document does not match its version") from None
    extension = os.path.splitext(version.original_file.name)[1].lower()
    response = FileResponse(BytesIO(data), as_attachment=True, filename=f"{policy.slug}-version-{version.number}{extension}")
    response["Cache-Control"] = "private, no-store"
    return response


# Kinds of declaration

@role_required(*POLICY_READERS)
def kind_list(request: HttpRequest) -> HttpResponse:
    context = {"kinds": list(selectors.kinds_for_administration()), "may_edit": may_edit_policies(request.user)}
    return render(request, "declarations/kind_list.html", context)


def _kind_form_page(request, kind: DeclarationKind | None) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = DeclarationKindForm(data, instance=kind)
    statements = StatementFormSet(data, prefix="statements", initial=statements_initial(kind))
    questions = QuestionFormSet(data, prefix="questions", initial=questions_initial(kind))
    if data is not None and form.is_valid() and statements.is_valid() and questions.is_valid():
        if not statements_from(statements):
            form.add_error(None, "Write at least one statement for people to confirm.")
        else:
            arguments = {
                "actor": request.user, "request": request, "teams": list(form.cleaned_data["audience_teams"]),
                "statements": statements_from(statements), "questions": questions_from(questions),
                **form.kind_fields(),
            }
            try:
                saved = services.kind_update(kind=kind, **arguments) if kind else services.kind_create(**arguments)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"{saved.name} has been saved.")
                return redirect("declarations:kinds")
    context = {"form": form, "statements": statements, "questions": questions, "kind": kind}
    return render(request, "declarations/kind_form.html", context, status=400 if data is not None else 200)


@role_required(*POLICY_EDITORS)
def kind_create(request: HttpRequest) -> HttpResponse:
    return _kind_form_page(request, None)


@role_required(*POLICY_EDITORS)
def kind_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _kind_form_page(request, get_object_or_404(DeclarationKind, pk=pk))


# People who hold an issued device

@role_required(*POLICY_EDITORS)
def device_holders(request: HttpRequest) -> HttpResponse:
    """Who holds an issued device, read from the device register (changed there)."""
    form = DeviceHolderFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    people = selectors.device_holders(
        q=filters.get("q", ""), device_kind=filters.get("device_kind", "")
    )
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.with_devices_held(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query_string": query.urlencode()}
    return render(request, "declarations/device_holders.html", context)


@role_required(RoleKey.ADMINISTRATOR)
@recent_authentication_required
def requirement_extend(request: HttpRequest, pk: int) -> HttpResponse:
    """An administrator gives one person more time for one declaration, with a reason."""
    requirement = get_object_or_404(
        Requirement.objects.select_related("user", "kind"), pk=pk, status=Requirement.Status.DUE
    )
    form = RequirementExtendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.requirement_extend(
                requirement=requirement,
                actor=request.user,
                until=form.cleaned_data["until"],
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                f"{requirement.user.full_name} now has until "
                f"{form.cleaned_data['until']:%-d %B %Y} to sign the {requirement.kind.name}.",
            )
            return redirect("declarations:compliance")
    context = {"requirement": requirement, "form": form}
    return render(request, "declarations/requirement_extend.html", context)
