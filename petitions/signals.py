"""Signals other apps subscribe to (the webhooks app among them)."""

from django.dispatch import Signal

# Sent once per milestone a petition's count reaches (petitions.milestones), after the transaction recording it
# commits, with `petition` (a Petition), `milestone` (its PetitionMilestone) and `count` (the confirmed count then).
milestone_reached = Signal()
