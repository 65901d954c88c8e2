"""Milestones: each is announced once (signal and e-mail to the editors), in the report, and raising the goal."""

import threading

import pytest
from django.core import mail
from django.db import connection
from wagtail.users.models import UserProfile

from petitions.milestones import next_round_number, thresholds_reached
from petitions.models import Petition, PetitionMilestone, Signature, SignatureStatus
from petitions.signals import milestone_reached
from petitions.signing import confirm_signature, reject_signature

from .conftest import user_with_permissions


@pytest.fixture
def announced():
    """The (threshold, count) of every milestone_reached signal sent while the test runs."""
    sent = []

    def receive(sender, petition, milestone, count, **kwargs):
        sent.append((milestone.threshold, count))

    milestone_reached.connect(receive)
    yield sent
    milestone_reached.disconnect(receive)


@pytest.fixture
def petition_editor(django_user_model):
    return user_with_permissions(django_user_model, "chief", "change_petition")


def add_pending(petition, number, start=0):
    return [
        Signature.objects.create(
            petition=petition, name=f"Signer {index}", email=f"s{index}@example.org", normalised_email=f"s{index}"
        )
        for index in range(start, start + number)
    ]


def confirm_all(signatures, capture):
    for signature in signatures:
        with capture(execute=True):
            confirm_signature(signature)


def test_the_milestones_are_quarters_of_the_goal_then_round_numbers():
    assert thresholds_reached(1000, 2500) == [250, 500, 750, 1000, 2000]
    assert thresholds_reached(300, 1000) == [75, 150, 225, 300, 500, 1000]
    assert thresholds_reached(2, 1) == [1]
    assert [next_round_number(value) for value in (0, 1, 2, 9, 10, 499, 500)] == [1, 2, 5, 10, 20, 500, 1000]


def test_crossing_a_milestone_announces_it_once(
    make_petition, petition_editor, announced, outbox, django_capture_on_commit_callbacks
):
    petition = make_petition(goal=8)

    confirm_all(add_pending(petition, 3), django_capture_on_commit_callbacks)

    assert announced == [(2, 2)]
    assert [message.to for message in outbox] == [[petition_editor.email]]
    assert "2" in outbox[0].subject and petition.title in outbox[0].subject
    assert list(petition.milestones.values_list("threshold", "count_at")) == [(2, 2)]


def test_one_jump_over_two_milestones_records_both(make_petition, announced, django_capture_on_commit_callbacks):
    petition = make_petition(goal=8)
    signatures = add_pending(petition, 4)
    # Three confirmations commit before any check runs (their checks are dropped), as when they come at once.
    with django_capture_on_commit_callbacks(execute=False):
        for signature in signatures[:3]:
            confirm_signature(signature)
    confirm_all(signatures[3:], django_capture_on_commit_callbacks)

    assert announced == [(2, 4), (4, 4)]
    assert list(petition.milestones.values_list("threshold", flat=True)) == [2, 4]


def test_rejecting_below_a_milestone_does_not_announce_it_again(
    make_petition, announced, django_capture_on_commit_callbacks
):
    petition = make_petition(goal=4)
    signatures = add_pending(petition, 2)
    confirm_all(signatures, django_capture_on_commit_callbacks)

    reject_signature(signatures[1].pk)
    confirm_all(add_pending(petition, 1, start=2), django_capture_on_commit_callbacks)

    assert announced == [(1, 1), (2, 2)]
    assert PetitionMilestone.objects.filter(petition=petition, threshold=2).count() == 1


def test_a_petition_that_does_not_announce_records_nothing(
    make_petition, announced, outbox, django_capture_on_commit_callbacks
):
    petition = make_petition(goal=4, announce_milestones=False)

    confirm_all(add_pending(petition, 4), django_capture_on_commit_callbacks)

    assert announced == [] and outbox == [] and not petition.milestones.exists()


def test_reaching_the_goal_raises_it_to_the_next_round_number(
    make_petition, petition_editor, outbox, django_capture_on_commit_callbacks
):
    petition = make_petition(goal=4, raise_goal_when_reached=True)

    confirm_all(add_pending(petition, 4), django_capture_on_commit_callbacks)

    petition.refresh_from_db()
    assert petition.goal == 5
    assert petition.progress_percent < 100
    assert "5" in outbox[-1].body
    # The raised goal's milestones follow: 5 is its 100%.
    confirm_all(add_pending(petition, 1, start=4), django_capture_on_commit_callbacks)
    petition.refresh_from_db()
    assert petition.goal == 10
    assert list(petition.milestones.values_list("threshold", flat=True)) == [1, 2, 3, 4, 5]


def test_the_goal_stays_without_the_option(make_petition, django_capture_on_commit_callbacks):
    petition = make_petition(goal=2)

    confirm_all(add_pending(petition, 2), django_capture_on_commit_callbacks)

    petition.refresh_from_db()
    assert petition.goal == 2


def test_only_active_editors_with_an_address_hear_of_it(
    make_petition, django_user_model, petition_editor, outbox, django_capture_on_commit_callbacks
):
    user_with_permissions(django_user_model, "viewer", "view_petition")
    inactive = user_with_permissions(django_user_model, "gone", "change_petition")
    inactive.is_active = False
    inactive.save()
    no_address = user_with_permissions(django_user_model, "anonymous", "change_petition")
    no_address.email = ""
    no_address.save()
    petition = make_petition(goal=4)

    confirm_all(add_pending(petition, 1), django_capture_on_commit_callbacks)

    assert [message.to for message in outbox] == [[petition_editor.email]]


def test_the_report_lists_the_milestones_reached(client, make_petition, editor, django_capture_on_commit_callbacks):
    petition = make_petition(goal=4)
    confirm_all(add_pending(petition, 2), django_capture_on_commit_callbacks)
    client.force_login(editor)

    response = client.get(f"/admin/petitions/petition/inspect/{petition.pk}/")

    milestones = response.content.decode().split("petition-milestones", 1)[1].split("</table>", 1)[0]
    assert "<td>1</td>" in milestones and "<td>2</td>" in milestones


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_confirmations_across_milestones_announce_each_once(petition_editor, announced):
    threads_count = 20
    petition = Petition.objects.create(title="Race", target="Someone", ask="Please", goal=20)
    signatures = add_pending(petition, threads_count)
    mail.outbox.clear()
    barrier = threading.Barrier(threads_count)

    def confirm(signature):
        try:
            barrier.wait()
            confirm_signature(signature)
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm, args=(signature,)) for signature in signatures]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert Signature.objects.filter(status=SignatureStatus.CONFIRMED).count() == threads_count
    assert sorted(threshold for threshold, _count in announced) == [5, 10, 15, 20]
    assert list(petition.milestones.values_list("threshold", flat=True)) == [5, 10, 15, 20]
    assert sorted(message.subject for message in mail.outbox) == sorted(
        f"Milestone reached: {threshold} signatures for Race" for threshold in (5, 10, 15, 20)
    )


def test_each_editor_hears_of_it_in_their_admin_language(
    make_petition, petition_editor, outbox, django_capture_on_commit_callbacks
):
    profile = UserProfile.get_for_user(petition_editor)
    profile.preferred_language = "fr"
    profile.save()
    petition = make_petition(goal=4)

    confirm_all(add_pending(petition, 1), django_capture_on_commit_callbacks)

    (message,) = outbox
    assert message.subject == f"Palier atteint\xa0: 1 signature pour {petition.title}"
    assert message.extra_headers["Content-Language"] == "fr"
