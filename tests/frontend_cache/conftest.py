"""Purging through a recording backend: `purged` is the list of URLs purged so far in the test."""

import pytest

from . import recorder


@pytest.fixture
def purged(settings):
    settings.WAGTAILFRONTENDCACHE = {"recorder": {"BACKEND": "tests.frontend_cache.recorder.RecordingBackend"}}
    recorder.purged.clear()
    yield recorder.purged
    recorder.purged.clear()
