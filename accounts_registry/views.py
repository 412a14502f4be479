"""The register's pages: my accounts, the register and its export, an account's page,
and a form for each change to an account (details, credentials, access, apps,
hand-over, review, closure), with the reveal of a credential.

A credential is never drawn into a page except by ``secret_reveal``, which answers
only a POST with a reason, from someone who may reveal it and confirmed who they
are with their authenticator app or passkey a few minutes before.
"""

from __future__ import annotations

import datetime as dt
import time

from allauth.account.internal.flows.reauthentication import suspend_request
from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_POST

from audit.authorizers import may_read_audit
from audit.selectors import audit_events_about
from kernel.access import (
    authentication_records,
    confirm_identity_url,
    has_mfa,
    role_required,
    staff_required,
)
from kernel.csvexport import csv_lines
from kernel.roles import RoleKey
from staff.models import User

from . import crypto, services
from .audit_actions import AccountAction
from .authorizers import (
    get_account_for_user,
    is_communications,
    may_answer_handover,
    may_clear_at_risk,
    may_export,
    may_hand_over_or_close,
    may_manage,
    may_remove_app,
    may_reveal,
    may_review,
    may_see_earlier_passwords,
    may_see_register,
)
from .forms import (
    AccessGrantForm,
    AccessRemoveForm,
    AccountAddForm,
    AccountCloseForm,
    AccountEditForm,
    AccountFilterForm,
    AppAddForm,
    AtRiskClearForm,
    CredentialsForm,
    HandoverOfferForm,
    HandoverRespondForm,
    RevealForm,
    ReviewForm,
    filter_register,
)
from .models import Account, Handover, Secret
from .selectors import accounts_reachable_by

PAGE_SIZE = 50
# How long before a reveal the person must have used their authenticator app or
# passkey (a password does not count), and the second factors that count.
REVEAL_CONFIRMED_WITHIN_SECONDS = 5 * 60
REVEAL_FACTORS = ("totp", "webauthn")
# How long a revealed credential stays on the screen.
REVEAL_SHOWN_SECONDS = 30
TIMELINE_LENGTH = 30

Status = Account.Status
MANAGERS = "the account's owner, its administrator or the communications team"
OWNER_OR_COMMUNICATIONS = "the account's owner or the communications team"


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


def _carry_out(request: HttpRequest, form, service, **arguments) -> bool:
    """Make the change: call ``service`` as the person, with ``arguments``. Whether it
    was made; if it was refused, the reason is now the form's error."""
    try:
        service(actor=request.user, http_request=request, **arguments)
    except ValidationError as error:
        form.add_error(None, error)
        return False
    return True


def _form_page(request, template: str, context: dict) -> HttpResponse:
    """A change's form page: 400 when its form has errors, so nothing typed is lost."""
    form = context["form"]
    context = {"sees_register": may_see_register(request.user), **context}
    return render(request, template, context, status=400 if form.errors else 200)


def _back(account: Account, anchor: str = "") -> HttpResponse:
    url = reverse("accounts_registry:account_detail", args=[account.pk])
    return redirect(f"{url}#{anchor}" if anchor else url)


def _manageable(
    request: HttpRequest, pk: int, *, may=may_manage, who=MANAGERS
) -> Account | HttpResponse:
    """The account if this person may change it (``may``), else a way back to its page,
    saying who can (``who``)."""
    account = get_account_for_user(request.user, pk)
    if not may(request.user, account):
        messages.info(request, f"Only {who} can do this.")
        return _back(account)
    if account.is_closed:
        messages.info(request, "This account is closed: it can no longer be changed.")
        return _back(account)
    return account


# Lists ---------------------------------------------------------------------------------


@staff_required
def my_accounts(request: HttpRequest) -> HttpResponse:
    """The open accounts this person owns, looks after or can sign in to, and offers of
    accounts waiting for their answer."""
    accounts = accounts_reachable_by(request.user).select_related(
        "owner", "moderator", "administrator"
    )
    offers = (
        Handover.objects.pending()
        .filter(to_owner=request.user)
        .select_related("account", "from_owner")
    )
    context = {
        "accounts": accounts,
        "offers": offers,
        "sees_register": may_see_register(request.user),
        "today": timezone.localdate(),
    }
    return render(request, "accounts_registry/my_accounts.html", context)


