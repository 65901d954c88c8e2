"""Signals other apps subscribe to (the webhooks app among them).

Signals marked "inside the transaction" are sent while the change is being written, in its transaction: a receiver's
own writes commit with the change or roll back with it, and a receiver must not do slow work or talk to other
systems (enqueue a task for that). Each is sent once per change: repeating a change that is done already (confirming
a confirmed signature) sends nothing.
"""

from django.dispatch import Signal

# Sent once per milestone a petition's count reaches (petitions.milestones), after the transaction recording it
# commits, with `petition` (a Petition), `milestone` (its PetitionMilestone) and `count` (the confirmed count then).
milestone_reached = Signal()

# Inside the transaction that records a milestone (before milestone_reached), with `petition`, `milestone`, `count`
# and `new_goal` (the goal it was raised to on reaching it, or None).
milestone_recorded = Signal()

# Inside the transaction that confirms a signature (by its link, or at once when the petition needs no confirmation),
# with `signature` (the Signature, confirmed).
signature_confirmed = Signal()

# Inside the transaction that rejects a signature in the admin, with `signature` (the Signature, rejected).
signature_rejected = Signal()

# Inside the transaction that erases signers' personal data (petitions.privacy), once per erasure, with `signatures`:
# a list of (signature id, petition id) pairs of the signatures it erased; none that was erased already.
signatures_erased = Signal()
