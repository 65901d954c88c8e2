"""Concurrent requests spread over two app server processes (gunicorn, 4 workers each) on one PostgreSQL.

tests/petitions/test_concurrency.py and tests/comments/test_postgres.py race threads inside one process; these
race whole processes, as a load balancer does, through the real HTTP stack.
"""

import pytest

from comments.models import path_segment

from .conftest import (
    database_copy,
    in_parallel,
    new_petition_id,
    production_environment,
    query,
    query_value,
    request,
    running_app_servers,
    sign,
    simultaneously,
    status_counts,
)

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

WORKERS = 4


@pytest.fixture(scope="module")
def shared_site(postgres_cluster, site_folders, tmp_path_factory):
    """One database and two app servers for the whole module (each test uses signers and comments of its own)."""
    with database_copy(postgres_cluster) as database_url:
        environment = production_environment(database_url, **site_folders)
        with running_app_servers(environment, tmp_path_factory.mktemp("servers"), count=2, workers=WORKERS) as servers:
            yield database_url, servers


@pytest.fixture
def app_database(shared_site):
    return shared_site[0]


@pytest.fixture
def two_servers(shared_site):
    return shared_site[1]


def signatures_by(database_url, petition_id, pattern):
    return query_value(
        database_url,
        "SELECT count(*) FROM petitions_signature WHERE petition_id = %s AND email LIKE %s",
        (petition_id, pattern),
    )


def test_fifty_simultaneous_identical_signatures_store_one_row_and_answer_alike(app_database, two_servers):
    petition_id = new_petition_id(app_database, requires_confirmation=True)
    calls = [
        lambda number=number: sign(two_servers[number % 2].url, petition_id, "Same.Person+race@example.org")
        for number in range(50)
    ]

    answers = simultaneously(calls)

    assert {(answer.status, answer.body) for answer in answers} == {(answers[0].status, answers[0].body)}
    assert answers[0].status == 202
    assert (
        query_value(
            app_database,
            "SELECT count(*) FROM petitions_signature WHERE normalised_email = %s",
            ("same.person@example.org",),
        )
        == 1
    )
    print(f"\nidentical signatures: 50 at once over 2 servers: {status_counts(answers)}, 1 distinct body, 1 row")


def test_two_hundred_simultaneous_distinct_signatures_leave_the_count_exact(app_database, two_servers):
    petition_id = new_petition_id(app_database, requires_confirmation=False)
    confirmed_before = query_value(
        app_database,
        "SELECT count(*) FROM petitions_signature WHERE petition_id = %s AND status = 'confirmed'",
        (petition_id,),
    )
    calls = [
        lambda number=number: sign(two_servers[number % 2].url, petition_id, f"distinct{number}@example.org")
        for number in range(200)
    ]

    answers = in_parallel(calls, threads=50)

    counter_total = query_value(
        app_database,
        "SELECT coalesce(sum(count), 0) FROM petitions_petitioncounter WHERE petition_id = %s",
        (petition_id,),
    )
    shown = request(two_servers[0].url, "GET", f"/api/v2/petitions/{petition_id}/").json()["signature_count"]
    assert status_counts(answers) == {201: 200}
    assert signatures_by(app_database, petition_id, "distinct%") == 200
    assert counter_total == shown == confirmed_before + 200
    print(
        f"\ndistinct signatures: 200 over 2 servers, 50 at a time: {status_counts(answers)}; "
        f"count {confirmed_before} -> {shown} (+200), counter shards sum {counter_total}"
    )


def test_concurrent_replies_in_one_thread_keep_the_tree_valid(app_database, two_servers):
    thread_id, page_id = query(
        app_database,
        "SELECT thread_id, page_id FROM comments_comment WHERE status = 'approved' "
        "GROUP BY thread_id, page_id ORDER BY count(*) DESC LIMIT 1",
    )[0]
    targets = [
        row[0]
        for row in query(
            app_database,
            "SELECT id FROM comments_comment WHERE thread_id = %s AND status = 'approved' AND depth < 5",
            (thread_id,),
        )
    ]
    before = query_value(app_database, "SELECT count(*) FROM comments_comment WHERE thread_id = %s", (thread_id,))

    def reply(number):
        body = {
            "page_id": page_id,
            "parent": targets[number % len(targets)],
            "name": f"Writer {number}",
            "email": f"writer{number}@example.org",
            "body": f"Reply {number}",
        }
        return request(two_servers[number % 2].url, "POST", "/api/v2/comments/", body)

    answers = in_parallel([lambda number=number: reply(number) for number in range(100)], threads=20)

    rows = query(
        app_database, "SELECT id, parent_id, path, depth FROM comments_comment WHERE thread_id = %s", (thread_id,)
    )
    comments = {pk: (parent_id, path, depth) for pk, parent_id, path, depth in rows}
    for pk, (parent_id, path, depth) in comments.items():
        parent_path, parent_depth = (comments[parent_id][1], comments[parent_id][2]) if parent_id else ("", 0)
        assert path == parent_path + path_segment(pk)
        assert depth == parent_depth + 1
    assert {answer.status for answer in answers} <= {201, 202}
    assert len(comments) == before + 100
    assert len({path for _parent, path, _depth in comments.values()}) == len(comments)
    print(
        f"\nconcurrent replies: 100 over 2 servers into one thread of {before} ({len(targets)} reply targets): "
        f"{status_counts(answers)}; {len(comments)} comments, every path and depth consistent, paths unique"
    )