def _register(request: HttpRequest) -> tuple[AccountFilterForm, object]:
    form = AccountFilterForm(request.GET or None)
    accounts = Account.objects.select_related("owner", "team")
    return form, filter_register(accounts, form.filters())


@staff_required
def account_list(request: HttpRequest) -> HttpResponse:
    """The register: every account, filtered, for the communications team, the accounts
    authority, auditors and administrators. Anyone else is shown their own accounts."""
    if not may_see_register(request.user):
        messages.info(
            request, "The register is kept by the communications team. These are your accounts."
        )
        return redirect("accounts_registry:my_accounts")
    form, accounts = _register(request)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": Paginator(accounts, PAGE_SIZE).get_page(request.GET.get("page")),
        "query_string": query.urlencode(),
        "may_add": is_communications(request.user),
        "today": timezone.localdate(),
    }
    return render(request, "accounts_registry/account_list.html", context)


CSV_HEADER = [
    "Platform", "Name or handle", "Address", "Status", "Owner", "Owner's email", "Speaks for",
    "Team", "Moderator", "Administrator", "Registered with", "Disclaimer shown",
    "Password change required", "At risk", "Annual review due", "Registered", "Closed", "Request",
]  # fmt: skip


def _csv_rows(accounts):
    yield CSV_HEADER
    for a in accounts.select_related("moderator", "administrator").iterator(chunk_size=2000):
        yield [
            a.platform_label, a.handle, a.url, a.get_status_display(), a.owner.full_name,
            a.owner.email, a.get_owner_kind_display(), a.team.name if a.team_id else "",
            a.moderator.full_name, a.administrator.full_name if a.administrator_id else "",
            a.registration_email, _yes(a.disclaimer_shown), _yes(a.password_change_required),
            _yes(a.at_risk), a.review_due_on or "", _when(a.registered_at), _when(a.closed_at),
            a.source_request_id or "",
        ]  # fmt: skip


def _yes(flag: bool) -> str:
    return "Yes" if flag else "No"


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


@staff_required
def register_export(request: HttpRequest) -> HttpResponse:
    """The filtered register as CSV, never with a credential; the export is audited."""
    if not may_export(request.user):
        return redirect("accounts_registry:my_accounts")
    form, accounts = _register(request)
    services.register_export(
        actor=request.user, filters=form.described(), rows=accounts.count(), http_request=request
    )
    response = StreamingHttpResponse(
        csv_lines(_csv_rows(accounts)), content_type="text/csv; charset=utf-8"
    )
    name = timezone.localtime().strftime("social-media-accounts-%Y-%m-%d-%H%M.csv")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# An account's page ------------------------------------------------------------------------


def _reveal_confirmed(request: HttpRequest) -> bool:
    """Whether the person used their authenticator app or passkey in the last few minutes."""
    times = [
        record["at"]
        for record in authentication_records(request)
        if record.get("method") == "mfa"
        and record.get("type") in REVEAL_FACTORS
        and isinstance(record.get("at"), int | float)
    ]
    return bool(times) and time.time() - max(times) < REVEAL_CONFIRMED_WITHIN_SECONDS


FIELD_ORDER = list(Secret.Field.values)
# What an event's details say, in words, on the account's timeline: the people they
# name, the fields and the reasons. Addresses, browsers and row ids stay in the trail.
PEOPLE_IN_DETAILS = ("person", "to")
QUOTED_IN_DETAILS = ("reason", "note")


def _timeline(account: Account, *, reveal_reasons: bool) -> list[dict]:
    """The account's history from the audit trail, newest first, in plain words. Why a
    credential was revealed is for those who may reveal one and those who read the
    trail; others see that it was."""
    events = audit_events_about(account, limit=TIMELINE_LENGTH)
    ids = {event.details.get(key) for event in events for key in PEOPLE_IN_DETAILS}
    ids = [pk for pk in ids if isinstance(pk, int)]
    names = dict(User.objects.filter(pk__in=ids).values_list("pk", "full_name"))
    return [
        {"event": event, "note": _event_note(_shown_details(event, reveal_reasons), names)}
        for event in events
    ]


def _shown_details(event, reveal_reasons: bool) -> dict:
    if reveal_reasons or event.action != AccountAction.REVEALED:
        return event.details
    return {key: value for key, value in event.details.items() if key != "reason"}


