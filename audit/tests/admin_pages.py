"""Django admin's forms, filled in as a browser would, for tests of what the admin records."""

from html.parser import HTMLParser


class _MainFormValues(HTMLParser):
    """What a browser would send for the page's main admin form (``<form id="…_form">``)."""

    def __init__(self):
        super().__init__()
        self.values: dict[str, list[str]] = {}
        self._in_form = False
        self._select: tuple[str, bool, list] | None = None
        self._textarea: tuple[str, list] | None = None

    def _add(self, name: str, value: str) -> None:
        self.values.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("id") or "").endswith("_form"):
            self._in_form = True
        name = attrs.get("name")
        if not (self._in_form and name) and tag != "option":
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind not in ("submit", "button", "file", "image", "reset"):
                self._add(name, attrs.get("value") or ("on" if kind == "checkbox" else ""))
        elif tag == "select":
            self._select = (name, "multiple" in attrs, [])
        elif tag == "option" and self._select is not None:
            self._select[2].append((attrs.get("value", ""), "selected" in attrs))
        elif tag == "textarea":
            self._textarea = (name, [])

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1].append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "select" and self._select is not None:
            name, multiple, options = self._select
            chosen = [value for value, selected in options if selected]
            if not chosen and not multiple and options:
                chosen = [options[0][0]]
            for value in chosen:
                self._add(name, value)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            # HTML drops a newline straight after <textarea>; Django writes one there.
            self._add(name, "".join(text).removeprefix("\n"))
            self._textarea = None


def admin_form(client, url: str) -> dict[str, list[str]]:
    """The admin form at ``url`` as it would be sent unchanged: field name to values."""
    response = client.get(url)
    assert response.status_code == 200
    parser = _MainFormValues()
    parser.feed(response.content.decode())
    return parser.values
