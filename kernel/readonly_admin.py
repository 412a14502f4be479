"""Pieces the apps' Django admin modules share."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Admin pages that show and never change.

    What these models hold is changed only by the portal's pages and services,
    which check, audit and record every change.
    """

    actions = None
    show_full_result_count = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
