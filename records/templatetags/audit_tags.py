"""Showing audit events in plain words."""

from django import template

from records import audit

register = template.Library()

register.filter("action_label", audit.action_label)
register.filter("target_type_label", audit.target_type_label)
register.filter("details_summary", audit.details_summary)
register.filter("details_json", audit.details_json)
