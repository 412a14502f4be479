"""The web server's application sets what it loaded at start aside from the collector."""

import gc

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


def test_objects_made_afterwards_are_still_collected():
    gc.unfreeze()
    try:
        freeze_loaded_objects()
        made_later = {"a": [1, 2, 3]}
        assert _tracked_in_a_generation(made_later)
    finally:
        gc.unfreeze()
