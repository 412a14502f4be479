from django.urls import path

from . import views

app_name = "leavers"

urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("my-team/", views.my_team, name="my_team"),
    path("start/", views.case_start, name="case_start"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/items/<int:item_pk>/", views.item_tick, name="item_tick"),
    path("<int:pk>/sign-off/", views.case_sign_off, name="case_sign_off"),
    path("movers/<int:person_pk>/", views.mover_review, name="mover_review"),
]
