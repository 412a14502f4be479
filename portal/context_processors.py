from django.conf import settings

from notifications.selectors import unread_count

from .navigation import navigation_for


def portal(request):
    """Organisation branding, the navigation and the unread notification count."""
    context = {
        "organisation_name": settings.ORGANISATION_NAME,
        "organisation_short_name": settings.ORGANISATION_SHORT_NAME,
        "organisation_logo": settings.ORGANISATION_LOGO,
    }
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        context["navigation"] = navigation_for(user, request.path)
        context["unread_notifications"] = unread_count(user)
    return context
