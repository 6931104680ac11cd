"""Our Vietnamese catalogues are complete, placeholders match, and the compiled .mo files are current.

Each app carries its own catalogue (``<app>/locale``); ``locale/`` holds the project templates'.
"""

import gettext
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(path for path in ROOT.glob("**/locale/vi/LC_MESSAGES/django.po") if ".venv" not in path.parts)
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_]*\}")


def parse_po(path):
    """(msgid, msgstr, flags) for every entry but the header.

    Plural entries give their singular msgid and msgstr[0] (Vietnamese has one form); entries
    with a context give "context\x04msgid", the key the compiled catalogue uses.
    """
    entries, flags, current, field = [], set(), {}, None

    def finish():
        if current.get("msgid"):
            key = current["msgid"] if "msgctxt" not in current else f"{current['msgctxt']}\x04{current['msgid']}"
            entries.append((key, current.get("msgstr", ""), set(flags), current.get("msgid_plural")))

    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            finish()
            flags, current, field = set(), {}, None
        elif line.startswith("#,"):
            flags.update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith(("msgctxt ", "msgid ", "msgid_plural ", "msgstr ", "msgstr[")):
            name, _, rest = line.partition(" ")
            if name.startswith("msgstr[") and name != "msgstr[0]":
                field = None  # other plural forms: Vietnamese has only one
                continue
            field = "msgstr" if name.startswith("msgstr") else name
            current[field] = rest.strip()[1:-1]
        elif line.startswith('"') and field:
            current[field] += line[1:-1]
    return [(_unescape(i), _unescape(s), f, _unescape(p) if p else None) for i, s, f, p in entries]


def _unescape(text):
    return text.replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")


ENTRIES = [(path.relative_to(ROOT).parts[0], *entry) for path in CATALOGUES for entry in parse_po(path)]


def test_every_app_with_strings_has_a_catalogue():
    apps = {path.relative_to(ROOT).parts[0] for path in CATALOGUES}
    assert {"core", "home", "news", "editorial", "demo", "locale"} <= apps


@pytest.mark.parametrize(
    ("catalogue", "msgid", "msgstr", "flags", "plural"), ENTRIES, ids=[f"{e[0]}:{e[1][:40]}" for e in ENTRIES]
)
def test_every_entry_is_translated_with_the_same_placeholders(catalogue, msgid, msgstr, flags, plural):
    assert "fuzzy" not in flags
    assert msgstr, f"untranslated in {catalogue}: {msgid!r}"
    # The one Vietnamese form serves every count, so it follows the plural source's placeholders.
    source = plural or msgid
    assert sorted(set(PLACEHOLDER.findall(source))) == sorted(set(PLACEHOLDER.findall(msgstr)))


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_compiled_catalogue_is_current(path):
    with open(path.with_suffix(".mo"), "rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    stale = [
        msgid
        for msgid, msgstr, _flags, plural in parse_po(path)
        if (compiled.ngettext(msgid, plural, 1) if plural else compiled.gettext(msgid)) != msgstr
    ]
    assert not stale, f"{path.name} is newer than its .mo for: {stale[:5]} (run `make messages`)"
