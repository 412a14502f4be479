from django.urls import path

from . import views

app_name = "staff"

urlpatterns = [
    path("", views.staff_list, name="list"),
    path("new/", views.staff_create, name="create"),
    path("people/search/", views.person_search_hx, name="person_search_hx"),
    path("people/picker/", views.person_picker_hx, name="person_picker_hx"),
    path("import/", views.staff_import_upload, name="import"),
    path("import/confirm/", views.staff_import_confirm, name="import_confirm"),
    path("authority-matrix/", views.authority_matrix, name="authority_matrix"),
    path("authority-matrix/load/", views.authority_matrix_load, name="authority_matrix_load"),
    path("organisation/", views.organisation_settings, name="organisation_settings"),
    path("<int:pk>/", views.staff_detail, name="detail"),
    path("<int:pk>/edit/", views.staff_edit, name="edit"),
    path("<int:pk>/deactivate/", views.staff_deactivate, name="deactivate"),
    path("<int:pk>/reactivate/", views.staff_reactivate, name="reactivate"),
    path("<int:pk>/roles/", views.staff_role_assign, name="role_assign"),
    path("<int:pk>/roles/<int:assignment_pk>/remove/", views.staff_role_remove, name="role_remove"),
]
