"""What an editor or a moderator does, run in the live site's own environment by the Varnish tests, so that the
purges go out as they would from the admin: `python -m tests.varnish.actions <action> <arguments>`.

- `retitle <slug> <title>`: publish the page with a new title;
- `add-comment <slug> <body>`: a comment held for moderation on the page; prints its id;
- `moderate <comment id> <action>`: approve, reject, spam or remove it.
"""

import sys

import django


def page(slug):
    from wagtail.models import Locale

    from campaign_cms.models import CampaignPage

    return CampaignPage.objects.get(slug=slug, locale=Locale.get_default())


def retitle(slug, title):
    campaign = page(slug)
    campaign.title = title
    campaign.save_revision().publish()


def add_comment(slug, body):
    from comments.models import Comment

    comment = Comment.objects.create(page=page(slug), author_name="Visitor", body=body, status=Comment.Status.PENDING)
    print(comment.pk)


def moderate(comment_id, action):
    from comments.moderation import moderate

    moderate([int(comment_id)], action)


ACTIONS = {"retitle": retitle, "add-comment": add_comment, "moderate": moderate}

if __name__ == "__main__":
    django.setup()
    ACTIONS[sys.argv[1]](*sys.argv[2:])
