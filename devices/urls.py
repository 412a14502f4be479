from django.urls import path

from . import views

app_name = "devices"

urlpatterns = [
    path("", views.device_list, name="device_list"),
    path("export.csv", views.devices_export, name="export"),
    path("add/", views.device_add, name="device_add"),
    path("import/", views.devices_import, name="import"),
    path("import/confirm/", views.devices_import_confirm, name="import_confirm"),
    path("<int:pk>/", views.device_detail, name="device_detail"),
    path("<int:pk>/edit/", views.device_edit, name="device_edit"),
    path("<int:pk>/issue/", views.device_issue, name="device_issue"),
    path("<int:pk>/return/", views.device_return, name="device_return"),
    path("<int:pk>/lost/", views.device_lost, name="device_lost"),
    path("<int:pk>/dispose/", views.device_dispose, name="device_dispose"),
    path("<int:pk>/pool/", views.device_pool, name="device_pool"),
    path("<int:pk>/pool/users/", views.pool_user_add, name="pool_user_add"),
    path(
        "<int:pk>/pool/users/<int:pool_user_pk>/remove/",
        views.pool_user_remove,
        name="pool_user_remove",
    ),
]
