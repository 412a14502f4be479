from django.urls import path

from . import views

app_name = "records"

urlpatterns = [
    path("audit/", views.audit_list, name="audit"),
]
