"""Page slugs in the admin: the title-to-slug fill folds Vietnamese as ``core.text.slugify_vi``
does, and the slugs that Wagtail's own fill mangled before are repaired, with redirects.

Wagtail's slug field (the ``w-slug`` Stimulus controller) transliterates with a table that has
no Vietnamese: "ớ", "ụ", "ệ"... were dropped and "đ" became "dj" (the Serbian entry), so "Thôn
Đông Hà ... mới" got the address ``thon-djong-ha-...-mi``. The field runs its ``formatters``
(regular expressions, a documented option of Wagtail's ``SlugInput``) before anything else, on
the title it copies and on what is typed or pasted into it: ``SLUG_FORMATTERS`` fold every
accented Latin letter and common punctuation there as anyascii does, then shape and cut the slug
exactly as ``slugify_vi`` does.
"""

import re
import unicodedata
from dataclasses import dataclass

from anyascii import anyascii

from django.db import transaction

from wagtail.admin.widgets import SlugInput
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

from pagecache.version import bump_content_version

from .text import fold_slug, slugify_vi

SLUG_MAX_LENGTH = 80  # slugify_vi's cut, at a word boundary


# Latin-1 Supplement to Latin Extended-B, Latin Extended Additional (Vietnamese), General
# Punctuation (dashes, quotes, spaces) and currency signs ("₫").
_TRANSLITERATED = [*range(0xA0, 0x250), *range(0x1E00, 0x1F00), *range(0x2000, 0x2070), *range(0x20A0, 0x20C1)]
_ASCII_PUNCTUATION = r"[!-,./:-@\[-\^`{-~]"  # all but "-" and "_"


def _transliteration_formatters() -> list[tuple[str, str]]:
    """One formatter per spelling: the characters that fold to it, as anyascii spells them with
    the punctuation slugify drops left out ("ớ" -> "o", "đ" -> "d", "–" -> "-", "“" -> "")."""
    spellings: dict[str, list[str]] = {}
    for code in _TRANSLITERATED:
        character = chr(code)
        if unicodedata.category(character) in {"Cc", "Cf", "Cn", "Mn", "Zs", "Zl", "Zp"}:
            continue  # controls, unassigned, combining marks (below) and spaces (the slug's own rule)
        spelling = re.sub(_ASCII_PUNCTUATION, "", anyascii(character)).lower()
        spellings.setdefault(spelling, []).append(character)
    return [(f"[{''.join(characters)}]", spelling) for spelling, characters in sorted(spellings.items())]


SLUG_FORMATTERS = [
    *_transliteration_formatters(),
    # Tone marks typed or pasted as separate (combining) characters.
    (r"[\u0300-\u036f]", ""),
    # What Django's slugify does to the folded text: no ASCII punctuation but "-" and "_",
    # runs of spaces and hyphens made one hyphen, none at either end.
    (_ASCII_PUNCTUATION, ""),
    (r"[-\s]+", "-"),
    (r"^[-_]+|[-_]+$", ""),
    # slugify_vi's cut: past 80 characters, up to the last hyphen within the first 80, or the
    # first 80 when there is none.
    (rf"^(?=.{{{SLUG_MAX_LENGTH + 1}}})(.{{0,{SLUG_MAX_LENGTH - 1}}})-.*$", "$1"),
    (rf"^(?=.{{{SLUG_MAX_LENGTH + 1}}})(.{{{SLUG_MAX_LENGTH}}}).*$", "$1"),
]


def slug_input() -> SlugInput:
    """Wagtail's slug field with the Vietnamese folding formatters."""
    return SlugInput(formatters=SLUG_FORMATTERS)


# --- The slugs Wagtail's fill made before ------------------------------------------------------

# What Wagtail 8.0's urlify (wagtailadmin/js/core.js) made of each letter of the Vietnamese
# alphabet: its table knows only these; every other accented letter was dropped.
_LEGACY_TABLE = str.maketrans(
    {
        **dict.fromkeys("àáâãă", "a"),
        **dict.fromkeys("èéê", "e"),
        **dict.fromkeys("ìí", "i"),
        **dict.fromkeys("òóôõ", "o"),
        **dict.fromkeys("ùú", "u"),
        "ý": "y",
        "đ": "dj",
        **dict.fromkeys("ÀÁÂÃĂ", "A"),
        **dict.fromkeys("ÈÉÊ", "E"),
        **dict.fromkeys("ÌÍ", "I"),
        **dict.fromkeys("ÒÓÔÕ", "O"),
        **dict.fromkeys("ÙÚ", "U"),
        "Ý": "Y",
        "Đ": "Dj",
    }
)
_LEGACY_DROPPED = re.compile(r"[^-A-Za-z0-9_\s]")
_LEGACY_SEPARATORS = re.compile(r"[-\s]+")


def legacy_urlify(title: str) -> str:
    """The slug Wagtail's own title-to-slug fill made of a Vietnamese title (before the fix)."""
    slug = (title or "").strip().translate(_LEGACY_TABLE).lower()
    slug = _LEGACY_SEPARATORS.sub("-", _LEGACY_DROPPED.sub("", slug))
    return slug[:255].rstrip("-")


