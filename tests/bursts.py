"""Bursts of attempts against a rate limit of 5/300s, for the tests that no span of the period takes more than the
limit (issue 16 item 8: clock-aligned windows let twice the limit through at a window's edge)."""

BURSTS = 14
PERIOD = 300


def burst_times():
    """Bursts of 30 attempts a second apart, each starting 23 s later in the 300 s period than the one before (593 s
    of quiet between them): wherever the edges of clock-aligned windows lie, some burst meets one after its fifth
    attempt."""
    for burst in range(BURSTS):
        for attempt in range(30):
            yield 1_800_000_000.0 + burst * 623 + attempt


def busiest_span(accepted):
    """The most attempts accepted in any span of the period."""
    return max(sum(1 for other in accepted if start <= other < start + PERIOD) for start in accepted)
