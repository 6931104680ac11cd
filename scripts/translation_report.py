"""Extract our strings, compile every catalogue and report how much of the admin is Vietnamese.

Run by ``make translations``. For each Wagtail and Django catalogue the admin shows, it counts the
English msgids (from the package's ``en`` catalogue), how many the package's own Vietnamese
catalogue translates ("before"), and which layer translates each one now ("after"): our overrides in
``translations/`` (a LOCALE_PATHS entry), the project's ``locale/`` or one of our apps' catalogues
(these win over Wagtail's where a msgid is shared), or the package's own catalogue. It then lists
our apps' catalogues.

Standard library only (the tests import the parser and the catalogue list from here).

    python scripts/translation_report.py               # makemessages + compilemessages, then the report
    python scripts/translation_report.py --no-extract  # the report only
"""

import argparse
import gettext
import importlib.util
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OVERRIDES = ROOT / "translations" / "vi" / "LC_MESSAGES"
LANGUAGE = "vi"

# (label, package, domain): every catalogue of Wagtail and Django that the admin can show.
# wagtail.contrib.routable_page has no strings of its own; simple_translation and styleguide
# are not installed.
CATALOGUES = [
    ("wagtail", "wagtail", "django"),
    ("wagtail.admin", "wagtail.admin", "django"),
    ("wagtail.admin (JavaScript)", "wagtail.admin", "djangojs"),
    ("wagtail.images", "wagtail.images", "django"),
    ("wagtail.documents", "wagtail.documents", "django"),
    ("wagtail.snippets", "wagtail.snippets", "django"),
    ("wagtail.users", "wagtail.users", "django"),
    ("wagtail.contrib.search_promotions", "wagtail.contrib.search_promotions", "django"),
    ("wagtail.contrib.settings", "wagtail.contrib.settings", "django"),
    ("wagtail.contrib.forms", "wagtail.contrib.forms", "django"),
    ("wagtail.contrib.redirects", "wagtail.contrib.redirects", "django"),
    ("wagtail.contrib.table_block", "wagtail.contrib.table_block", "django"),
    ("wagtail.contrib.typed_table_block", "wagtail.contrib.typed_table_block", "django"),
    ("wagtail.embeds", "wagtail.embeds", "django"),
    ("wagtail.search", "wagtail.search", "django"),
    ("wagtail.sites", "wagtail.sites", "django"),
    ("wagtail.locales", "wagtail.locales", "django"),
    ("django (forms, dates, time since)", "django.conf", "django"),
    ("django.contrib.auth", "django.contrib.auth", "django"),
    ("django.contrib.contenttypes", "django.contrib.contenttypes", "django"),
    ("django.contrib.humanize", "django.contrib.humanize", "django"),
    ("django.contrib.sessions", "django.contrib.sessions", "django"),
    ("taggit (tag fields)", "taggit", "django"),
    ("django_filters (listing filters)", "django_filters", "django"),
]

# Shared msgids whose meaning in our apps differs from Wagtail's: our apps' wording wins on
# purpose (public pages and tests rely on it), so translations/ does not carry them.
LEFT_TO_OUR_APPS = {"Field", "Fields", "Import", "Number", "Summary"}

PLACEHOLDER = re.compile(r"%\([^)]+\)[sdrfi]|%\.?\d*[sdrf]|\{[a-z_0-9]*\}")
TAG = re.compile(r"</?[a-zA-Z][^>]*>")


@dataclass
class Entry:
    msgid: str
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)

    @property
    def key(self):
        """The key gettext's compiled catalogue uses for this entry (first plural form)."""
        base = f"{self.msgctxt}\x04{self.msgid}" if self.msgctxt is not None else self.msgid
        return (base, 0) if self.msgid_plural is not None else base

    @property
    def translated(self):
        return bool(self.msgstr and all(self.msgstr)) and "fuzzy" not in self.flags


def _unquote(text):
    text = text.strip()
    if not (text.startswith('"') and text.endswith('"')):
        raise ValueError(f"not a quoted string: {text!r}")
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}
    return re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), "\\" + m.group(1)), text[1:-1])


