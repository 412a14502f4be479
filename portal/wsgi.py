import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

application = get_wsgi_application()


def freeze_loaded_objects() -> None:
    """Import every view now rather than on the first request, then set what has been
    loaded aside from the garbage collector. Modules, classes and functions live as long
    as the process; left in the collector's oldest generation, each full pass walks all
    of them again (60 to 80 ms on a small host, once every dozen requests or so), a pause
    that lands on whichever request happens to be running."""
    get_resolver().url_patterns  # noqa: B018 (loads the URLconf and every view module)
    gc.collect()
    gc.freeze()


freeze_loaded_objects()
