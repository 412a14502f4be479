from django.conf import settings
from django.urls import path, re_path

from . import record_views, views

app_name = "records"

REFERENCE = r"(?P<reference>[A-Z]{3}-[0-9]{4}-[0-9]{6})"

urlpatterns = [
    path("audit/", views.audit_list, name="audit"),
    path("audit/export.csv", views.audit_export, name="audit_export"),
    path("audit/<int:pk>/", views.audit_event_detail, name="audit_event"),
    path("mine/", record_views.my_records, name="my_records"),
    path(
        "verify/",
        record_views.verify_public if settings.RECORDS_VERIFY_PUBLIC else record_views.verify,
        name="verify",
    ),
    path("attention/", record_views.records_attention, name="failed"),
    re_path(rf"^{REFERENCE}/$", record_views.record_detail, name="detail"),
    re_path(rf"^{REFERENCE}/download/$", record_views.record_download, name="download"),
    re_path(rf"^{REFERENCE}/retry/$", record_views.record_retry_view, name="retry"),
]
