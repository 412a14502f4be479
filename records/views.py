"""Pages of the signed records: my records, one record, download, verify, retry."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from kernel.access import public, role_required, staff_required
from kernel.http import client_ip
from kernel.ratelimit import within_rate_limit
from kernel.roles import RoleKey

from . import selectors, services
from .authorizers import can_see_record
from .forms import VerifyForm
from .kinds import get_kind
from .models import Record
from .verification import verify_pdf, verify_reference


@staff_required
def my_records(request):
    """Every record about the person signed in, newest first."""
    page = Paginator(selectors.records_of(request.user), 25).get_page(request.GET.get("page"))
    return render(request, "records/my_records.html", {"page": page})


@staff_required
def record_detail(request, reference: str):
    record = selectors.get_record_for_user(request.user, reference)
    return render(
        request, "records/record_detail.html", {"record": record, "kind": get_kind(record.kind)}
    )


@staff_required
def record_download(request, reference: str):
    """The signed PDF, for those who may see it; every download is audited."""
    record = selectors.get_record_for_user(request.user, reference)
    if not record.is_complete:
        messages.info(request, f"Record {record.reference} is still being prepared.")
        return redirect(record)
    try:
        data = services.record_file_read(record=record, request=request)
    except services.RecordIntegrityError:
        raise Http404("The stored file does not match the record") from None
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{record.reference}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


# Room in a request for the form's other fields and the multipart framing, beyond the file.
VERIFY_FORM_OVERHEAD_BYTES = 16 * 1024


def _verification_allowed(request) -> bool:
    """Each check costs a signature validation: a client gets a few a minute."""
    return within_rate_limit(
        "records-verify",
        client_ip(request) or "unknown",
        per_minute=settings.RECORDS_VERIFY_RATE_LIMIT_PER_MINUTE,
    )


def _too_many_verifications(request) -> HttpResponse:
    context = {
        "message": (
            "Too many records have been checked from your connection in the last minute. "
            "Wait a minute, then check the record again."
        ),
        "back_url": reverse("records:verify"),
        "back_label": "Back to checking a record",
    }
    response = render(request, "429.html", context, status=429)
    response["Retry-After"] = "60"
    return response


def _upload_too_large(request) -> bool:
    """Whether the request body is larger than any record file could make it.

    Read from the request's declared length, before anything reads the body.
    """
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return length > settings.RECORDS_VERIFY_MAX_BYTES + VERIFY_FORM_OVERHEAD_BYTES


@csrf_exempt  # the CSRF check reads the body: it runs in _verify_form, after the size check
def _verify(request):
    """Upload a record file or type its reference, and see whether it is genuine.

    A check is counted against the client's address before any of it happens, and
    an upload larger than the limit is refused from its declared length, unread.
    """
    is_check = request.method == "POST" or "reference" in request.GET
    if is_check and not _verification_allowed(request):
        return _too_many_verifications(request)
    if request.method == "POST" and _upload_too_large(request):
        return _verify_page(request, VerifyForm({}, upload_too_large=True), status=413)
    return _verify_form(request)


@csrf_protect
def _verify_form(request):
    verification = reference_check = None
    if request.method == "POST":
        form = VerifyForm(request.POST, request.FILES)
    elif "reference" in request.GET:  # the link in a record's QR code
        form = VerifyForm(request.GET)
    else:
        form = VerifyForm()
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload:
            verification = verify_pdf(upload.read())
        else:
            reference_check = verify_reference(form.cleaned_data["reference"])
    return _verify_page(request, form, verification=verification, reference_check=reference_check)


def _verify_page(request, form, *, verification=None, reference_check=None, status=200):
    record = (verification and verification.record) or (reference_check and reference_check.record)
    return render(
        request,
        "records/verify.html",
        {
            "form": form,
            "verification": verification,
            "reference_check": reference_check,
            "may_see": bool(record) and can_see_record(request.user, record),
            "max_bytes": settings.RECORDS_VERIFY_MAX_BYTES,
        },
        status=status,
    )


# The verification page is for anyone signed in; an organisation can open it to
# the public (RECORDS_VERIFY_PUBLIC), and records/urls.py picks which one to serve.
verify = staff_required(_verify)
verify_public = public(_verify)


@role_required(RoleKey.ADMINISTRATOR)
def records_attention(request):
    """Records that could not be produced, with their errors, for an administrator."""
    page = Paginator(selectors.records_needing_attention(), 50).get_page(request.GET.get("page"))
    return render(request, "records/record_attention_list.html", {"page": page})


@role_required(RoleKey.ADMINISTRATOR)
@require_POST
def record_retry(request, reference: str):
    record = get_object_or_404(Record, reference=reference)
    try:
        services.record_retry(record=record, actor=request.user, request=request)
    except services.RecordStateError as exc:
        messages.info(request, str(exc))
    else:
        messages.success(request, f"Record {record.reference} will be produced again shortly.")
    return redirect("records:failed")
