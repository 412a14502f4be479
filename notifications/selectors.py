from django.http import Http404

from .models import Notification


def unread_count(user) -> int:
    """Unread notifications of a person (one query, cached on the user for the request)."""
    if not hasattr(user, "_unread_notifications"):
        user._unread_notifications = Notification.objects.filter(
            recipient=user, read_at__isnull=True
        ).count()
    return user._unread_notifications


def notifications_for(user):
    return Notification.objects.filter(recipient=user)


def get_notification_for_user(user, pk: int) -> Notification:
    """One of the person's own notifications; anyone else's does not exist for them."""
    try:
        return notifications_for(user).get(pk=pk)
    except Notification.DoesNotExist:
        raise Http404("No such notification") from None
