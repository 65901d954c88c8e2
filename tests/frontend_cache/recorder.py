"""A frontend cache backend for the tests: it purges nothing and records every URL it is asked to purge."""

from wagtail.contrib.frontend_cache.backends import BaseBackend

purged = []


class RecordingBackend(BaseBackend):
    def purge(self, url):
        purged.append(url)
