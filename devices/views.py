"""The device register, kept by the IT service desk: the list with its filters and
export, a device's page with its history, a form for each change (details, issue,
return, lost or stolen, disposal, pool users), and the import of an inventory.

Auditors and administrators read every page and change nothing.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from kernel.access import role_required
from kernel.csvexport import csv_lines
from kernel.csvimport import text_digest
from kernel.roles import RoleKey

from . import services
from .authorizers import (
    REGISTER_READERS,
    get_device_for_user,
    get_pool_user_for_user,
    may_change_devices,
)
from .forms import (
    DeviceEditForm,
    DeviceFilterForm,
    DeviceForm,
    DeviceImportForm,
    IssueForm,
    LostForm,
    NoteForm,
    PoolForm,
    PoolUserForm,
    filter_devices,
)
from .importing import validate_devices_csv
from .models import Device, DeviceKind, PoolUser

PAGE_SIZE = 50
HISTORY_LENGTH = 50
IMPORT_SESSION_KEY = "devices_import"
KEEPER = RoleKey.IT_SERVICE_DESK
Status = Device.Status
# The statuses a device may be in for each change.
ISSUABLE = (Status.IN_STOCK, Status.RETURNED)
DISPOSABLE = (Status.IN_STOCK, Status.RETURNED, Status.LOST)


def _back(device: Device) -> HttpResponse:
    return redirect("devices:device_detail", pk=device.pk)


def _carry_out(request: HttpRequest, form, service, **arguments) -> bool:
    """Make the change: call ``service`` as the person. Whether it was made; if it was
    refused, the reason is now the form's error, and ``form.refusals`` the pages where
    an issue's refusals can be put right."""
    try:
        service(actor=request.user, http_request=request, **arguments)
    except ValidationError as error:
        form.add_error(None, error)
        form.refusals = [r for r in getattr(error, "refusals", []) if r.link]
        return False
    return True


def _form_page(request, template: str, context: dict) -> HttpResponse:
    """A change's form page: 400 when its form has errors, so nothing typed is lost."""
    return render(request, template, context, status=400 if context["form"].errors else 200)


def _changeable(request: HttpRequest, pk: int, allowed=None) -> Device | HttpResponse:
    """The device if it may change this way now (``allowed``: the statuses it may be in),
    else a way back to its page saying why not."""
    device = get_device_for_user(request.user, pk)
    if allowed is not None and device.status not in allowed:
        status = device.get_status_display().lower()
        messages.info(request, f"This device is {status}: that cannot be done to it now.")
        return _back(device)
    return device


# The register --------------------------------------------------------------------------


def _register(request: HttpRequest):
    form = DeviceFilterForm(request.GET or None)
    devices = Device.objects.select_related("holder", "pool_team")
    return form, filter_devices(devices, form.filters())


@role_required(*REGISTER_READERS)
def device_list(request: HttpRequest) -> HttpResponse:
    """Every device, filtered: what it is, its status and who has it."""
    form, devices = _register(request)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": Paginator(devices, PAGE_SIZE).get_page(request.GET.get("page")),
        "query_string": query.urlencode(),
        "may_change": may_change_devices(request.user),
    }
    return render(request, "devices/device_list.html", context)


CSV_HEADER = [
    "Asset tag", "Kind", "Serial or IMEI", "Model", "Status", "Issued to", "Issued to (email)",
    "Pool of team", "Pool users", "Issued on", "Details to complete", "Notes",
]  # fmt: skip


def _csv_rows(devices):
    yield CSV_HEADER
    users: dict[int, list[str]] = {}
    for pool_user in PoolUser.objects.current().select_related("person"):
        users.setdefault(pool_user.device_id, []).append(pool_user.person.email)
    for d in devices.iterator(chunk_size=2000):
        yield [
            d.asset_tag, d.get_kind_display(), d.serial, d.model, d.get_status_display(),
            d.holder.full_name if d.holder_id else "", d.holder.email if d.holder_id else "",
            d.pool_team.name if d.pool_team_id else "", " ".join(users.get(d.pk, [])),
            d.issued_on or "", "Yes" if d.to_complete else "No", d.notes,
        ]  # fmt: skip


