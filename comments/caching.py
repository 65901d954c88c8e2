"""Caching what every visitor of a page sees of its discussion: the approved count and the rendered threads.

Entries are keyed by a version per page, which any change to the page's comments discards once it is committed
(`forget`), so a new, edited or moderated comment shows at once. COMMENTS_CACHE_SECONDS bounds how long an entry
lives in any case, e.g. after a change made outside this app. With the cache shared through Redis, a busy page is
rendered once per change instead of once per visitor.

A reader takes the version before it reads the database, so an entry computed from data older than a change is
stored under a version that the change has already discarded, and is never served.
"""

import time
import uuid

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import conf


def _version_key(page_id):
    return f"comments:version:{page_id}"


def page_version(page_id):
    """The current version of the page's discussion, created when there is none (new, discarded or evicted)."""
    key = _version_key(page_id)
    version = cache.get(key)
    if version is None:
        cache.add(key, uuid.uuid4().hex, timeout=None)
        version = cache.get(key)
    return version


def forget(page_ids):
    """Discard every cached entry of these pages' discussions: at once, so that reads later in this transaction see
    the change, and again when it commits, since other readers may have cached the old state in between."""
    keys = [_version_key(page_id) for page_id in set(page_ids)]
    if keys:
        cache.delete_many(keys)
        transaction.on_commit(lambda: cache.delete_many(keys))


def _entry_keys(page_id, version, names):
    return {f"comments:{page_id}:{version}:entry:{name}": name for name in names}


# The version this process last saw for each page. Asked for together with the version itself, its entries make a
# cache hit one round trip instead of two; it is only a guess, and the version read in that same round trip decides.
_last_versions = {}
LAST_VERSIONS_KEPT = 10_000
# Text and numbers this process has read or computed, by key, each with when it expires: {key: (expires, value)}. An
# entry never changes under its version, so while the version read from the cache is the one this process last saw,
# its entries come from here: the threads' HTML is most of a busy page, and no longer crosses the network for each
# view. They expire when the shared entries do, COMMENTS_CACHE_SECONDS after they were computed. The API's windows of
# threads (dicts, whose size is not known without walking them) still come from the shared cache.
_kept_entries = {}
# Bounds on what is kept (entries of older versions stay until then); 50 threads of five comments are some 220,000
# characters.
KEPT_ENTRIES = 10_000
KEPT_CHARACTERS = 16_000_000
_kept_characters = 0


def _keep(key, computed_at, value, timeout):
    global _kept_characters
    if not isinstance(value, (str, int)):
        return
    size = len(value) if isinstance(value, str) else 0
    if len(_kept_entries) >= KEPT_ENTRIES or _kept_characters + size > KEPT_CHARACTERS:
        _kept_entries.clear()
        _kept_characters = 0
    _kept_entries[key] = (computed_at + timeout, value)
    _kept_characters += size


def _kept(keys, now):
    """{name: value} of the entries under `keys` that this process keeps and that have not expired."""
    values = {}
    for key, name in keys.items():
        kept = _kept_entries.get(key)
        if kept is not None and kept[0] > now:
            values[name] = kept[1]
    return values


def cached(page_id, computations):
    """{name: value} for the page's discussion as it is now, each value cached under its name or else computed by
    `computations[name]()`: one small cache round trip when nothing changed since this process last looked."""
    timeout = conf.cache_seconds()
    if not timeout:
        return {name: compute() for name, compute in computations.items()}
    now = time.time()
    version_key = _version_key(page_id)
    guess = _last_versions.get(page_id)
    guessed_keys = _entry_keys(page_id, guess, computations) if guess else {}
    values = _kept(guessed_keys, now)
    found = cache.get_many([version_key, *(key for key, name in guessed_keys.items() if name not in values)])
    version = found.get(version_key) or page_version(page_id)
    if version is None:  # the cache is unavailable
        return {name: compute() for name, compute in computations.items()}
    keys = _entry_keys(page_id, version, computations)
    if version != guess:
        if len(_last_versions) >= LAST_VERSIONS_KEPT:
            _last_versions.clear()
        _last_versions[page_id] = version
        values = _kept(keys, now)
        found = cache.get_many([key for key, name in keys.items() if name not in values])
    for key, name in keys.items():
        if name not in values and key in found:
            computed_at, values[name] = found[key]
            _keep(key, computed_at, values[name], timeout)
    missing = {key: (now, computations[name]()) for key, name in keys.items() if name not in values}
    if missing:
        cache.set_many(missing, timeout)
        for key, (computed_at, value) in missing.items():
            values[keys[key]] = value
            _keep(key, computed_at, value, timeout)
    return values


@receiver(post_save, sender="comments.Comment")
@receiver(post_delete, sender="comments.Comment")
def comment_changed(sender, instance, **kwargs):
    """Saving or deleting a comment (posting, editing, the admin) changes its page's discussion; changes by
    queryset updates call `forget` themselves (moderation, erasing personal data)."""
    forget([instance.page_id])
