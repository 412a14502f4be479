"""The portal's URLs with the verification page open to the public
(what RECORDS_VERIFY_PUBLIC=true serves)."""

from django.urls import path

from portal.urls import handler403, handler404, handler500  # noqa: F401
from portal.urls import urlpatterns as portal_urlpatterns
from records import views

urlpatterns = [path("records/verify/", views.verify_public), *portal_urlpatterns]
