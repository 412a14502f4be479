from django.urls import path

from . import compliance_views, views

app_name = "declarations"

urlpatterns = [
    path("", views.index, name="index"),
    path("compliance/", compliance_views.compliance_dashboard, name="compliance"),
    path("compliance/export.csv", compliance_views.compliance_export, name="compliance_export"),
    path("compliance/report/", compliance_views.compliance_report, name="compliance_report"),
]
