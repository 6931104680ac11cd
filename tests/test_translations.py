"""Our Vietnamese catalogue is complete, its placeholders match, and the compiled .mo is current."""

import gettext
import re
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parent.parent / "locale" / "vi" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_]*\}")


def parse_po(path):
    """(msgid, msgstr, flags) for every entry but the header."""
    entries, flags, current, field = [], set(), {}, None

    def finish():
        if current.get("msgid"):
            entries.append((current["msgid"], current.get("msgstr", ""), set(flags)))

    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            finish()
            flags, current, field = set(), {}, None
        elif line.startswith("#,"):
            flags.update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith(("msgid ", "msgstr ", "msgstr[0] ")):
            field, _, rest = line.partition(" ")
            field = "msgstr" if field.startswith("msgstr") else field
            current[field] = rest.strip()[1:-1]
        elif line.startswith('"') and field:
            current[field] += line[1:-1]
    return [(_unescape(i), _unescape(s), f) for i, s, f in entries]


def _unescape(text):
    return text.replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")


ENTRIES = parse_po(LOCALE / "django.po")


def test_catalogue_has_entries():
    assert len(ENTRIES) > 100


@pytest.mark.parametrize(("msgid", "msgstr", "flags"), ENTRIES, ids=[e[0][:40] for e in ENTRIES])
def test_every_entry_is_translated_with_the_same_placeholders(msgid, msgstr, flags):
    assert "fuzzy" not in flags
    assert msgstr, f"untranslated: {msgid!r}"
    assert sorted(PLACEHOLDER.findall(msgid)) == sorted(PLACEHOLDER.findall(msgstr))


def test_compiled_catalogue_is_current():
    with open(LOCALE / "django.mo", "rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    stale = [msgid for msgid, msgstr, _flags in ENTRIES if compiled.gettext(msgid) != msgstr]
    assert not stale, f"django.mo is older than django.po for: {stale[:5]} (run `make messages`)"
