"""Staff administration: records, roles, the CSV import, the authority matrix and the
organisation settings; and the person picker every member of staff uses."""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from audit import selectors as audit_selectors
from kernel.access import recent_authentication_required, role_required, staff_required
from kernel.csvimport import text_digest
from kernel.ratelimit import within_rate_limit
from kernel.roles import RoleKey

from . import selectors, services
from .audit_actions import StaffAction
from .authority_presets import PRESET_LABELS, PRESETS
from .authorizers import STAFF_EDITORS, STAFF_READERS, get_staff_for_user, may_change_staff
from .forms import (
    PERSON_FIELDS,
    AuthorityPresetForm,
    DeactivateForm,
    OrganisationSettingsForm,
    RoleAssignForm,
    StaffFilterForm,
    StaffForm,
    StaffImportForm,
)
from .importing import validate_staff_csv
from .models import AuthorityStep, RoleAssignment, StaffType, User

PAGE_SIZE = 25
IMPORT_SESSION_KEY = "staff_import"
# Suggestions per person per minute from the person picker: plenty for typing, too
# few to read the staff list out with a script.
PERSON_PICKER_PER_MINUTE = 60
# A form field's name, as htmx sends it: letters, digits, "_" and "-" (form prefixes).
PICKER_FIELD_NAME = re.compile(r"[A-Za-z_][\w-]{0,59}")


def _messages_of(error: ValidationError) -> str:
    return " ".join(error.messages)


@role_required(*STAFF_READERS)
def staff_list(request: HttpRequest) -> HttpResponse:
    form = StaffFilterForm(request.GET or None)
    page = Paginator(selectors.staff_search(**form.filters()), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "staff/staff_list.html",
        {
            "form": form,
            "page": page,
            "query_string": query.urlencode(),
            "may_change": may_change_staff(request.user),
        },
    )


def _detail_context(request, person: User, role_form: RoleAssignForm | None = None) -> dict:
    may_change = may_change_staff(request.user)
    if may_change and role_form is None:
        role_form = RoleAssignForm(person=person)
    return {
        "person": person,
        "roles": selectors.staff_role_history(person),
        "direct_reports": person.direct_reports.select_related("team").order_by("full_name"),
        "session_count": selectors.staff_active_session_count(person),
        "audit_events": audit_selectors.audit_events_about(person),
        "may_change": may_change,
        "role_form": role_form,
    }


@role_required(*STAFF_READERS)
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_staff_for_user(request.user, pk)
    return render(request, "staff/staff_detail.html", _detail_context(request, person))


def _save_staff(request, form: StaffForm, person: User | None) -> User | None:
    """Create or update from a valid form; on a refused change, put the reason on the form."""
    try:
        return services.staff_save(
            user=person,
            actor=request.user,
            request=request,
            new_team=form.cleaned_data["new_team"],
            **form.staff_fields(),
        )
    except ValidationError as error:
        form.add_error(None, error)
        return None


@role_required(*STAFF_EDITORS)
def staff_create(request: HttpRequest) -> HttpResponse:
    form = StaffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = _save_staff(request, form, None)
        if person is not None:
            messages.success(
                request,
                f"{person} has been added. They set their password with 'Forgotten your password?' "
                "on the sign-in page.",
            )
            return redirect(person)
    return render(request, "staff/staff_form.html", {"form": form, "person": None})