def parse_po(path):
    """Every entry of a .po file but the header and obsolete ones, as ``Entry`` objects."""
    entries, current, target, flags = [], None, None, set()

    def finish():
        nonlocal current, target, flags
        if current is not None and current.msgid:
            current.flags = flags
            entries.append(current)
        current, target, flags = None, None, set()

    for line in Path(path).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line:
            finish()
        elif line.startswith("#~"):
            continue
        elif line.startswith("#,"):
            flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith("msgctxt "):
            if current is not None and (current.msgid or current.msgstr):
                finish()
            current = current or Entry(msgid="")
            current.msgctxt, target = _unquote(line[8:]), "msgctxt"
        elif line.startswith("msgid_plural "):
            current.msgid_plural, target = _unquote(line[13:]), "msgid_plural"
        elif line.startswith("msgid "):
            if current is not None and current.msgstr:
                finish()
            current = current or Entry(msgid="")
            current.msgid, target = _unquote(line[6:]), "msgid"
        elif line.startswith("msgstr"):
            head, _, rest = line.partition(" ")
            index = int(head[7:-1]) if head.startswith("msgstr[") else 0
            while len(current.msgstr) <= index:
                current.msgstr.append("")
            current.msgstr[index], target = _unquote(rest), ("msgstr", index)
        elif line.startswith('"') and current is not None:
            text = _unquote(line)
            if isinstance(target, tuple):
                current.msgstr[target[1]] += text
            else:
                setattr(current, target, getattr(current, target) + text)
    finish()
    return entries


def placeholders(text):
    return sorted(PLACEHOLDER.findall(text))


def placeholders_match(entry, translation):
    """The translation keeps the placeholders of the msgid (or, for a plural, of either form)."""
    found = placeholders(translation)
    if entry.msgid_plural is None:
        return found == placeholders(entry.msgid)
    # One Vietnamese form serves every count: it follows the plural form, or the singular one.
    return found in (placeholders(entry.msgid_plural), placeholders(entry.msgid))


def tags_match(entry, translation):
    found = sorted(TAG.findall(translation))
    sources = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])
    return any(found == sorted(TAG.findall(source)) for source in sources)


def package_dir(package):
    spec = importlib.util.find_spec(package)
    return Path(next(iter(spec.submodule_search_locations)))


def catalogue_paths(package, domain, language):
    """The .po and .mo of one language of a package ("django.conf" is Django's own base)."""
    base = package_dir(package) / "locale" / language / "LC_MESSAGES" / domain
    return base.with_suffix(".po"), base.with_suffix(".mo")


def source_po(package, domain):
    """The package's English catalogue, or, where it ships none (django_filters), any other:
    the msgids are the English source strings whatever the language."""
    english = catalogue_paths(package, domain, "en")[0]
    if english.exists():
        return english
    return sorted((package_dir(package) / "locale").glob(f"*/LC_MESSAGES/{domain}.po"))[0]


def load_mo(path):
    try:
        with open(path, "rb") as mo:
            return gettext.GNUTranslations(mo)._catalog
    except FileNotFoundError:
        return {}


def layers(domain):
    """(name, compiled catalogue) from the highest precedence down, as Django merges them.

    The django domain: LOCALE_PATHS in order, then the installed apps in order, then Django's
    own. The djangojs domain as /admin/jsi18n/ serves it: LOCALE_PATHS, then wagtail.admin's.
    """
    from django.apps import apps
    from django.conf import settings

    found = []
    for path in settings.LOCALE_PATHS:
        name = f"{Path(path).relative_to(ROOT)}/" if Path(path).is_relative_to(ROOT) else str(path)
        found.append((name, load_mo(Path(path) / LANGUAGE / "LC_MESSAGES" / f"{domain}.mo")))
    if domain == "djangojs":
        found.append(("wagtail.admin", load_mo(catalogue_paths("wagtail.admin", domain, LANGUAGE)[1])))
        return found
    for app in apps.get_app_configs():
        found.append((app.name, load_mo(Path(app.path) / "locale" / LANGUAGE / "LC_MESSAGES" / "django.mo")))
    found.append(("django.conf", load_mo(catalogue_paths("django.conf", "django", LANGUAGE)[1])))
    return found


def source_of(key, stack):
    """(layer name, translation) of the first layer translating ``key``, or (None, None)."""
    for name, catalogue in stack:
        value = catalogue.get(key)
        if value:
            return name, value
    return None, None


def our_app_names():
    from django.apps import apps

    return {app.name for app in apps.get_app_configs() if Path(app.path).parent == ROOT}


@dataclass
class Coverage:
    label: str
    total: int
    before: int
    ours: int
    project: int
    upstream: int
    missing: list
    shared: list

    @property
    def after(self):
        return self.total - len(self.missing)


