from django.urls import path

from . import compliance_views, views

app_name = "declarations"

urlpatterns = [
    path("", views.index, name="index"),
    path("sign/<int:pk>/", views.sign, name="sign"),
    path("sign/<int:pk>/signed/", views.signed, name="signed"),
    path("policies/", views.policy_list, name="policies"),
    path("policies/new/", views.policy_create, name="policy_create"),
    path("policies/<slug:slug>/", views.policy_detail, name="policy"),
    path("policies/<slug:slug>/edit/", views.policy_edit, name="policy_edit"),
    path("policies/<slug:slug>/versions/new/", views.version_create, name="version_create"),
    path("policies/<slug:slug>/versions/<int:pk>/", views.version_detail, name="version"),
    path("policies/<slug:slug>/versions/<int:pk>/edit/", views.version_edit, name="version_edit"),
    path("policies/<slug:slug>/versions/<int:pk>/publish/", views.version_publish, name="version_publish"),
    path("policies/<slug:slug>/versions/<int:pk>/original/", views.version_original, name="version_original"),
    path("kinds/", views.kind_list, name="kinds"),
    path("kinds/new/", views.kind_create, name="kind_create"),
    path("kinds/<int:pk>/edit/", views.kind_edit, name="kind_edit"),
    path("device-holders/", views.device_holders, name="device_holders"),
    path("requirements/<int:pk>/extend/", views.requirement_extend, name="requirement_extend"),
    path("compliance/", compliance_views.compliance, name="compliance"),
    path("compliance/export.csv", compliance_views.compliance_export, name="compliance_export"),
    path("compliance/report/", compliance_views.compliance_report, name="compliance_report"),
]
