from django.urls import path

from . import views

app_name = "accounts_registry"

urlpatterns = [
    path("", views.index, name="index"),
]
