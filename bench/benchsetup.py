"""What every benchmark does before it imports the portal.

Each script runs from the repository's root environment (`.venv/bin/python
bench/NAME.py`) with its own scratch folder for the embedded settings' files,
tasks run in the process and emails kept in memory, so that what is timed is
the portal's own work.
"""

import base64
import hashlib
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def configure_django(prefix: str, *, quiet_tasks: bool = True) -> Path:
    """Set up Django for a benchmark; returns its scratch folder."""
    sys.path.insert(0, str(ROOT))
    scratch = Path(tempfile.mkdtemp(prefix=prefix))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.setdefault("PORTAL_VAR_DIR", str(scratch))
    # The register's credentials need a master key. A fixed one, as the data is made
    # up and thrown away: a database kept with --keep still reads with --reuse.
    bench_key = base64.b64encode(hashlib.sha256(b"portal benchmark").digest()).decode()
    os.environ.setdefault("CREDENTIAL_KEYS", f"bench:{bench_key}")
    if quiet_tasks:
        os.environ["CELERY_TASK_ALWAYS_EAGER"] = "true"
        os.environ["EMAIL_URL"] = "memorymail://"
        # The benchmarks are about the work, not the log line of each email task.
        os.environ.setdefault("LOG_LEVEL", "WARNING")

    import django

    django.setup()
    return scratch