@role_required(*STAFF_EDITORS)
@recent_authentication_required
def staff_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a staff record; saving needs a recent sign-in, as other changes to access do.

    The work email is what the person signs in with, and a leaving date ends
    their sessions. allauth keeps what was submitted while the administrator
    confirms who they are, and saves it afterwards.
    """
    person = get_staff_for_user(request.user, pk)
    # A model form writes what was typed into its instance: give it its own copy so
    # the page keeps showing the record as saved.
    form = StaffForm(request.POST or None, instance=get_staff_for_user(request.user, pk))
    if request.method == "POST" and form.is_valid() and (saved := _save_staff(request, form, person)):
        messages.success(request, f"The record of {person} has been saved.")
        moved = (saved.team_id, saved.line_manager_id) != (person.team_id, person.line_manager_id)
        if moved and settings.STAFF_MOVE_REVIEW_URL_NAME:
            return redirect(settings.STAFF_MOVE_REVIEW_URL_NAME, person.pk)
        return redirect(person)
    return render(request, "staff/staff_form.html", {"form": form, "person": person})


@role_required(*STAFF_EDITORS)
def person_search_hx(request: HttpRequest) -> HttpResponse:
    """Suggestions for a person picker of the staff form: at most ten current staff.

    htmx sends what was typed under the picker's own name, given in ``field``.
    """
    field = request.GET.get("field", "")
    context = _suggestions(request, field if field in PERSON_FIELDS else "q")
    return render(request, "staff/_person_search_results.html", context)


@staff_required
def person_picker_hx(request: HttpRequest) -> HttpResponse:
    """Suggestions for the person picker of any form (``forms.PersonField``).

    Open to every member of staff, so it shows what colleagues know of each other:
    name, job title and team. The work email rides along for the picker to fill
    in, unprinted. At most ten people, and a limited number of answers a minute.
    """
    if not within_rate_limit(
        "person_picker", str(request.user.pk), per_minute=PERSON_PICKER_PER_MINUTE
    ):
        return render(request, "staff/_person_picker_results.html", {"people": []}, status=429)
    field = request.GET.get("field", "")
    context = _suggestions(request, field if PICKER_FIELD_NAME.fullmatch(field) else "q")
    return render(request, "staff/_person_picker_results.html", context)


def _suggestions(request: HttpRequest, field: str) -> dict:
    """What a suggestions fragment shows: the people matching what was typed in ``field``."""
    query = request.GET.get(field, "")[:100]
    exclude = request.GET.get("exclude", "")
    people = selectors.person_suggestions(
        query, exclude_id=int(exclude) if exclude.isdigit() and len(exclude) < 10 else None
    )
    return {"people": people, "query": query.strip(), "option_prefix": f"id_{field}_option_"}


@role_required(*STAFF_EDITORS)
@recent_authentication_required
def staff_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_staff_for_user(request.user, pk)
    if not person.is_active:
        messages.info(request, f"{person} is already deactivated.")
        return redirect(person)
    form = DeactivateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.staff_deactivate(
                user=person, actor=request.user, request=request, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            messages.error(request, _messages_of(error))
            return redirect(person)
        messages.success(request, f"{person} has been deactivated and signed out everywhere.")
        return redirect(person)
    context = {
        "person": person,
        "form": form,
        "session_count": selectors.staff_active_session_count(person),
    }
    return render(request, "staff/staff_deactivate.html", context)


@role_required(*STAFF_EDITORS)
@recent_authentication_required
@require_POST
def staff_reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_staff_for_user(request.user, pk)
    services.staff_reactivate(user=person, actor=request.user, request=request)
    if person.has_left():
        messages.warning(
            request,
            f"{person} has been reactivated, but their leaving date has passed, so they still "
            "cannot sign in. Change the leaving date if they are staying.",
        )
    else:
        messages.success(request, f"{person} has been reactivated and can sign in again.")
    return redirect(person)


@role_required(*STAFF_EDITORS)
@recent_authentication_required
@require_POST
def staff_role_assign(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_staff_for_user(request.user, pk)
    form = RoleAssignForm(request.POST, person=person)
    if form.is_valid():
        role = form.cleaned_data["role"]
        try:
            services.role_assign(
                user=person,
                role=role,
                actor=request.user,
                request=request,
                starts_on=form.cleaned_data["starts_on"],
                ends_on=form.ends_on,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{person} now holds the role {role}.")
            return redirect(person)
    context = _detail_context(request, person, role_form=form)
    return render(request, "staff/staff_detail.html", context, status=400)


@role_required(*STAFF_EDITORS)
@recent_authentication_required
@require_POST
def staff_role_remove(request: HttpRequest, pk: int, assignment_pk: int) -> HttpResponse:
    person = get_staff_for_user(request.user, pk)
    assignment = get_object_or_404(RoleAssignment, pk=assignment_pk, user=person)
    try:
        services.role_remove(assignment=assignment, actor=request.user, request=request)
    except ValidationError as error:
        messages.error(request, _messages_of(error))
    else:
        messages.success(request, f"{person} no longer holds the role {assignment.role}.")
    return redirect(person)


def _import_page(request, form: StaffImportForm, result=None, file_name: str = ""):
    context = {
        "form": form,
        "result": result,
        "file_name": file_name,
        "email_domain": settings.ORGANISATION_EMAIL_DOMAIN,
        "staff_types": [label for _, label in StaffType.choices],
    }
    return render(request, "staff/staff_import.html", context)


@role_required(*STAFF_EDITORS)
def staff_import_upload(request: HttpRequest) -> HttpResponse:
    """Upload a CSV; show every bad row, or a preview with a button to confirm."""
    form = StaffImportForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return _import_page(request, form)
    text, file_name = form.cleaned_data["text"], form.cleaned_data["file"].name
    result = validate_staff_csv(text)
    if not result.ok:
        return _import_page(request, StaffImportForm(), result, file_name)
    # Kept in the session until confirmed; the confirmation checks the file again.
    digest = text_digest(text)
    request.session[IMPORT_SESSION_KEY] = {"text": text, "digest": digest, "name": file_name}
    context = {"result": result, "digest": digest, "file_name": file_name}
    return render(request, "staff/staff_import_preview.html", context)


@role_required(*STAFF_EDITORS)
@recent_authentication_required
@require_POST
def staff_import_confirm(request: HttpRequest) -> HttpResponse:
    """Check the previewed file again and import it, all or nothing."""
    pending = request.session.get(IMPORT_SESSION_KEY)
    if not pending or pending["digest"] != request.POST.get("digest"):
        messages.error(request, "That import has expired or was replaced. Upload the file again.")
        return redirect("staff:import")
    result = validate_staff_csv(pending["text"])
    if not result.ok:
        return _import_page(request, StaffImportForm(), result, pending["name"])
    summary = services.staff_import(rows=result.rows, actor=request.user, request=request)
    del request.session[IMPORT_SESSION_KEY]
    messages.success(
        request,
        f"Imported {pending['name']}: {summary.created} new, {summary.updated} updated, "
        f"{summary.unchanged} unchanged"
        + (
            f"; teams created: {', '.join(summary.teams_created)}."
            if summary.teams_created
            else "."
        ),
    )
    return redirect("staff:list")


def _authority_matrix_page(request, form: AuthorityPresetForm | None = None, status: int = 200):
    may_change = may_change_staff(request.user)
    last_change = audit_selectors.latest_audit_event(StaffAction.AUTHORITY_MATRIX_CHANGED)
    context = {
        "matrix": selectors.authority_matrix(),
        "last_change": last_change,
        "last_preset": PRESET_LABELS.get(last_change.details.get("preset"))
        if last_change
        else None,
        "may_change": may_change,
        "form": (form or AuthorityPresetForm()) if may_change else None,
        "organisation": selectors.organisation_settings(),
        "review_warning": AuthorityStep.REVIEW_WARNING,
    }
    return render(request, "staff/authority_matrix.html", context, status=status)


@role_required(*STAFF_READERS)
def authority_matrix(request: HttpRequest) -> HttpResponse:
    return _authority_matrix_page(request)


@role_required(*STAFF_EDITORS)
@recent_authentication_required
@require_POST
def authority_matrix_load(request: HttpRequest) -> HttpResponse:
    form = AuthorityPresetForm(request.POST)
    if not form.is_valid():
        return _authority_matrix_page(request, form, status=400)
    name = form.cleaned_data["preset"]
    try:
        count = services.authority_matrix_load(
            preset=PRESETS[name], actor=request.user, name=name, request=request
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _authority_matrix_page(request, form, status=400)
    messages.success(request, f"Loaded {count} decisions from the policy of {PRESET_LABELS[name]}.")
    return redirect("staff:authority_matrix")


@role_required(RoleKey.ADMINISTRATOR)
@recent_authentication_required
def organisation_settings(request: HttpRequest) -> HttpResponse:
    """The settings the organisation's policies fix: notice, escalation, fallback, advice,
    and the platforms each kind of social-media account may be on."""
    current = selectors.organisation_settings()
    # A model form writes what was typed into its instance: give it its own copy so
    # the service compares against the saved values.
    form = OrganisationSettingsForm(
        request.POST or None, instance=selectors.organisation_settings()
    )
    if request.method == "POST" and form.is_valid():
        services.organisation_settings_update(
            actor=request.user, request=request, **form.cleaned_data
        )
        messages.success(request, "The organisation settings have been saved.")
        return redirect("staff:organisation_settings")
    context = {"form": form, "organisation": current}
    return render(request, "staff/organisation_settings.html", context)
