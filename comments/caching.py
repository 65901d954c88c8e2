"""Caching what every visitor of a page sees of its discussion: the approved count and the rendered threads.

Entries are keyed by the page's discussion version (DiscussionVersion, in the database), which every change to the
page's comments replaces in the transaction that makes the change (`forget`). Every view reads the version with one
query by primary key, so a new, edited or moderated comment shows at once on every server, and taking a comment down
never depends on clearing a shared cache, which fails while the cache is unreachable. COMMENTS_CACHE_SECONDS bounds
how long an entry lives in any case, e.g. after a change made outside this app. With the cache shared through Redis,
a busy page is rendered once per change instead of once per visitor.

A reader takes the version before it reads the comments, so an entry computed from data older than a change is
stored under a version that the change has already replaced, and is never served.
"""

import time
import uuid

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import conf
from .models import DiscussionVersion


def page_version(page_id):
    """The current version of the page's discussion; a page that has none yet (no change since it had a discussion)
    gets one."""
    versions = DiscussionVersion.objects.filter(page_id=page_id).values_list("version", flat=True)
    version = versions.first()
    if version is None:
        DiscussionVersion.objects.bulk_create(
            [DiscussionVersion(page_id=page_id, version=uuid.uuid4().hex)], ignore_conflicts=True
        )
        version = versions.first()
    return version


def forget(page_ids):
    """Give these pages' discussions new versions, which makes every cached entry of them obsolete on every server:
    in the caller's transaction, so that the change and its new version commit together."""
    page_ids = sorted(set(page_ids))
    if not page_ids:
        return
    version = uuid.uuid4().hex
    versions = DiscussionVersion.objects.filter(page_id__in=page_ids)
    with transaction.atomic():
        if versions.update(version=version) < len(page_ids):
            # A page without a version yet, or one that a reader is giving its first version at this moment: after
            # the INSERT (which waits for such a reader), the UPDATE replaces whichever version the reader gave it.
            DiscussionVersion.objects.bulk_create(
                [DiscussionVersion(page_id=page_id, version=version) for page_id in page_ids], ignore_conflicts=True
            )
            versions.update(version=version)


def _entry_keys(page_id, version, names):
    return {f"comments:{page_id}:{version}:entry:{name}": name for name in names}


# Text and numbers this process has read or computed, by key, each with when it expires: {key: (expires, value)}. An
# entry never changes under its version, so while the page's version stays the same its entries come from here: the
# threads' HTML is most of a busy page, and no longer crosses the network for each view. They expire when the shared
# entries do, COMMENTS_CACHE_SECONDS after they were computed. The API's windows of threads (dicts, whose size is not
# known without walking them) still come from the shared cache.
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
    `computations[name]()`: no cache round trip at all when this process keeps every entry of the current version."""
    timeout = conf.cache_seconds()
    if not timeout:
        return {name: compute() for name, compute in computations.items()}
    now = time.time()
    keys = _entry_keys(page_id, page_version(page_id), computations)
    values = _kept(keys, now)
    asked = [key for key, name in keys.items() if name not in values]
    found = cache.get_many(asked) if asked else {}
    for key in asked:
        if key in found:
            computed_at, values[keys[key]] = found[key]
            _keep(key, computed_at, values[keys[key]], timeout)
    missing = {key: (now, computations[name]()) for key, name in keys.items() if name not in values}
    if missing:
        cache.set_many(missing, timeout)
        for key, (computed_at, value) in missing.items():
            values[keys[key]] = value
            _keep(key, computed_at, value, timeout)
    return values


@receiver(post_save, sender="comments.Comment")
def comment_saved(sender, instance, **kwargs):
    """Saving a comment (posting, editing, the admin) changes its page's discussion; changes by queryset updates call
    `forget` themselves (moderation, erasing personal data)."""
    forget([instance.page_id])


@receiver(post_delete, sender="comments.Comment")
def comment_deleted(sender, instance, origin=None, **kwargs):
    """Deleting a comment changes its page's discussion, unless the page itself is being deleted (the deletion comes
    from the page, not from comments): its discussion and version go with it."""
    if isinstance(origin, sender) or getattr(origin, "model", None) is sender:
        forget([instance.page_id])