def _event_note(details: dict, names: dict[int, str]) -> str:
    parts = [names[details[key]] for key in PEOPLE_IN_DETAILS if _is_in(details.get(key), names)]
    handle = details.get("handle")
    if isinstance(handle, dict):
        parts.append(f"from {handle.get('from')} to {handle.get('to')}")
    fields = details.get("fields") or ([details["field"]] if details.get("field") else [])
    parts += [_field_words(field) for field in fields]
    parts += [_detail_words(name) for name in details.get("changed", [])]
    parts += [details["name"]] if details.get("name") else []
    parts += [f"“{details[key]}”" for key in QUOTED_IN_DETAILS if details.get(key)]
    return ", ".join(parts)


def _is_in(value, names: dict) -> bool:
    return isinstance(value, int) and value in names


def _detail_words(name: str) -> str:
    try:
        return str(Account._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def _field_words(field: str) -> str:
    try:
        label = str(Secret.Field(field).label)
        return label[0].lower() + label[1:]
    except ValueError:
        return field


def account_page_context(request: HttpRequest, account: Account, **forms) -> dict:
    """Everything the account's page shows, to this person."""
    user = request.user
    secrets = sorted(
        account.secrets.select_related("created_by").order_by("-created_at", "-pk"),
        key=lambda secret: FIELD_ORDER.index(secret.field),
    )
    here = reverse("accounts_registry:account_detail", args=[account.pk])
    today = timezone.localdate()
    confirmed = _reveal_confirmed(request)
    return {
        "account": account,
        "accesses": account.accesses.select_related("person", "granted_by", "removed_by"),
        "apps": [
            (app, may_remove_app(user, app))
            for app in account.apps.select_related("account", "added_by", "removed_by")
        ],
        "current_secrets": [s for s in secrets if s.replaced_at is None],
        "earlier_passwords": [
            s for s in secrets if s.replaced_at is not None and s.field == Secret.Field.PASSWORD
        ]
        if may_see_earlier_passwords(user)
        else [],
        "handover": account.handovers.pending().select_related("to_owner", "offered_by").first(),
        "reviews": account.reviews.select_related("confirmed_by")[:5],
        "timeline": _timeline(
            account, reveal_reasons=may_reveal(user, account) or may_read_audit(user)
        ),
        "may_manage": may_manage(user, account) and not account.is_closed,
        "may_hand_over_or_close": may_hand_over_or_close(user, account) and not account.is_closed,
        "may_review": may_review(user, account) and account.status == Status.ACTIVE,
        "may_clear_at_risk": may_clear_at_risk(user),
        "may_reveal": may_reveal(user, account),
        "has_mfa": has_mfa(user),
        "is_communications": is_communications(user),
        "sees_register": may_see_register(user),
        "may_read_audit": may_read_audit(user),
        "reveal_form": forms.get("reveal_form") or RevealForm(),
        "earlier_form": forms.get("earlier_form") or RevealForm(auto_id="earlier_%s"),
        "reveal_seconds": REVEAL_SHOWN_SECONDS,
        "identity_confirmed": confirmed,
        # Working out where to confirm costs queries: only when it is needed.
        "confirm_url": "" if confirmed else confirm_identity_url(request, f"{here}#credentials"),
        "today": today,
        # The owner is asked for the review from when the first reminder goes.
        "review_soon": today + dt.timedelta(days=services.REVIEW_REMIND_DAYS_BEFORE),
    }


@staff_required
def account_detail(request: HttpRequest, pk: int) -> HttpResponse:
    account = get_account_for_user(request.user, pk)
    return render(
        request, "accounts_registry/account_detail.html", account_page_context(request, account)
    )


@staff_required
@require_POST
@sensitive_post_parameters()
@sensitive_variables("text")
def secret_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """Show one credential for a short while, to someone who may, with a reason, after
    they confirmed who they are with their second factor. Audited and notified."""
    account = get_account_for_user(request.user, pk)
    if not may_reveal(request.user, account):
        raise PermissionDenied("This person may not reveal this account's credentials.")
    if not _reveal_confirmed(request):
        # allauth keeps this POST and sends it again once they have confirmed.
        return suspend_request(
            request, confirm_identity_url(request, request.path).partition("?")[0]
        )
    form = RevealForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        secret = (
            get_object_or_404(account.secrets, public_id=data["secret"]) if data["secret"] else None
        )
        try:
            text = services.secret_reveal(
                account=account,
                field=data["field"],
                actor=request.user,
                reason=data["reason"],
                http_request=request,
                secret=secret,
            )
        except ValidationError as error:
            form.add_error(None, error)
        except crypto.CredentialError as error:
            services.secret_reveal_failed(
                account=account,
                field=data["field"],
                actor=request.user,
                error=error,
                http_request=request,
            )
            form.add_error(None, f"It cannot be shown: {error}")
        else:
            return _revealed(request, account, Secret.Field(data["field"]), secret, text)
    # The error shows beside the box that was filled in: the earlier passwords' own,
    # which only the accounts authority has.
    if request.POST.get("secret") and may_see_earlier_passwords(request.user):
        form.auto_id = "earlier_%s"
        context = account_page_context(request, account, earlier_form=form)
    else:
        context = account_page_context(request, account, reveal_form=form)
    return render(request, "accounts_registry/account_detail.html", context, status=400)


@sensitive_variables("text")
def _revealed(request, account: Account, field: Secret.Field, secret, text: str) -> HttpResponse:
    """The page that shows a credential for a few seconds; no browser or proxy keeps it."""
    context = {
        "account": account,
        "field": field.label,
        "earlier": secret is not None and secret.replaced_at is not None,
        "text": text,
        "seconds": REVEAL_SHOWN_SECONDS,
        "sees_register": may_see_register(request.user),
    }
    response = render(request, "accounts_registry/secret_reveal.html", context)
    response["Cache-Control"] = "no-store"
    return response


# Adding and changing an account ------------------------------------------------------------


@role_required(RoleKey.COMMUNICATIONS)
def account_add(request: HttpRequest) -> HttpResponse:
    """The communications team records an account that exists already."""
    data = request.POST if request.method == "POST" else None
    form = AccountAddForm(data)
    if data is not None and form.is_valid():
        try:
            account = services.account_add(
                actor=request.user, http_request=request, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, f"{account} is on the register. Register its credentials next."
            )
            return redirect("accounts_registry:account_register", account.pk)
    return _form_page(request, "accounts_registry/account_add.html", {"form": form})


@staff_required
def account_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The account's details; a new name is reported to the accounts authority."""
    account = _manageable(request, pk)
    if isinstance(account, HttpResponse):
        return account
    data = request.POST if request.method == "POST" else None
    form = AccountEditForm(data, account=account)
    if data is not None and form.is_valid():
        if not form.changed_data:
            messages.info(request, "Nothing was changed.")
            return _back(account)
        if _carry_out(request, form, services.account_update, account=account, **form.changes()):
            messages.success(request, "The account's details have been saved.")
            return _back(account)
    return _form_page(
        request, "accounts_registry/account_edit.html", {"account": account, "form": form}
    )


@staff_required
@sensitive_post_parameters(
    "username", "password", "password_again", "totp_seed", "recovery_codes", "notes"
)
def account_register(request: HttpRequest, pk: int) -> HttpResponse:
    """Store the credentials of an account awaiting registration; it becomes active."""
    account = _manageable(request, pk)
    if isinstance(account, HttpResponse):
        return account
    if account.status != Status.AWAITING_REGISTRATION:
        messages.info(
            request, "This account's credentials are registered already: change them here."
        )
        return redirect("accounts_registry:credentials_change", account.pk)
    data = request.POST if request.method == "POST" else None
    form = CredentialsForm(data, registering=True)
    if (
        data is not None
        and form.is_valid()
        and _carry_out(request, form, services.account_register, account=account, **form.secrets())
    ):
        messages.success(
            request, f"The credentials of {account} are registered: the account is active."
        )
        return _back(account)
    return _form_page(
        request, "accounts_registry/account_register.html", {"account": account, "form": form}
    )


@staff_required
@sensitive_post_parameters(
    "username", "password", "password_again", "totp_seed", "recovery_codes", "notes"
)
def credentials_change(request: HttpRequest, pk: int) -> HttpResponse:
    """Store new credentials; the earlier ones are kept, replaced. A new password clears
    "password change required"."""
    account = _manageable(request, pk)
    if isinstance(account, HttpResponse):
        return account
    if account.status == Status.AWAITING_REGISTRATION:
        return redirect("accounts_registry:account_register", account.pk)
    data = request.POST if request.method == "POST" else None
    form = CredentialsForm(data, registering=False)
    if (
        data is not None
        and form.is_valid()
        and _carry_out(
            request, form, services.credentials_change, account=account, **form.secrets()
        )
    ):
        messages.success(
            request, "The new credentials are stored; the earlier ones are kept for recovery."
        )
        return _back(account, "credentials")
    return _form_page(
        request, "accounts_registry/credentials_change.html", {"account": account, "form": form}
    )


# People and apps -------------------------------------------------------------------------


@staff_required
def access_grant(request: HttpRequest, pk: int) -> HttpResponse:
    account = _manageable(request, pk)
    if isinstance(account, HttpResponse):
        return account
    data = request.POST if request.method == "POST" else None
    form = AccessGrantForm(data)
    if data is not None and form.is_valid():
        person = form.cleaned_data["person"]
        if _carry_out(request, form, services.access_grant, account=account, person=person):
            messages.success(request, f"{person.full_name} has been given access.")
            return _back(account, "people")
    return _form_page(
        request, "accounts_registry/access_grant.html", {"account": account, "form": form}
    )


@staff_required
def access_remove(request: HttpRequest, pk: int, access_pk: int) -> HttpResponse:
    """Take someone's access away; the password must then be changed (003 §5.7)."""
    account = _manageable(request, pk)
    if isinstance(account, HttpResponse):
        return account
    access = get_object_or_404(account.accesses.current().select_related("person"), pk=access_pk)
    data = request.POST if request.method == "POST" else None
    form = AccessRemoveForm(data)
    if (
        data is not None
        and form.is_valid()
        and _carry_out(
            request, form, services.access_remove, access=access, reason=form.cleaned_data["reason"]
        )
    ):
        messages.success(
            request,
            f"{access.person.full_name} no longer has access. Change the password now: "
            "the account is marked “password change required” until you do.",
        )
        return _back(account, "people")
    context = {"account": account, "access": access, "form": form}
    return _form_page(request, "accounts_registry/access_remove.html", context)


@staff_required
def app_add(request: HttpRequest, pk: int) -> HttpResponse:
    account = _manageable(request, pk)
    if isinstance(account, HttpResponse):
        return account
    data = request.POST if request.method == "POST" else None
    form = AppAddForm(data)
    if (
        data is not None
        and form.is_valid()
        and _carry_out(request, form, services.app_add, account=account, **form.cleaned_data)
    ):
        name = form.cleaned_data["name"]
        messages.success(request, f"{name} is recorded as connected to the account.")
        return _back(account, "apps")
    context = {
        "account": account,
        "form": form,
        "is_communications": is_communications(request.user),
    }
    return _form_page(request, "accounts_registry/app_add.html", context)


@staff_required
@require_POST
def app_remove(request: HttpRequest, pk: int, app_pk: int) -> HttpResponse:
    """Record that an app no longer has access (never one the communications team added,
    unless by that team)."""
    account = _manageable(request, pk)
    if isinstance(account, HttpResponse):
        return account
    app = get_object_or_404(account.apps.current(), pk=app_pk)
    try:
        services.app_remove(app=app, actor=request.user, http_request=request)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, f"{app.name} is recorded as removed from the account.")
    return _back(account, "apps")


