from django.urls import path

from . import views

app_name = "accounts_registry"

urlpatterns = [
    path("", views.my_accounts, name="my_accounts"),
    path("register/", views.account_list, name="account_list"),
    path("register/export.csv", views.register_export, name="register_export"),
    path("add/", views.account_add, name="account_add"),
    path("<int:pk>/", views.account_detail, name="account_detail"),
    path("<int:pk>/edit/", views.account_edit, name="account_edit"),
    path("<int:pk>/credentials/register/", views.account_register, name="account_register"),
    path("<int:pk>/credentials/change/", views.credentials_change, name="credentials_change"),
    path("<int:pk>/credentials/reveal/", views.secret_reveal, name="secret_reveal"),
    path("<int:pk>/access/", views.access_grant, name="access_grant"),
    path("<int:pk>/access/<int:access_pk>/remove/", views.access_remove, name="access_remove"),
    path("<int:pk>/apps/", views.app_add, name="app_add"),
    path("<int:pk>/apps/<int:app_pk>/remove/", views.app_remove, name="app_remove"),
    path("<int:pk>/hand-over/", views.handover_offer, name="handover_offer"),
    path("hand-overs/<int:pk>/", views.handover_respond, name="handover_respond"),
    path("<int:pk>/close/", views.account_close, name="account_close"),
    path("<int:pk>/review/", views.review_confirm, name="review_confirm"),
    path("<int:pk>/at-risk/clear/", views.at_risk_clear, name="at_risk_clear"),
]
