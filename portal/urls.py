from django.contrib import admin
from django.urls import include, path

from . import views
from .thirdparty import admin_site_urls, allauth_urls

admin.site.site_header = "Staff policy portal: technical administration"
admin.site.site_title = "Portal administration"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("security/mfa-required/", views.mfa_required, name="mfa_required"),
    path("your-data/", views.your_data, name="your_data"),
    path("accounts/", include(allauth_urls())),
    path("staff/", include("staff.urls")),
    path("devices/", include("devices.urls")),
    path("records/", include("records.urls")),
    path("audit/", include("audit.urls")),
    path("notifications/", include("notifications.urls")),
    path("declarations/", include("declarations.urls")),
    path("social-media-accounts/", include("accounts_registry.urls")),
    path("requests/", include("approvals.urls")),
    path("leavers/", include("leavers.urls")),
    path("django-admin/", admin_site_urls()),
]

handler403 = "portal.errors.permission_denied"
handler404 = "portal.errors.not_found"
handler500 = "portal.errors.server_error"
