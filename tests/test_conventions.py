"""Conventions the whole test suite keeps, so that a newcomer reads one style.

Test names say the behaviour in plain words (``test_refuses_self_approval``),
without a ``test_it_`` prefix.
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_test_names_say_the_behaviour_in_one_style():
    prefixed = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in ROOT.rglob("test_*.py")
        if ".venv" not in path.parts
        for name in re.findall(r"^\s*(?:async )?def (test_it_\w+)\(", path.read_text(), re.M)
    ]
    assert not prefixed, "\n".join(prefixed)