# Hand-over, closure, review, risk ------------------------------------------------------------


@staff_required
def handover_offer(request: HttpRequest, pk: int) -> HttpResponse:
    """Offer the account to another member of staff, who accepts or declines."""
    account = _manageable(request, pk, may=may_hand_over_or_close, who=OWNER_OR_COMMUNICATIONS)
    if isinstance(account, HttpResponse):
        return account
    data = request.POST if request.method == "POST" else None
    form = HandoverOfferForm(data, account=account)
    if (
        data is not None
        and form.is_valid()
        and _carry_out(request, form, services.handover_offer, account=account, **form.cleaned_data)
    ):
        to_owner = form.cleaned_data["to_owner"]
        messages.success(request, f"{to_owner.full_name} has been asked to take the account on.")
        return _back(account)
    return _form_page(
        request, "accounts_registry/handover_offer.html", {"account": account, "form": form}
    )


def _handover_for(user, pk: int) -> Handover:
    """A hand-over of an account this person may see, for its new owner or for whoever
    may hand the account over; otherwise 404."""
    handover = get_object_or_404(
        Handover.objects.select_related("from_owner", "to_owner", "offered_by"), pk=pk
    )
    handover.account = get_account_for_user(user, handover.account_id)
    if not (
        may_answer_handover(user, handover)
        or may_hand_over_or_close(user, handover.account)
        or handover.offered_by_id == user.pk
    ):
        raise Http404
    return handover


