"""Waiting for figures that the site caches for a few seconds, such as a petition's public count."""

import time

# PETITIONS_COUNT_CACHE_SECONDS (3 s by default) bounds how far a count lags; the margin is for a slow machine.
COUNT_LAG_SECONDS = 5 + 10


def reload_until(page, assertion, seconds=COUNT_LAG_SECONDS):
    """Reload `page` until `assertion()` (a short expect()) passes, for at most `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            assertion()
            return
        except AssertionError:
            if time.monotonic() > deadline:
                raise
            page.reload()
