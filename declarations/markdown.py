"""Policy text: written in Markdown, shown as sanitised HTML.

Administrators write policies in Markdown. Whatever they type (or paste from a
word processor), the page shows only headings, paragraphs, lists, emphasis,
links, quotations and tables: no scripts, styles, images or forms. Numbered
clauses keep their numbers: an ordered list that starts at 4 is shown from 4.
"""

from __future__ import annotations

import re

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "h2", "h3", "h4", "h5", "h6", "p", "br", "hr",
    "ul", "ol", "li", "strong", "em", "b", "i", "code", "pre", "blockquote",
    "a", "table", "thead", "tbody", "tr", "th", "td", "caption",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "ol": {"start"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
URL_SCHEMES = {"http", "https", "mailto"}

# The page has its own <h1> (the policy's title): the text's headings sit below it.
_HEADING = re.compile(r"<(/?)h([1-6])(\s|>)")


def _demote_headings(html: str) -> str:
    if not re.search(r"<h1[\s>]", html):
        return html
    return _HEADING.sub(lambda m: f"<{m[1]}h{min(int(m[2]) + 1, 6)}{m[3]}", html)


def render_policy_markdown(text: str) -> SafeString:
    """The policy text as HTML that is safe to put in a page."""
    html = markdown.markdown(
        text or "",
        extensions=["tables", "sane_lists"],
        output_format="html",
    )
    cleaned = nh3.clean(
        _demote_headings(html),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        set_tag_attribute_values={"table": {"class": "table table-sm table-bordered policy-table"}},
    )
    return mark_safe(cleaned)  # noqa: S308 - sanitised by nh3 just above
