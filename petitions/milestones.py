"""Milestones: the counts a petition announces to its editors when its confirmed count first reaches them.

A petition's milestones are 25%, 50%, 75% and 100% of its goal (rounded up), then every round number above the goal:
the steps 1, 2 and 5 times a power of ten (goal 1,000: 2,000, 5,000, 10,000, 20,000, ...). Only milestones above the
highest one reached are announced, so that a raised or changed goal does not announce counts passed already.

Each is reached once: after a change to the count commits, `check_milestones` reads the exact total (the sum of the
committed shards, which a transaction of its own cannot see whole) and records every milestone reached in a
PetitionMilestone, unique per petition and threshold; of concurrent checks, only the one whose row is stored
announces it. A milestone stays reached when signatures are rejected afterwards.

Announcing one sends `signals.milestone_recorded` in its transaction and `signals.milestone_reached` after its
commit, and e-mails the petition's editors (the task
send_milestone_email). With `raise_goal_when_reached`, reaching 100% also raises the goal to the next round number
above the count, in the same transaction; the raise is part of that milestone's announcement, not a milestone of its
own.
"""

import math
from functools import partial

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.db.models.functions import Coalesce

from .models import Petition, PetitionCounter, PetitionMilestone
from .signals import milestone_reached, milestone_recorded
from .tasks import send_milestone_email

GOAL_PERCENTAGES = (25, 50, 75, 100)
ROUND_STEPS = (1, 2, 5)


def next_round_number(value):
    """The smallest of 1, 2, 5, 10, 20, 50, 100, ... that is greater than `value`."""
    magnitude = 1
    while True:
        for step in ROUND_STEPS:
            if step * magnitude > value:
                return step * magnitude
        magnitude *= 10


def thresholds_reached(goal, count):
    """The milestones of a petition with this goal that a count of `count` has reached, smallest first."""
    thresholds = {math.ceil(goal * percent / 100) for percent in GOAL_PERCENTAGES}
    above = next_round_number(goal)
    while above <= count:
        thresholds.add(above)
        above = next_round_number(above)
    return sorted(threshold for threshold in thresholds if threshold <= count)


def check_after_commit(petition_id):
    """Check the petition's milestones once the current transaction commits (at once outside one)."""
    transaction.on_commit(partial(check_milestones, petition_id))


def check_milestones(petition_id):
    """Record and announce each milestone the petition's committed count has reached for the first time; returns the
    PetitionMilestones this call recorded."""
    petition = (
        Petition.objects.filter(pk=petition_id, announce_milestones=True)
        .annotate(highest_reached=Coalesce(Max("milestones__threshold"), 0))
        .first()
    )
    if petition is None:
        return []
    count = PetitionCounter.objects.totals([petition_id])[petition_id]
    recorded = []
    for threshold in thresholds_reached(petition.goal, count):
        if threshold > petition.highest_reached and (milestone := _record(petition, threshold, count)):
            recorded.append(milestone)
    return recorded


def _record(petition, threshold, count):
    """Store the milestone and announce it, or return None when a concurrent check stored it first."""
    try:
        with transaction.atomic():
            milestone = PetitionMilestone.objects.create(petition=petition, threshold=threshold, count_at=count)
            new_goal = _raise_goal(petition, threshold, count)
            # With a database task backend the e-mail is stored in this transaction: both or neither.
            send_milestone_email.enqueue(milestone_id=milestone.pk, new_goal=new_goal)
            milestone_recorded.send(
                sender=Petition, petition=petition, milestone=milestone, count=count, new_goal=new_goal
            )
            transaction.on_commit(
                partial(milestone_reached.send, sender=Petition, petition=petition, milestone=milestone, count=count)
            )
    except IntegrityError:
        return None
    return milestone


def _raise_goal(petition, threshold, count):
    """The goal raised to the next round number above `count` when `threshold` is the goal and the petition asks
    for that; else None."""
    if not petition.raise_goal_when_reached or threshold != petition.goal:
        return None
    petition.goal = next_round_number(max(petition.goal, count))
    petition.save(update_fields=["goal"])
    return petition.goal
