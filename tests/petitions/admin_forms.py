"""What the petitions' tests post to the petition admin."""

from wagtail.test.utils.form_data import inline_formset


def petition_form(**fields):
    """The petition admin's create or edit form, for nested_form_data: a petition with no translations unless
    `translations` is given."""
    return {
        "translations": inline_formset([]),
        "title": "New one",
        "target": "The Mayor",
        "ask": "Please.",
        "goal": "500",
        "announce_milestones": "on",
        "is_published": "on",
        "requires_confirmation": "on",
        "postcode_field": "hidden",
        "country_field": "optional",
        "comment_field": "optional",
        "consent_text": "Keep me informed",
        "privacy_notice": "Notice",
        "thank_you_text": "Thanks",
        **fields,
    }