def coverage(label, package, domain):
    en_po = source_po(package, domain)
    _, vi_mo = catalogue_paths(package, domain, LANGUAGE)
    own = load_mo(vi_mo)
    stack = layers(domain)
    ours_name = f"{OVERRIDES.parent.parent.relative_to(ROOT)}/"
    project_names = our_app_names() | {name for name, _ in stack if name.endswith("/") and name != ours_name}
    counts = {"ours": 0, "project": 0, "upstream": 0}
    before, missing, shared, entries = 0, [], [], parse_po(en_po)
    for entry in entries:
        before += bool(own.get(entry.key))
        name, value = source_of(entry.key, stack)
        if name is None:
            missing.append(entry.msgid)
        elif name == ours_name:
            counts["ours"] += 1
        elif name in project_names:
            counts["project"] += 1
            shared.append((entry.msgid, name, value))
        else:
            counts["upstream"] += 1
    return Coverage(label, len(entries), before, missing=missing, shared=shared, **counts)


def percent(part, whole):
    return f"{100 * part / whole:5.1f}%" if whole else "    –"


def report(out=sys.stdout):
    write = out.write
    write("Wagtail and Django catalogues shown by the admin (Vietnamese)\n\n")
    header = (
        f"{'catalogue':<36} {'msgids':>6} | {'before':>6} {'%':>6} | "
        f"{'ours':>5} {'apps':>5} {'wagtail/django':>14} {'missing':>7} {'%':>6}\n"
    )
    write(header)
    write("-" * (len(header) - 1) + "\n")
    totals = [0] * 6
    shortfalls, shared = [], {}
    for label, package, domain in CATALOGUES:
        row = coverage(label, package, domain)
        write(
            f"{row.label:<36} {row.total:>6} | {row.before:>6} {percent(row.before, row.total)} | "
            f"{row.ours:>5} {row.project:>5} {row.upstream:>14} {len(row.missing):>7} {percent(row.after, row.total)}\n"
        )
        for index, value in enumerate([row.total, row.before, row.ours, row.project, row.upstream, len(row.missing)]):
            totals[index] += value
        shortfalls += [(row.label, msgid) for msgid in row.missing]
        for msgid, name, value in row.shared:
            shared.setdefault((msgid, name, value), []).append(row.label)
    total, before, ours, project, upstream, missing = totals
    write("-" * (len(header) - 1) + "\n")
    write(
        f"{'total (per catalogue)':<36} {total:>6} | {before:>6} {percent(before, total)} | "
        f"{ours:>5} {project:>5} {upstream:>14} {missing:>7} {percent(total - missing, total)}\n\n"
    )
    write(
        "before: the package's own Vietnamese catalogue alone. After, by who translates each msgid: "
        "ours = translations/, apps = the project's locale/ or one of our apps (they win over Wagtail's "
        "where a msgid is shared), wagtail/django = the package's own catalogue.\n"
    )
    if shared:
        write("\nShared msgids worded by the project's locale/ or our apps, not by translations/:\n")
        for (msgid, name, value), labels in sorted(shared.items()):
            write(f"  {msgid!r} -> {value!r} ({name}; {', '.join(labels)})\n")
    if shortfalls:
        write("\nUntranslated:\n")
        for label, msgid in shortfalls:
            write(f"  {label}: {msgid!r}\n")

    write("\nOur own catalogues\n\n")
    write(f"{'catalogue':<36} {'msgids':>6} {'translated':>10} {'missing':>7} {'%':>6}\n")
    for po in sorted(ROOT.glob("*/locale/vi/LC_MESSAGES/*.po")) + sorted(ROOT.glob("locale/vi/LC_MESSAGES/*.po")):
        entries = parse_po(po)
        compiled = load_mo(po.with_suffix(".mo"))
        done = sum(1 for entry in entries if entry.translated and compiled.get(entry.key))
        name = f"{po.relative_to(ROOT).parts[0]}/{po.name}"
        write(f"{name:<36} {len(entries):>6} {done:>10} {len(entries) - done:>7} {percent(done, len(entries))}\n")
    return missing


def extract():
    """What `make messages` does: our strings into each app's locale/ and the project's, compiled."""
    from django.core.management import call_command

    call_command(
        "makemessages",
        locale=[LANGUAGE],
        ignore_patterns=[".venv/*", "staticfiles/*", "tests/*"],
        no_obsolete=True,
        verbosity=0,
    )
    call_command("compilemessages", locale=[LANGUAGE], ignore_patterns=[".venv/*"], verbosity=0)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-extract", action="store_true", help="only report; do not run makemessages")
    args = parser.parse_args(argv)
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    import django

    django.setup()
    from django.core.management.base import CommandError

    failed = False
    if not args.no_extract:
        try:
            extract()
        except CommandError as error:  # a broken catalogue must not hide the report
            sys.stderr.write(f"Extracting or compiling failed: {error}\n\n")
            failed = True
    missing = report()
    return 1 if failed or missing else 0


if __name__ == "__main__":
    sys.exit(main())
