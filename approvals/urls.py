from django.urls import path

from . import views

app_name = "approvals"

urlpatterns = [
    path("", views.my_requests, name="my_requests"),
    path("new/", views.catalogue, name="catalogue"),
    path("new/<slug:type_key>/", views.request_new, name="request_new"),
    path("awaiting/", views.awaiting, name="awaiting"),
    path("all/", views.request_list, name="request_list"),
    path("all/export.csv", views.request_export, name="request_export"),
    path("tasks/", views.my_tasks, name="my_tasks"),
    path("tasks/role/<slug:role_key>/", views.role_tasks, name="role_tasks"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("delegations/", views.delegations, name="delegations"),
    path("delegations/<int:pk>/cancel/", views.delegation_cancel, name="delegation_cancel"),
    path("<int:pk>/", views.request_detail, name="request_detail"),
    path("<int:pk>/edit/", views.request_edit, name="request_edit"),
    path("<int:pk>/check/", views.request_check, name="request_check"),
    path("<int:pk>/withdraw/", views.request_withdraw, name="request_withdraw"),
    path("<int:pk>/comments/", views.request_comment, name="request_comment"),
    path("<int:pk>/files/", views.attachment_add, name="attachment_add"),
    path(
        "<int:pk>/files/<int:attachment_pk>/", views.attachment_download, name="attachment_download"
    ),
    path("<int:pk>/investigation/", views.request_investigation, name="request_investigation"),
    path("<int:pk>/steps/<int:step_pk>/", views.step_decide, name="step_decide"),
]
