"""Issue 18 item 2: the Welsh and French catalogues that each app ships translate every string its sources mark, so a
new English string cannot slip through untranslated. A failure names the strings; `make messages` adds them to the
catalogues (README: Languages), and then someone translates them."""

import subprocess

import pytest
from babel.messages.pofile import read_po

from tests.extraction import DOMAINS, ROOT, messages

LANGUAGES = ("cy", "fr")
CATALOGUES = [(app, domain) for app, domains in DOMAINS.items() for domain in domains]


def shipped_path(app, domain, language):
    return ROOT / app / "locale" / language / "LC_MESSAGES" / f"{domain}.po"


def read_catalogue(path):
    with open(path, "rb") as po_file:
        return read_po(po_file)


def describe(context, msgid, plural=None):
    return repr(msgid) + (f" / plural {plural!r}" if plural else "") + (f" (context {context!r})" if context else "")


# Each catalogue's plural rule: gettext's for French, Django's own (since 1.x) for Welsh. Django reads every catalogue
# with its own rule, so ours need not follow Django's, which changes between releases (Django 6 gave French CLDR's
# three forms).
PLURAL_FORMS = {
    "cy": "nplurals=4; plural=(n==1) ? 0 : (n==2) ? 1 : (n != 8 && n != 11) ? 2 : 3;",
    "fr": "nplurals=2; plural=(n > 1);",
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("app", "domain"), CATALOGUES)
def test_the_catalogue_translates_every_string_of_the_source(extracted_catalogues, app, domain, language):
    path = shipped_path(app, domain, language)
    assert path.exists(), f"{path.relative_to(ROOT)} is missing: run `make messages` and translate it"
    shipped = read_catalogue(path)
    source = messages(extracted_catalogues(app)[domain])
    translated = messages(shipped)

    problems = []
    for (context, msgid), plural in source.items():
        if (context, msgid) not in translated:
            problems.append(f"missing: {describe(context, msgid, plural)}")
            continue
        message = shipped.get(msgid, context)
        if translated[context, msgid] != plural:
            problems.append(f"plural changed in the source: {describe(context, msgid, plural)}")
        elif message.fuzzy:
            problems.append(f"fuzzy: {describe(context, msgid)}")
        elif plural is not None and (len(message.string) != shipped.num_plurals or not all(message.string)):
            problems.append(f"a plural form untranslated: {describe(context, msgid)}")
        elif not message.string:
            problems.append(f"untranslated: {describe(context, msgid)}")
    problems += [f"no longer in the source: {describe(*key)}" for key in translated.keys() - source.keys()]
    problems += [f"obsolete (#~): {describe(context, msgid)}" for msgid, context in shipped.obsolete]
    assert not problems, f"{path.relative_to(ROOT)}: run `make messages`, then translate:\n" + "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("app", "domain"), CATALOGUES)
def test_the_catalogue_header_names_its_language_plurals_and_encoding(app, domain, language):
    path = shipped_path(app, domain, language)
    shipped = read_catalogue(path)
    header = path.read_text(encoding="utf-8")
    assert not shipped.fuzzy, f"{path.relative_to(ROOT)}: the header is marked fuzzy"
    assert f'"Language: {language}\\n"' in header
    assert '"Content-Type: text/plain; charset=UTF-8\\n"' in header
    assert shipped.plural_forms == PLURAL_FORMS[language]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("app", "domain"), CATALOGUES)
def test_the_catalogue_compiles_with_its_placeholders_intact(tmp_path, app, domain, language):
    """msgfmt --check: each translation keeps the %(name)s placeholders of its source, and the header is valid."""
    path = shipped_path(app, domain, language)
    result = subprocess.run(
        ["msgfmt", "--check", "-o", str(tmp_path / "compiled.mo"), str(path)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
