from django.urls import path

from . import views

app_name = "records"

urlpatterns = [
    path("audit/", views.audit_list, name="audit"),
    path("audit/export.csv", views.audit_export, name="audit_export"),
    path("audit/<int:pk>/", views.audit_event_detail, name="audit_event"),
]
