"""Issue 16 item 12: with Redis unreachable, pages do not wait for it on every request, and a comment taken down is
gone from every process even when clearing the cache failed."""

import itertools
import re
import time
from unittest import mock

import pytest
import redis

from comments import caching
from comments.models import Comment
from comments.moderation import moderate

ATTEMPTS = []
_locations = itertools.count(1)


class CountingConnection(redis.Connection):
    """A redis-py connection that records each attempt to connect (redis-py's `connection_class` option)."""

    def connect(self):
        ATTEMPTS.append(self.port)
        return super().connect()


@pytest.fixture
def unreachable_redis(settings):
    """The shared cache at a closed port, as when Redis is down; each test gets a location of its own."""
    ATTEMPTS.clear()
    settings.CACHES = {
        "default": {
            "BACKEND": "campaign_cms.cache.FailOpenRedisCache",
            "LOCATION": f"redis://127.0.0.1:1/{next(_locations)}",
            "OPTIONS": {"connection_class": CountingConnection},
        }
    }
    return ATTEMPTS


def test_pages_do_not_try_an_unreachable_redis_on_every_request(client, make_campaign_page, unreachable_redis):
    page = make_campaign_page(body=[{"type": "comments", "value": {}}])
    Comment.objects.create(page=page, author_name="Ada", author_email="ada@example.org", body="Yes.", status="approved")

    statuses = [client.get(page.url).status_code for _ in range(10)]
    statuses += [client.get("/api/v2/comments/", {"page_id": page.pk}).status_code for _ in range(10)]

    assert set(statuses) == {200}
    assert len(unreachable_redis) == 1


def shown_ids(client, page):
    html = client.get(page.url).text
    listed = client.get("/api/v2/comments/", {"page_id": page.pk}).json()["items"]
    return {int(pk) for pk in re.findall(r'id="comment-(\d+)"', html)}, {item["id"] for item in listed}


def test_a_comment_taken_down_while_the_cache_cannot_be_cleared_is_gone_at_once(client, make_campaign_page):
    """The server that moderates cannot reach the shared cache, so clearing it does nothing: the entries it would
    have cleared stay, in the shared cache and in every process's copy, and the next view must not show them."""
    page = make_campaign_page(body=[{"type": "comments", "value": {}}])
    kept, spam, rude = (
        Comment.objects.create(page=page, author_name=name, author_email="a@example.org", body=name, status="approved")
        for name in ("Kept", "Spam", "Rude")
    )
    everyone = {kept.pk, spam.pk, rude.pk}
    assert shown_ids(client, page) == (everyone, everyone)  # cached now

    with (
        mock.patch.object(caching.cache, "delete", return_value=False),
        mock.patch.object(caching.cache, "delete_many", return_value=None),
        mock.patch.object(caching.cache, "set", return_value=None),
    ):
        moderate([spam.pk], "spam")
        moderate([rude.pk], "reject")

    assert shown_ids(client, page) == ({kept.pk}, {kept.pk})
    assert client.get("/api/v2/comments/", {"page_id": page.pk}).json()["meta"]["comment_count"] == 1


def test_each_process_tries_an_unreachable_redis_again_only_every_few_seconds(unreachable_redis):
    """One attempt (no retries) answers a miss; the calls of the next RETRY_AFTER_SECONDS do not try at all."""
    from django.core.cache import cache

    from campaign_cms.cache import RETRY_AFTER_SECONDS

    now = time.monotonic()
    with mock.patch("campaign_cms.cache.time.monotonic", return_value=now):
        assert [cache.get("key", "miss") for _ in range(20)] == ["miss"] * 20
        assert cache.add("key", 1) is False and cache.get_many(["a", "b"]) == {}
    assert len(unreachable_redis) == 1
    with mock.patch("campaign_cms.cache.time.monotonic", return_value=now + RETRY_AFTER_SECONDS + 0.1):
        assert [cache.get("key", "miss") for _ in range(20)] == ["miss"] * 20
    assert len(unreachable_redis) == 2
