"""Two app server processes on different ports against one PostgreSQL and one Redis, as behind a load balancer:
the per-client rate limit and the public count are shared between them and exact."""

import pytest

from .conftest import in_parallel, new_petition_id, query_value, request, sign, status_counts

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

RATE = "5/300s"  # production's default PETITIONS_RATE_LIMIT
ALLOWED, PERIOD = 5, 300
CLIENTS = 8
ATTEMPTS_PER_CLIENT = 8


def client_ips(count):
    """Client addresses; each may sign exactly ALLOWED times in any PERIOD (a sliding window)."""
    return [f"203.0.113.{number}" for number in range(1, count + 1)]


def test_two_app_servers_share_rate_limits_and_keep_the_count_exact(
    app_database, redis_server, production_env, start_app_servers
):
    environment = production_env(app_database, redis_server.url, PETITIONS_RATE_LIMIT=RATE, TRUSTED_PROXY_COUNT="1")
    servers = start_app_servers(environment, count=2)
    petition_id = new_petition_id(app_database, requires_confirmation=False)
    clients = client_ips(CLIENTS)

    # Every client's attempts alternate between the two servers, all clients at once.
    attempts = [(ip, number) for ip in clients for number in range(ATTEMPTS_PER_CLIENT)]
    answers = in_parallel(
        [
            lambda ip=ip, number=number: sign(
                servers[number % 2].url, petition_id, f"c{ip[-3:]}n{number}@example.org", ip
            )
            for ip, number in attempts
        ]
    )

    by_client = {
        ip: status_counts([a for (client, _), a in zip(attempts, answers, strict=True) if client == ip])
        for ip in clients
    }
    assert all(counts == {201: ALLOWED, 429: ATTEMPTS_PER_CLIENT - ALLOWED} for counts in by_client.values()), by_client
    stored = query_value(
        app_database,
        "SELECT count(*) FROM petitions_signature WHERE petition_id = %s AND email LIKE 'c%%n%%@example.org'",
        (petition_id,),
    )
    confirmed = query_value(
        app_database,
        "SELECT count(*) FROM petitions_signature WHERE petition_id = %s AND status = 'confirmed'",
        (petition_id,),
    )
    shown = [
        request(server.url, "GET", f"/api/v2/petitions/{petition_id}/").json()["signature_count"] for server in servers
    ]
    assert stored == CLIENTS * ALLOWED
    assert shown == [confirmed, confirmed]
    print(
        f"\nscale-out: 2 app servers x 2 workers, {len(answers)} sign attempts from {CLIENTS} clients "
        f"({ATTEMPTS_PER_CLIENT} each, alternating servers): {status_counts(answers)}; "
        f"{stored} stored (= {CLIENTS} x {ALLOWED}); count shown by both servers {shown}, confirmed rows {confirmed}"
    )
