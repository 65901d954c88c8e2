"""Purging a petition's panels from the frontend cache when the petition changes (edited, translated, closed,
unpublished): every live page that shows it and their translations, found through Wagtail's reference index, and
the petition's own page and embed in every language, under the sites of those pages and WAGTAILADMIN_BASE_URL.
Signatures change only the count, which pages refresh from the API (issue 19), so they purge nothing."""

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, ReferenceIndex

from campaign_common.frontend_cache import is_configured, purge_after_commit, urls_in_every_language, with_translations

from .models import Petition, PetitionTranslation


def pages_showing(petition):
    """The live pages whose content chooses the petition, and their live translations."""
    pages = [source for source, _references in ReferenceIndex.get_grouped_references_to(petition)]
    return with_translations(page for page in pages if isinstance(page, Page))


def petition_urls(petition, pages):
    """The petition's own page and its embed, in every language, under each site of `pages` and the site's base
    URL (where the embed code that editors copy points)."""
    root_urls = {page.get_site().root_url for page in pages}
    if getattr(settings, "WAGTAILADMIN_BASE_URL", None):
        root_urls.add(settings.WAGTAILADMIN_BASE_URL)
    return [
        *urls_in_every_language(root_urls, "petitions:petition", petition.pk),
        *urls_in_every_language(root_urls, "petitions:embed", petition.pk),
    ]


def purge_petition(petition):
    if not is_configured():
        return
    pages = pages_showing(petition)
    purge_after_commit(pages=pages, urls=petition_urls(petition, pages))


@receiver(post_save, sender=Petition)
@receiver(post_delete, sender=Petition)
def petition_saved(sender, instance, **kwargs):
    purge_petition(instance)


@receiver(post_save, sender=PetitionTranslation)
@receiver(post_delete, sender=PetitionTranslation)
def translation_saved(sender, instance, **kwargs):
    purge_petition(instance.petition)
