from django.conf import settings
from django.urls import path, re_path

from . import views

app_name = "records"

REFERENCE = r"(?P<reference>[A-Z]{3}-[0-9]{4}-[0-9]{6})"

urlpatterns = [
    path("mine/", views.my_records, name="my_records"),
    path(
        "verify/",
        views.verify_public if settings.RECORDS_VERIFY_PUBLIC else views.verify,
        name="verify",
    ),
    path("attention/", views.records_attention, name="failed"),
    re_path(rf"^{REFERENCE}/$", views.record_detail, name="detail"),
    re_path(rf"^{REFERENCE}/download/$", views.record_download, name="download"),
    re_path(rf"^{REFERENCE}/retry/$", views.record_retry, name="retry"),
]