HANDOVER_DONE = {
    "accept": "The account is yours now. Change its password: it is marked “password change required”.",
    "decline": "You declined the account. Its owner has been told.",
    "cancel": "The offer has been withdrawn.",
}


@staff_required
def handover_respond(request: HttpRequest, pk: int) -> HttpResponse:
    """The new owner accepts or declines the account; its side may withdraw the offer."""
    handover = _handover_for(request.user, pk)
    if handover.accepted_at or handover.declined_at or handover.cancelled_at:
        messages.info(request, "This offer has been answered or withdrawn already.")
        return _back(handover.account)
    is_new_owner = may_answer_handover(request.user, handover)
    data = request.POST if request.method == "POST" else None
    form = HandoverRespondForm(data, new_owner=is_new_owner)
    if data is not None and form.is_valid():
        decision = form.cleaned_data["decision"]
        service = {
            "accept": services.handover_accept,
            "decline": services.handover_decline,
            "cancel": services.handover_cancel,
        }[decision]
        try:
            service(handover=handover, actor=request.user, http_request=request)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, HANDOVER_DONE[decision])
            if decision == "decline":
                return redirect("accounts_registry:my_accounts")
            return _back(handover.account)
    context = {
        "handover": handover,
        "account": handover.account,
        "form": form,
        "is_new_owner": is_new_owner,
    }
    return _form_page(request, "accounts_registry/handover_respond.html", context)


