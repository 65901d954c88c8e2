"""Purging what changed from a frontend cache (Varnish, a CDN) through Wagtail's `wagtail.contrib.frontend_cache`.

The apps purge after the change commits (`transaction.on_commit`), so a purge never reaches the cache before the
change reaches the database: a request in between would store the old content again. With no backend configured
(the `WAGTAILFRONTENDCACHE` setting, docs/deploy.md) nothing is computed or sent.
"""

import copy
import threading

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from wagtail.contrib.frontend_cache.utils import PurgeBatch


def is_configured():
    return bool(
        getattr(settings, "WAGTAILFRONTENDCACHE", None) or getattr(settings, "WAGTAILFRONTENDCACHE_LOCATION", None)
    )


def purge_after_commit(pages=(), urls=()):
    """Purge every cached URL of `pages` (each page's `get_cached_paths`) and `urls` once the transaction commits.
    The pages' URLs are worked out now, as they are when the change is made.

    The URLs of one transaction go in one batch: saving a petition and its translations in one form purges each URL
    once. URLs of a transaction that rolled back are purged with the next batch of the thread, which does no harm.
    """
    if not is_configured():
        return
    batch = PurgeBatch()
    batch.add_pages(pages)
    batch.add_urls(urls)
    if not hasattr(_pending, "urls"):
        _pending.urls = set()
    _pending.urls.update(batch.urls)
    transaction.on_commit(_purge_pending)


# URLs to purge when the thread's transaction commits.
_pending = threading.local()


def _purge_pending():
    urls, _pending.urls = _pending.urls, set()
    if urls:
        PurgeBatch(urls).purge()


def with_translations(pages):
    """The live pages among `pages` and their live translations."""
    found = {}
    for page in pages:
        for shown in page.get_translations(inclusive=True).live().specific():
            found[shown.pk] = shown
    return list(found.values())


def before_move(page, url_path_before, url_path_after):
    """`page` as it was before a move or a change of slug took its address from `url_path_before` (an ancestor's
    or its own) to `url_path_after`: a copy that purging can take its old URLs from."""
    moved = copy.copy(page)
    moved.url_path = url_path_before + page.url_path.removeprefix(url_path_after)
    return moved


def urls_in_every_language(root_urls, path_name, *args):
    """The absolute URLs of the named path in every language of LANGUAGES (each with its own prefix, or none for
    the default one), under each of `root_urls`."""
    paths = set()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            paths.add(reverse(path_name, args=args))
    return sorted(root_url.rstrip("/") + path for root_url in root_urls for path in paths)
