"""Form widgets shared by the apps."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe


class QuickSelect(forms.Select):
    """A ``<select>`` written out in Python instead of one template per option.

    The HTML is the same as Django's; a large force has hundreds of teams, and
    rendering each ``<option>`` through the template engine cost tens of
    milliseconds on every page that lists them.
    """

    def render(self, name, value, attrs=None, renderer=None):
        # Straight from the choices: building Django's option dictionaries (its
        # ``optgroups``) for hundreds of teams costs more than writing them out.
        attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            attrs["multiple"] = True
        selected = set(self.format_value(value))
        parts = [format_html('<select name="{}"{}>', name, flatatt(attrs))]
        for group_value, group_label in self.choices:
            if isinstance(group_label, list | tuple):
                parts.append(format_html('<optgroup label="{}">', group_value))
                parts += [self._option(v, label, selected) for v, label in group_label]
                parts.append("</optgroup>")
            else:
                parts.append(self._option(group_value, group_label, selected))
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every part above is escaped

    @staticmethod
    def _option(value, label, selected: set[str]) -> str:
        value = "" if value is None else str(value)
        chosen = " selected" if value in selected else ""
        return f'<option value="{conditional_escape(value)}"{chosen}>{conditional_escape(label)}</option>'


class DateInput(forms.DateInput):
    """A date box the browser shows as a date picker (ISO dates, as the forms read them)."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)
