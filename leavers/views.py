"""The leaver pages: a manager's team, the list of leaver cases and each case's
checklist, starting a case, ticking an item, signing the case off, and the review
of a mover's access.

Every change is made by one service in ``leavers.services``; these views load what
the person may see (``leavers.authorizers``), call it, and redirect or render.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from accounts_registry.models import Access, Account
from approvals.models import Task
from approvals.services import may_do_task
from devices.models import Device, PoolUser
from kernel.access import has_mfa, role_required, staff_required, uses_role
from kernel.roles import RoleKey
from staff.authorizers import may_read_staff
from staff.models import User

from . import services
from .authorizers import CASE_ROLES, get_case_for_user, may_sign_off, may_start_case
from .forms import CaseStartForm, ItemTickForm, MoverReviewForm
from .models import CaseItem, LeaverCase
from .selectors import mover_review_items

PAGE_SIZE = 50
# Who may start a case from the start page: a line manager for their own reports,
# administrators and HR for anyone.
CASE_STARTERS = CASE_ROLES
# How deep "My team" follows reporting lines below the manager.
TEAM_DEPTH = 10


def _refused(form, error: ValidationError) -> None:
    form.add_error(None, error)


def _item_owned(user: User) -> Q:
    """A filter on checklist items: open ones this person may tick (theirs or their role's)."""
    owned = Q(task__owner=user)
    if has_mfa(user) and user.current_role_keys():
        owned |= Q(task__owner__isnull=True, task__owner_role__key__in=user.current_role_keys())
    return owned


def _visible_cases(user: User):
    """Cases this person may see: all of them for HR, administrators and auditors; else
    those they started, those of people below them, and those with an item for them."""
    if uses_role(user, *CASE_ROLES, RoleKey.AUDITOR):
        return LeaverCase.objects.all()
    below = Q()
    path = "person__line_manager"
    for _ in range(TEAM_DEPTH):
        below |= Q(**{path: user})
        path += "__line_manager"
    with_items = CaseItem.objects.filter(_item_owned(user)).values("case_id")
    return LeaverCase.objects.filter(Q(started_by=user) | below | Q(pk__in=with_items)).exclude(
        person=user
    )


def _case_for(user: User, pk: int) -> LeaverCase:
    """The case, for whoever may see it and for the owners of its items; otherwise 404."""
    try:
        return get_case_for_user(user, pk)
    except Http404:
        case = _visible_cases(user).filter(pk=pk).first()
        if case is None:
            raise
        return case


def may_tick(user: User, item: CaseItem) -> bool:
    return item.task.status == Task.Status.OPEN and may_do_task(user, item.task)


# My team ---------------------------------------------------------------------------


def _reports_below(manager: User) -> list[tuple[int, int]]:
    """The ids of the people reporting to ``manager`` directly or through others, with
    their depth (0 for direct reports): current staff only, nearest first, by name;
    one query per level of the reporting line."""
    found_all: list[tuple[int, int]] = []
    level = [manager.pk]
    seen = {manager.pk}
    for depth in range(TEAM_DEPTH):
        found = list(
            User.objects.current()
            .filter(line_manager_id__in=level)
            .exclude(pk__in=seen)
            .order_by("full_name")
            .values_list("pk", flat=True)
        )
        if not found:
            break
        found_all += [(pk, depth) for pk in found]
        level = found
        seen.update(found)
    return found_all


def _people(reports: list[tuple[int, int]]) -> list[User]:
    """The people of one page of ``_reports_below``, in its order."""
    by_id = User.objects.select_related("team", "line_manager").in_bulk([pk for pk, _ in reports])
    people = []
    for pk, depth in reports:
        person = by_id[pk]
        person.is_direct = depth == 0
        people.append(person)
    return people


def _holdings(people: list[User]) -> None:
    """Put on each person what they hold now: ``devices`` (issued to them or pool
    devices they use), ``accounts`` (register accounts they own, administer, moderate or can sign in to)
    and ``open_case``; a fixed number of queries whatever the team's size."""
    ids = [person.pk for person in people]
    by_id = {person.pk: person for person in people}
    for person in people:
        person.devices, person.accounts, person.open_case = [], [], None
    for device in Device.objects.issued().filter(holder_id__in=ids):
        by_id[device.holder_id].devices.append(device)
    pool = PoolUser.objects.current().filter(person_id__in=ids, device__status=Device.Status.ISSUED)
    for pool_user in pool.select_related("device"):
        by_id[pool_user.person_id].devices.append(pool_user.device)
    parts = (("owner", "Owner"), ("administrator", "Administrator"), ("moderator", "Moderator"))
    for field, part in parts:
        for account in Account.objects.not_closed().filter(**{f"{field}_id__in": ids}):
            by_id[getattr(account, f"{field}_id")].accounts.append((account, part))
    accesses = Access.objects.current().filter(
        person_id__in=ids, account__in=Account.objects.not_closed()
    )
    for access in accesses.select_related("account"):
        by_id[access.person_id].accounts.append((access.account, "Can sign in"))
    for case in LeaverCase.objects.open().filter(person_id__in=ids):
        by_id[case.person_id].open_case = case


@role_required(line_manager=True)
def my_team(request: HttpRequest) -> HttpResponse:
    """The manager's direct and indirect reports, what each holds, and a way to start
    a leaver case for any of them."""
    reports = _reports_below(request.user)
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = _people(page.object_list)
    _holdings(page.object_list)
    context = {"people": reports, "page": page, "query_string": ""}
    return render(request, "leavers/my_team.html", context)


# Cases -----------------------------------------------------------------------------


@staff_required
def case_list(request: HttpRequest) -> HttpResponse:
    """Leaver cases this person may see, open first, each with its progress."""
    show = request.GET.get("show", "open")
    cases = (
        _visible_cases(request.user)
        .select_related("person", "started_by")
        .annotate(
            items_total=Count("items"),
            items_done=Count("items", filter=~Q(items__task__status=Task.Status.OPEN)),
        )
    )
    if show == "closed":
        cases = cases.exclude(status=LeaverCase.Status.OPEN).order_by("-last_day", "-pk")
    else:
        show = "open"
        cases = cases.filter(status=LeaverCase.Status.OPEN).order_by("last_day", "pk")
    context = {
        "show": show,
        "page": Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page")),
        "query_string": "show=closed" if show == "closed" else "",
        "may_start": request.user.is_line_manager or request.user.has_role(*CASE_STARTERS),
        "today": timezone.localdate(),
    }
    return render(request, "leavers/case_list.html", context)


@role_required(*CASE_STARTERS, line_manager=True)
def case_start(request: HttpRequest) -> HttpResponse:
    """Start a leaver case: who, their last working day and why."""
    initial = {}
    if (person_pk := request.GET.get("person", "")).isdigit():
        person = User.objects.current().filter(pk=person_pk).first()
        initial = {"person": person.email} if person else {}
    form = CaseStartForm(request.POST or None, initial=initial, actor=request.user)
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["person"]
        if not may_start_case(request.user, person):
            form.add_error(
                "person",
                f"Only {person}'s line manager, HR or an administrator can start their leaver case.",
            )
        else:
            try:
                case = services.case_open(
                    person=person,
                    last_day=form.cleaned_data["last_day"],
                    reason=form.cleaned_data["reason"],
                    actor=request.user,
                    http_request=request,
                )
            except ValidationError as error:
                _refused(form, error)
            else:
                messages.success(
                    request,
                    f"The leaver case for {person} is open; the IT service desk has been told.",
                )
                return redirect("leavers:case_detail", case.pk)
    return render(
        request, "leavers/case_start.html", {"form": form}, status=400 if form.errors else 200
    )


@staff_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A leaver case: its checklist, who does each item and by when, and who did it."""
    case = _case_for(request.user, pk)
    items = list(
        case.items.select_related(
            "task", "task__owner", "task__owner_role", "task__done_by", "device", "account"
        ).order_by("pk")
    )
    for item in items:
        item.tickable = may_tick(request.user, item)
    done = sum(item.task.status != Task.Status.OPEN for item in items)
    context = {
        "case": case,
        "items": items,
        "done": done,
        "total": len(items),
        "may_sign_off": may_sign_off(request.user, case),
        "today": timezone.localdate(),
    }
    return render(request, "leavers/case_detail.html", context)


@staff_required
def item_tick(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """Mark one item of the checklist done, with a note; a device is recovered or lost."""
    case = _case_for(request.user, pk)
    item = get_object_or_404(
        case.items.select_related("task__owner_role", "device", "account"), pk=item_pk
    )
    if not may_tick(request.user, item):
        messages.info(request, "This item is not yours to tick, or it has been done already.")
        return redirect("leavers:case_detail", case.pk)
    is_device = item.what == CaseItem.What.DEVICE
    form = ItemTickForm(request.POST or None, is_device=is_device)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_item_complete(
                item=item,
                actor=request.user,
                note=form.cleaned_data["note"],
                outcome=form.cleaned_data.get("outcome", ""),
                http_request=request,
            )
        except ValidationError as error:
            _refused(form, error)
        else:
            messages.success(request, f"“{item.task.title}” is done.")
            return redirect("leavers:case_detail", case.pk)
    context = {"case": case, "item": item, "form": form}
    return render(request, "leavers/item_tick.html", context, status=400 if form.errors else 200)


@staff_required
def case_sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    """Sign the case off once every item is done; the signed record is made after."""
    case = _case_for(request.user, pk)
    if not may_sign_off(request.user, case):
        messages.info(request, "You cannot sign this case off.")
        return redirect("leavers:case_detail", case.pk)
    error = None
    if request.method == "POST":
        try:
            services.case_sign_off(case=case, actor=request.user, http_request=request)
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            messages.success(
                request,
                f"The leaver case for {case.person} is signed off; its signed record follows shortly.",
            )
            return redirect("leavers:case_detail", case.pk)
    open_items = case.items.filter(task__status=Task.Status.OPEN).select_related("task")
    context = {"case": case, "open_items": open_items, "error": error}
    return render(request, "leavers/case_sign_off.html", context, status=400 if error else 200)


# Movers ----------------------------------------------------------------------------


@staff_required
def mover_review(request: HttpRequest, person_pk: int) -> HttpResponse:
    """After a change of team or line manager: keep or remove the person's access to
    register accounts and their places on pool devices."""
    person = get_object_or_404(User.objects.select_related("team", "line_manager"), pk=person_pk)
    if not may_start_case(request.user, person):
        messages.info(
            request,
            "Only the person's line manager, HR or an administrator can review their access.",
        )
        return redirect("home")
    review = mover_review_items(person)
    accesses, pool_users = review["accesses"], review["pool_users"]
    if request.method == "GET" and not accesses and not pool_users:
        # Nothing they hold depends on their team or manager: back to where they are seen.
        return redirect(person if may_read_staff(request.user) else "leavers:my_team")
    form = MoverReviewForm(request.POST or None, accesses=accesses, pool_users=pool_users)
    if request.method == "POST" and form.is_valid():
        try:
            services.mover_review(
                person=person,
                remove_access_ids=form.removals("access"),
                remove_pool_user_ids=form.removals("pool"),
                actor=request.user,
                http_request=request,
            )
        except ValidationError as error:
            _refused(form, error)
        else:
            messages.success(request, f"The review of {person}'s access is saved.")
            return redirect(person)
    context = {"person": person, "form": form, "accesses": accesses, "pool_users": pool_users}
    return render(request, "leavers/mover_review.html", context, status=400 if form.errors else 200)
