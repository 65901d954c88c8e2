"""The site's words in each of its languages, so that one journey can be walked in any of them.

The test process has the site's installed apps, so Django's gettext reads the same catalogues as the server: a
journey names things by their English source text, and sees them as the page's language shows them.
"""

import re

from django.conf import settings
from django.template.defaultfilters import floatformat
from django.utils import translation
from django.utils.html import strip_tags

from campaign_cms.demo import CAMPAIGN_SLUG, PETITION_TITLE
from campaign_cms.demo_texts import CAMPAIGN, PETITION

DEFAULT_LANGUAGE = settings.LANGUAGE_CODE
LANGUAGES = [code for code, _name in settings.LANGUAGES]


class Words:
    """What the site says in `language`."""

    def __init__(self, language=DEFAULT_LANGUAGE):
        self.language = language

    def __call__(self, message, **values):
        """`message`, a source text of the catalogues (with its %(name)s placeholders filled from `values`), as the
        site shows it: translated, and without the markup some messages carry."""
        with translation.override(self.language):
            text = translation.gettext(message)
        return strip_tags(text % values if values else text)

    def starting(self, message):
        """A pattern for text that begins as `message` does, up to its first placeholder or tag."""
        with translation.override(self.language):
            text = translation.gettext(message)
        return re.compile("^" + re.escape(re.split(r"%\(|<", text)[0]))

    def number(self, value):
        """`value` written as the site writes counts (the `floatformat:"g"` filter: grouped in this language)."""
        with translation.override(self.language):
            return floatformat(value, "g")

    def path(self, path):
        """`path`, from the site's root, under this language's prefix (none for the default language)."""
        return path if self.language == DEFAULT_LANGUAGE else f"/{self.language}{path}"

    @property
    def campaign_path(self):
        return self.path(f"/{CAMPAIGN_SLUG}/")

    @property
    def campaign_title(self):
        """The demo campaign page's title in this language."""
        return CAMPAIGN[self.language]["title"]

    @property
    def petition_title(self):
        """The demo petition's title in this language."""
        return PETITION_TITLE if self.language == DEFAULT_LANGUAGE else PETITION[self.language]["title"]
