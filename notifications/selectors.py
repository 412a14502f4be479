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