@staff_required
def account_close(request: HttpRequest, pk: int) -> HttpResponse:
    account = _manageable(request, pk, may=may_hand_over_or_close, who=OWNER_OR_COMMUNICATIONS)
    if isinstance(account, HttpResponse):
        return account
    data = request.POST if request.method == "POST" else None
    form = AccountCloseForm(data)
    if (
        data is not None
        and form.is_valid()
        and _carry_out(
            request,
            form,
            services.account_close,
            account=account,
            reason=form.cleaned_data["reason"],
        )
    ):
        messages.success(request, f"{account} is closed. The communications team has been told.")
        return _back(account)
    context = {
        "account": account,
        "form": form,
        "handover": account.handovers.pending().select_related("to_owner").first(),
    }
    return _form_page(request, "accounts_registry/account_close.html", context)


@staff_required
def review_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """The owner's yearly review; an account no longer needed is offered for closing."""
    account = get_account_for_user(request.user, pk)
    if not may_review(request.user, account) or account.status != Status.ACTIVE:
        messages.info(request, "The annual review is confirmed by the owner of an active account.")
        return _back(account)
    data = request.POST if request.method == "POST" else None
    form = ReviewForm(data)
    if (
        data is not None
        and form.is_valid()
        and _carry_out(request, form, services.review_confirm, account=account, **form.answers())
    ):
        if not form.cleaned_data["still_needed"]:
            messages.info(request, "Thank you. As the account is no longer needed, close it here.")
            return redirect("accounts_registry:account_close", account.pk)
        account.refresh_from_db(fields=["review_due_on"])
        messages.success(
            request, f"Thank you: the next review is due by {account.review_due_on:%-d %B %Y}."
        )
        return _back(account)
    return _form_page(
        request, "accounts_registry/review_confirm.html", {"account": account, "form": form}
    )


@role_required(RoleKey.COMMUNICATIONS)
def at_risk_clear(request: HttpRequest, pk: int) -> HttpResponse:
    """The communications team says an account at risk is safe again."""
    account = get_account_for_user(request.user, pk)
    if not account.at_risk:
        messages.info(request, "This account is not marked at risk.")
        return _back(account)
    data = request.POST if request.method == "POST" else None
    form = AtRiskClearForm(data)
    if (
        data is not None
        and form.is_valid()
        and _carry_out(
            request, form, services.at_risk_clear, account=account, note=form.cleaned_data["note"]
        )
    ):
        messages.success(request, "The account is no longer marked at risk.")
        return _back(account)
    return _form_page(
        request, "accounts_registry/at_risk_clear.html", {"account": account, "form": form}
    )
