"""Text that visitors type: what no form of the suite accepts, and how it says so."""

import re

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

# Unicode's non-characters: U+FDD0..U+FDEF, and U+FFFE and U+FFFF of every plane. No one types them, and exports
# cannot carry them.
NON_CHARACTERS = "\ufdd0-\ufdef" + "".join(
    chr(plane | 0xFFFE) + chr(plane | 0xFFFF) for plane in range(0, 0x110000, 0x10000)
)
# JSON can escape one ("\ud800"), but no encoding carries it: not to the database, not to reCAPTCHA.
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
UNPRINTABLE_MESSAGE = _("Please remove the control characters or other invalid characters from this text.")


def printable(lines=False):
    """A validator refusing C0 and C1 control characters (but tab and line breaks with `lines`) and non-characters.
    NUL is left to the ProhibitNullCharactersValidator every CharField has; lone surrogates, which only JSON can
    send, to the JSON endpoints (has_lone_surrogate)."""
    controls = "\x01-\x08\x0b\x0c\x0e-\x1f" if lines else "\x01-\x1f"
    return RegexValidator(f"[{controls}\x7f-\x9f{NON_CHARACTERS}]", UNPRINTABLE_MESSAGE, inverse_match=True)


def has_lone_surrogate(value):
    """Whether a value from a JSON body is text holding a lone surrogate, to be refused before any form reads it."""
    return isinstance(value, str) and LONE_SURROGATE.search(value) is not None
