"""Sliding-window rate limits kept in the cache: at most N hits per key in any span of the period, and a client's
valid and invalid submissions counted under limits of their own.

django-ratelimit counts in fixed windows aligned to the clock, which let twice the limit through around a window's
edge (10 signatures in 3.8 s under 5/300s). Here a key's hits are counted in buckets of a tenth of the period, and a
hit is allowed while the current bucket and the ten before it, which together cover at least the last period, hold
fewer than N: no span of the period ever holds more than N hits, at the price of a wait at most a tenth of the
period longer. The counts live in the cache (shared between processes with Redis) through its documented get_many,
add and incr; while the cache is unreachable nothing is counted and nothing limited, as with RATELIMIT_FAIL_OPEN.
"""

import math
import re
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

RATE = re.compile(r"^(\d+)/(\d*)([smhd]?)$")
UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 60 * 60, "d": 24 * 60 * 60}
BUCKETS = 10


def parse_rate(rate):
    """(hits, seconds) from django-ratelimit's syntax: "5/300s", "100/h", "10/5m"."""
    match = RATE.match(str(rate))
    if not match:
        raise ImproperlyConfigured(f"A rate limit looks like 5/300s, not {rate!r}.")
    hits, number, unit = match.groups()
    return int(hits), int(number or 1) * UNIT_SECONDS[unit]


@dataclass(frozen=True)
class RateLimit:
    """Whether a client is over a limit, the seconds until it is not, and what to tell it."""

    limited: bool
    retry_after: int = 0
    message: str = ""


NOT_LIMITED = RateLimit(limited=False)


class SlidingWindow:
    """One key's hits in the buckets covering the last period, as read from the cache (Throttle reads them)."""

    def __init__(self, key, rate, now):
        self.limit, period = parse_rate(rate)
        self.width = period / BUCKETS
        self.now = now
        current = int(now // self.width)
        self.buckets = range(current - BUCKETS, current + 1)
        self.keys = [f"ratelimit:{key}:{period}:{bucket}" for bucket in self.buckets]
        self.hits = [0] * len(self.keys)

    @property
    def full(self):
        return sum(self.hits) >= self.limit

    def retry_after(self):
        """Seconds until the buckets counted then hold fewer hits than the limit (the oldest leave first)."""
        left = sum(self.hits)
        for bucket, hits in zip(self.buckets, self.hits, strict=True):
            left -= hits
            if left < self.limit:
                return max(1, math.ceil((bucket + BUCKETS + 1) * self.width - self.now))
        return 1  # no hits counted at all

    def hit(self):
        """Count one hit in the current bucket; whether that is more than the limit allows."""
        key = self.keys[-1]
        try:
            self.hits[-1] = cache.incr(key)
        except ValueError:  # the bucket's first hit, or the cache is unreachable
            if cache.add(key, 1, math.ceil(self.width * (BUCKETS + 1)) + 1):
                self.hits[-1] = 1
            else:
                try:
                    self.hits[-1] = cache.incr(key)  # another process added it meanwhile
                except ValueError:
                    return False
        return sum(self.hits) > self.limit


class Throttle:
    """One client's submissions: valid ones under `rate`, invalid ones under the looser `invalid_rate` (None: not
    limited), so that typos on a shared network do not use up the limit of real submissions. `rate` None turns both
    off. `messages` are what to say when each limit is met: (valid, invalid)."""

    def __init__(self, key, rate, invalid_rate, messages):
        now = time.time()
        self.valid = SlidingWindow(f"{key}:valid", rate, now) if rate else None
        self.invalid = SlidingWindow(f"{key}:invalid", invalid_rate, now) if rate and invalid_rate else None
        self.messages = messages
        self.counted = set()
        windows = [window for window in (self.valid, self.invalid) if window is not None]
        if windows:  # one round trip for both
            values = cache.get_many([key for window in windows for key in window.keys])
            for window in windows:
                window.hits = [values.get(key, 0) for key in window.keys]

    def check(self):
        """Before a submission is checked: limited while either limit is met."""
        for window, message in zip((self.valid, self.invalid), self.messages, strict=True):
            if window is not None and window.full:
                return RateLimit(True, window.retry_after(), message)
        return NOT_LIMITED

    def count(self, valid):
        """Count a checked submission, once of each kind per request, under its limit; limited when it is a valid
        one too many (several may pass check() at the same moment)."""
        window = self.valid if valid else self.invalid
        if window is None or valid in self.counted:
            return NOT_LIMITED
        self.counted.add(valid)
        if window.hit() and valid:
            return RateLimit(True, window.retry_after(), self.messages[0])
        return NOT_LIMITED
