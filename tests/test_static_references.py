"""Every static file a template names exists, so no page loses its styles or scripts.

In production the manifest storage refuses to render a page that names a missing
file; in development the page would quietly lose it.
"""

import re
from pathlib import Path

from django.contrib.staticfiles import finders

ROOT = Path(__file__).resolve().parent.parent
STATIC_TAG = re.compile(r"""{%\s*static\s+['"]([^'"]+)['"]""")


def test_every_static_file_named_in_a_template_exists():
    missing = []
    for template in sorted((ROOT / "templates").rglob("*.html")):
        for path in STATIC_TAG.findall(template.read_text()):
            if finders.find(path) is None:
                missing.append(f"{template.relative_to(ROOT)} names {path}")
    assert not missing, "\n".join(missing)
