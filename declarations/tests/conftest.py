"""Fixtures for the compliance tests: the hand-counted organisation, on its day."""

import datetime as dt

import pytest
import time_machine

from declarations.tests.compliance_org import LONDON, TODAY, build_organisation


@pytest.fixture
def on_the_day():
    """Fix the time at 09:00 on the day the hand counts were made for."""
    with time_machine.travel(dt.datetime.combine(TODAY, dt.time(9, 0), tzinfo=LONDON), tick=False):
        yield


@pytest.fixture
def org():
    """The small organisation counted by hand (see compliance_org.py)."""
    return build_organisation()