@dataclass(frozen=True)
class SlugRepair:
    page_id: int
    old_slug: str
    new_slug: str
    redirects: tuple[str, ...]  # the old paths now redirected, on their sites


def mangled_slug_base(slug: str, titles) -> str | None:
    """The slug a page should have had, if ``slug`` is a mangled one; else None.

    Mangled: what Wagtail's fill made of one of the page's titles, where that differs from
    the folding (with the "-2" an editor added to make it unique), or a slug with non-ASCII
    letters, which are folded.
    """
    folded = fold_slug(slug)
    if folded != slug:
        return folded or None
    for title in titles:
        legacy, proper = legacy_urlify(title), slugify_vi(title)
        if legacy and proper and legacy != proper and re.fullmatch(rf"{re.escape(legacy)}(-\d+)?", slug):
            return proper
    return None


def repair_mangled_slugs(apps) -> list[SlugRepair]:
    """Give every page whose slug Wagtail's fill mangled its folded slug, unique among its
    siblings, and redirect (301) its old address and those of the pages below it.

    ``apps`` is a migration's app registry or ``django.apps.apps``: only the core tables of
    Wagtail (pages, revisions, sites, redirects) are read and written.
    """
    page_model = apps.get_model("wagtailcore", "Page")
    site_model = apps.get_model("wagtailcore", "Site")
    redirect_model = apps.get_model("wagtailredirects", "Redirect")
    revision_model = apps.get_model("wagtailcore", "Revision")
    content_type_model = apps.get_model("contenttypes", "ContentType")

    site_roots = list(site_model.objects.values_list("pk", "root_page_id", "root_page__url_path"))
    # A site's root page is not in its addresses: its slug shows nowhere.
    root_ids = {root_id for _, root_id, _ in site_roots}
    candidates = [
        (pk, base)
        for pk, slug, title, draft_title in page_model.objects.filter(depth__gt=1)
        .exclude(pk__in=root_ids)
        .order_by("path")
        .values_list("pk", "slug", "title", "draft_title")
        .iterator()
        if (base := mangled_slug_base(slug, {title, draft_title}))
    ]
    if not candidates:
        return []
    page_type = content_type_model.objects.get(app_label="wagtailcore", model="page")
    repairs = []
    with transaction.atomic():
        for pk, base in candidates:
            # Read again: repairing a page above it changed its url_path.
            page = page_model.objects.get(pk=pk)
            siblings = page_model.objects.filter(path__startswith=page.path[: -Page.steplen], depth=page.depth).exclude(
                pk=pk
            )
            taken = set(siblings.values_list("slug", flat=True))
            new_slug, suffix = base, 2
            while new_slug in taken:
                new_slug, suffix = f"{base}-{suffix}", suffix + 1
            if new_slug == page.slug:
                continue
            old_slug, old_url_path = page.slug, page.url_path
            new_url_path = old_url_path[: -len(old_slug) - 1] + new_slug + "/"
            redirects = _redirect_old_paths(page_model, redirect_model, site_roots, page)
            # Rows, not save(): the same for a migration's models and for Wagtail's own.
            page_model.objects.filter(pk=pk).update(slug=new_slug, url_path=new_url_path)
            descendants = list(page_model.objects.filter(path__startswith=page.path, depth__gt=page.depth))
            for descendant in descendants:
                descendant.url_path = new_url_path + descendant.url_path[len(old_url_path) :]
            page_model.objects.bulk_update(descendants, ["url_path"])
            # Publishing a revision (a draft, a scheduled one) would otherwise bring the old slug back.
            revisions = list(revision_model.objects.filter(base_content_type=page_type, object_id=str(pk)))
            for revision in revisions:
                if revision.content.get("slug") == old_slug:
                    revision.content = {**revision.content, "slug": new_slug, "url_path": new_url_path}
            revision_model.objects.bulk_update(revisions, ["content"])
            repairs.append(SlugRepair(pk, old_slug, new_slug, redirects))
    if repairs:
        bump_content_version()
    return repairs


def _redirect_old_paths(page_model, redirect_model, site_roots, page):
    """Permanent redirects from the old address of the page and of each live page below it, on
    every site it is part of, as Wagtail makes them when an editor changes a slug. Called
    before the new slug is saved: the url_paths read are the old ones."""
    moved = [page, *page_model.objects.filter(path__startswith=page.path, depth__gt=page.depth)]
    old_paths = []
    for moved_page in moved:
        if not moved_page.live:
            continue  # no public address to keep
        for site_id, _, root_url_path in site_roots:
            if root_url_path and moved_page.url_path.startswith(root_url_path):
                old_path = Redirect.normalise_path(moved_page.url_path[len(root_url_path) - 1 :])
                redirect_model.objects.update_or_create(
                    old_path=old_path,
                    site_id=site_id,
                    defaults={
                        "redirect_page_id": moved_page.pk,
                        "redirect_page_route_path": "",
                        "redirect_link": "",
                        "is_permanent": True,
                        "automatically_created": True,
                    },
                )
                old_paths.append(old_path)
    return tuple(old_paths)
