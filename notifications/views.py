"""The in-portal list of notifications."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from kernel.access import staff_required

from . import selectors, services


@staff_required
def notification_list(request):
    page = Paginator(selectors.notifications_for(request.user), 25).get_page(
        request.GET.get("page")
    )
    return render(request, "notifications/notification_list.html", {"page": page})


@staff_required
def notification_open(request, pk: int):
    """Mark a notification read and go where it points, if that is in the portal."""
    notification = selectors.get_notification_for_user(request.user, pk)
    services.notification_mark_read(notification=notification)
    if notification.link and url_has_allowed_host_and_scheme(
        notification.link, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(notification.link)
    return redirect("notifications:list")


@staff_required
@require_POST
def notification_mark_all_read(request):
    count = services.notifications_mark_all_read(user=request.user)
    if count:
        messages.success(request, "All your notifications are marked as read.")
    return redirect("notifications:list")


@staff_required
@require_POST
def notification_send_test(request):
    """Send the person a test email, to check that email from the portal reaches them."""
    try:
        services.notification_send_test(recipient=request.user)
    except ValidationError as error:
        messages.error(request, error.message)
        return redirect("notifications:list")
    messages.success(
        request, f"A test email is on its way to {request.user.email}. It can take a minute."
    )
    return redirect("notifications:list")
