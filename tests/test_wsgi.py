"""The web server's application sets what it loaded at start aside from the collector."""

import gc
import weakref

from approvals import views as approval_views
from portal.wsgi import freeze_loaded_objects


def _tracked_in_a_generation(thing) -> bool:
    return any(candidate is thing for candidate in gc.get_objects())


def test_loaded_views_are_left_out_of_the_collectors_passes():
    gc.unfreeze()
    try:
        assert _tracked_in_a_generation(approval_views.request_list)
        freeze_loaded_objects()
        assert gc.get_freeze_count() > 10_000
        assert not _tracked_in_a_generation(approval_views.request_list)
    finally:
        gc.unfreeze()


def test_what_requests_make_afterwards_is_still_collected():
    gc.unfreeze()
    try:
        freeze_loaded_objects()
        assert gc.isenabled()
        cycle = Cycle()
        cycle.itself = cycle
        alive = weakref.ref(cycle)
        del cycle
        gc.collect()
        assert alive() is None
    finally:
        gc.unfreeze()


class Cycle:
    itself: object = None
