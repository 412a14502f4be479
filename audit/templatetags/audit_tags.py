"""Showing audit events in plain words."""

from django import template

from audit import actions, display

register = template.Library()

register.filter("action_label", actions.action_label)
register.filter("target_type_label", display.target_type_label)
register.filter("details_summary", display.details_summary)
register.filter("details_json", display.details_json)