@role_required(*REGISTER_READERS)
def devices_export(request: HttpRequest) -> HttpResponse:
    """The filtered register as CSV; the export is audited."""
    form, devices = _register(request)
    services.devices_export(
        actor=request.user, filters=form.described(), rows=devices.count(), http_request=request
    )
    response = StreamingHttpResponse(
        csv_lines(_csv_rows(devices)), content_type="text/csv; charset=utf-8"
    )
    name = timezone.localtime().strftime("devices-%Y-%m-%d-%H%M.csv")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@role_required(KEEPER)
def device_add(request: HttpRequest) -> HttpResponse:
    """Record a device the organisation has bought; it starts in stock."""
    form = DeviceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.device_add(
                actor=request.user, http_request=request, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{device} is on the register, in stock.")
            return _back(device)
    return _form_page(request, "devices/device_add.html", {"form": form})


# A device ------------------------------------------------------------------------------


@role_required(*REGISTER_READERS)
def device_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A device: its details, who has it, and its history."""
    device = get_device_for_user(request.user, pk)
    context = {
        "device": device,
        "pool_users": device.pool_users.current().select_related("person", "added_by"),
        "events": device.events.select_related("actor", "person")[:HISTORY_LENGTH],
        "may_change": may_change_devices(request.user),
        "issuable": device.status in ISSUABLE,
        "disposable": device.status in DISPOSABLE,
    }
    return render(request, "devices/device_detail.html", context)


@role_required(KEEPER)
def device_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a device's details (and clear "details to complete")."""
    device = _changeable(request, pk)
    initial = {name: getattr(device, name) for name in DeviceEditForm.base_fields}
    form = DeviceEditForm(request.POST or None, initial=initial)
    changes = form.cleaned_data if request.method == "POST" and form.is_valid() else None
    if changes and _carry_out(request, form, services.device_update, device=device, **changes):
        messages.success(request, "The details are saved.")
        return _back(device)
    return _form_page(request, "devices/device_edit.html", {"form": form, "device": device})


@role_required(KEEPER)
def device_issue(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue a device in stock to a person. Refused, with what to do, when they may not
    have that kind of device or have not signed what must come first."""
    device = _changeable(request, pk, ISSUABLE)
    if isinstance(device, HttpResponse):
        return device
    form = IssueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["person"]
        if _carry_out(request, form, services.device_issue, device=device, person=person):
            messages.success(request, f"{device} is issued to {person.full_name}.")
            return _back(device)
    return _form_page(request, "devices/device_issue.html", {"form": form, "device": device})


def _note_change(request, pk: int, *, allowed, service, form_class, template, done):
    """Return, lost or stolen, disposal: a note, then the service."""
    device = _changeable(request, pk, allowed)
    if isinstance(device, HttpResponse):
        return device
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        note = form.cleaned_data["note"]
        if _carry_out(request, form, service, device=device, note=note):
            messages.success(request, f"{device} {done}.")
            return _back(device)
    return _form_page(request, template, {"form": form, "device": device})


@role_required(KEEPER)
def device_return(request: HttpRequest, pk: int) -> HttpResponse:
    """Take an issued device back; its holder, or its pool users, no longer have it."""
    return _note_change(
        request, pk, allowed=(Status.ISSUED,), service=services.device_return,
        form_class=NoteForm, template="devices/device_return.html", done="is back in stock",
    )  # fmt: skip


@role_required(KEEPER)
def device_lost(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a device as lost or stolen."""
    return _note_change(
        request, pk, allowed=(Status.ISSUED, Status.IN_STOCK, Status.RETURNED),
        service=services.device_mark_lost, form_class=LostForm,
        template="devices/device_lost.html", done="is recorded as lost or stolen",
    )  # fmt: skip


@role_required(KEEPER)
def device_dispose(request: HttpRequest, pk: int) -> HttpResponse:
    """Write a device off: it has been wiped and disposed of, or is gone for good."""
    return _note_change(
        request, pk, allowed=DISPOSABLE, service=services.device_dispose, form_class=NoteForm,
        template="devices/device_dispose.html", done="is recorded as disposed of",
    )  # fmt: skip


# Pool devices --------------------------------------------------------------------------


@role_required(KEEPER)
def device_pool(request: HttpRequest, pk: int) -> HttpResponse:
    """Give a device in stock to a team's pool, to be shared by people named on it."""
    device = _changeable(request, pk, ISSUABLE)
    if isinstance(device, HttpResponse):
        return device
    form = PoolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        team = form.cleaned_data["team"]
        if _carry_out(request, form, services.pool_create, device=device, team=team):
            messages.success(request, f"{device} is now a pool device of {team}.")
            return _back(device)
    return _form_page(request, "devices/device_pool.html", {"form": form, "device": device})


@role_required(KEEPER)
def pool_user_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Name a person on a pool device; they must have signed what its kind needs."""
    device = _changeable(request, pk, (Status.ISSUED,))
    if isinstance(device, HttpResponse):
        return device
    if not device.is_pool:
        messages.info(request, "Only a pool device is shared by named users.")
        return _back(device)
    form = PoolUserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["person"]
        if _carry_out(request, form, services.pool_user_add, device=device, person=person):
            messages.success(request, f"{person.full_name} is named on {device}.")
            return _back(device)
    return _form_page(request, "devices/pool_user_add.html", {"form": form, "device": device})


@role_required(KEEPER)
@require_POST
def pool_user_remove(request: HttpRequest, pk: int, pool_user_pk: int) -> HttpResponse:
    """Take a person off a pool device."""
    device = get_device_for_user(request.user, pk)
    pool_user = get_pool_user_for_user(request.user, device, pool_user_pk)
    try:
        services.pool_user_remove(pool_user=pool_user, actor=request.user, http_request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{pool_user.person.full_name} is no longer named on {device}.")
    return _back(device)


# Import --------------------------------------------------------------------------------


def _import_page(request, form: DeviceImportForm, result=None, file_name: str = ""):
    context = {
        "form": form,
        "result": result,
        "file_name": file_name,
        "kinds": [label for _, label in DeviceKind.choices],
        "statuses": [label for _, label in Status.choices],
    }
    status = 400 if form.errors or (result and result.errors) else 200
    return render(request, "devices/devices_import.html", context, status=status)


@role_required(KEEPER)
def devices_import(request: HttpRequest) -> HttpResponse:
    """Upload a CSV of an existing inventory; show every bad row, or a preview."""
    form = DeviceImportForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return _import_page(request, form)
    text, file_name = form.cleaned_data["text"], form.cleaned_data["file"].name
    result = validate_devices_csv(text)
    if not result.ok:
        return _import_page(request, DeviceImportForm(), result, file_name)
    # Kept in the session until confirmed; the confirmation checks the file again.
    digest = text_digest(text)
    request.session[IMPORT_SESSION_KEY] = {"text": text, "digest": digest, "name": file_name}
    context = {"result": result, "digest": digest, "file_name": file_name}
    return render(request, "devices/devices_import_preview.html", context)


@role_required(KEEPER)
@require_POST
def devices_import_confirm(request: HttpRequest) -> HttpResponse:
    """Check the previewed file again and import it, all or nothing."""
    pending = request.session.get(IMPORT_SESSION_KEY)
    if not pending or pending["digest"] != request.POST.get("digest"):
        messages.error(request, "That import has expired or was replaced. Upload the file again.")
        return redirect("devices:import")
    result = validate_devices_csv(pending["text"])
    if not result.ok:
        return _import_page(request, DeviceImportForm(), result, pending["name"])
    try:
        services.devices_import(rows=result.rows, actor=request.user, http_request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("devices:import")
    del request.session[IMPORT_SESSION_KEY]
    count = len(result.rows)
    messages.success(
        request, f"Imported {pending['name']}: {count} device{'s' if count != 1 else ''}."
    )
    return redirect(reverse("devices:device_list"))
