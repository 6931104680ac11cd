"""Everything the search page and the suggestions show, from a parsed query, its filters and a scope.

The view parses the request and renders; this module runs the search (``search.engine``), picks
the page of results asked for and gives each result shown its address, marked title, snippet and
section (its "card", kept between searches), and builds the counts by kind (the facets).
"""

import html
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.paginator import Page
from django.utils.translation import gettext as _

from core.pagination import paginate
from pagecache.fragments import LocalValues
from pagecache.version import content_version
from schedule.entries import ScheduleEntry

from .engine import DOCUMENTS, KINDS, NEWS, SCHEDULES, Filters, Outcome, Scope, editors_picks, run_search, shown_pages
from .engine import suggestions as suggested_pages
from .forms import address_query
from .highlight import highlight, snippet
from .text import ParsedQuery

PER_PAGE = 20
MIN_SUGGEST_CHARS = 3
_TAG = re.compile(r"<[^>]*>")


@dataclass
class SearchPage:
    """What the search page shows below its form (nothing before a search)."""

    outcome: Outcome | None = None
    results: Page | None = None  # the page of hits asked for, each with its card's values
    picks: list = field(default_factory=list)  # the board's promotions, on the first page only
    facets: list[dict] = field(default_factory=list)
    shown_total: int = 0  # matches of the kinds asked for
    capped: bool = False  # some of those kinds have more matches than are ranked


def search_page(query: ParsedQuery, filters: Filters, values: dict, scope: Scope | None, request) -> SearchPage:
    """The search for ``query``, narrowed by ``filters`` (whose address values are ``values``), on
    the page of results the request asks for."""
    if not query or scope is None:
        return SearchPage()
    outcome = run_search(query, filters, scope)
    picks = editors_picks(query, scope)
    # A promoted page is shown once, above the results, and left out of them on every page.
    picked = {pick.page_id for pick in picks if pick.page_id}
    results = paginate(request, [hit for hit in outcome.hits if hit.pk not in picked], PER_PAGE)
    if results.number > 1:
        picks = []
    results.object_list = decorate(results.object_list, query, request)
    return SearchPage(
        outcome=outcome,
        results=results,
        picks=picks,
        facets=_facets(query, values, outcome),
        shown_total=sum(outcome.counts.get(key, 0) for key in outcome.selected_keys),
        capped=any(key in outcome.more for key in outcome.selected_keys),
    )


def title_suggestions(query: ParsedQuery, scope: Scope | None, request) -> list[dict]:
    """Up to eight titles (and addresses) for the typed start of a search, folded: "quyet d" -> "Quyết định ..."."""
    if scope is None or len(query.search_string) < MIN_SUGGEST_CHARS:
        return []
    return [{"title": page.title, "url": page.get_url(request=request)} for page in suggested_pages(query, scope)]


def _facets(query, values, outcome) -> list[dict]:
    current = values.get("type", "")
    rest = {name: value for name, value in values.items() if name != "type"}
    facets = [
        {
            "label": _("Everything"),
            "count": outcome.total,
            "more": bool(outcome.more),
            "address": address_query(query, rest),
            "current": not current,
        }
    ]
    for kind in KINDS:
        if kind.key in outcome.counts:
            facets.append(
                {
                    "label": kind.label,
                    "count": outcome.counts[kind.key],
                    "more": kind.key in outcome.more,
                    "address": address_query(query, rest, type=kind.key),
                    "current": current == kind.key,
                }
            )
    return facets


def _stored_text(value):
    """The words of a stored StreamField value, as they are kept: images and documents are
    only ids here, so nothing is fetched (their blocks' searchable content would load each)."""
    if isinstance(value, str):
        # Rich text as the editor stored it: tags out, entities back to characters (the snippet
        # escapes it again). Cruder than strip_tags, and ten times as quick for a page of hits.
        yield html.unescape(_TAG.sub(" ", value))
    elif isinstance(value, dict):
        for name, item in value.items():
            if name not in ("type", "id"):
                yield from _stored_text(item)
    elif hasattr(value, "__iter__"):  # lists, and the field's own view of its raw blocks
        for item in value:
            yield from _stored_text(item)


@dataclass(frozen=True)
class Card:
    """What the results shown need of a page besides the hit's own row: kept between searches."""

    url: str
    text: str  # the text a snippet is taken from after the summaries (body, file text, week)
    complete: bool  # False: cut at CARD_TEXT_CHARS
    section: str = ""


# Cards of the pages found lately, by site, page and content version, in each process: a page
# found by one search is often found by the next. A card's text is cut at CARD_TEXT_CHARS (a
# long file's text), so the cards stay within a few megabytes.
CARD_TEXT_CHARS = 10_000
_cards = LocalValues(size=1000)


def decorate(hits, query, request) -> list:
    """The hits shown, with their address, marked title, snippet and section, in a fixed number
    of queries (none when their cards are kept). A page unpublished since it was found is left out."""
    prefix = f"{request.get_host()}:{content_version(request)}"
    cards = {hit.pk: _cards.get(f"{prefix}:{hit.pk}") for hit in hits}
    missing = [hit for hit in hits if cards[hit.pk] is None]
    if missing:
        for pk, card in _build_cards(missing, request).items():
            cards[pk] = card
            _cards.put(f"{prefix}:{pk}", card)
    hits = [hit for hit in hits if cards.get(hit.pk) is not None]
    tokens = query.tokens
    cut_short = []
    for hit in hits:
        card = cards[hit.pk]
        hit.title_html = highlight(hit.row["title"], tokens)
        hit.snippet_html = snippet([*_summaries(hit), card.text], tokens)
        if not card.complete and "<mark>" not in hit.snippet_html:
            cut_short.append(hit)  # the words may be further into the text than the card keeps
        hit.url = card.url
        if card.section:
            hit.extra["section"] = card.section
    if cut_short:
        whole = _build_cards(cut_short, request, whole=True)
        for hit in cut_short:
            if hit.pk in whole:
                hit.snippet_html = snippet([*_summaries(hit), whole[hit.pk].text], tokens)
    return hits


def _summaries(hit) -> list[str]:
    return [hit.row[name] for name in hit.kind.summary_fields]


def _build_cards(hits, request, whole=False) -> dict[int, Card]:
    """Cards of the hits' pages, from the database: one query per kind, one more for schedules.

    Hits that already have their page (read for their card in this request) are not read again."""
    shown_pages([hit for hit in hits if hit.page is None])
    hits = [hit for hit in hits if hit.page is not None]
    texts: dict[int, list[str]] = defaultdict(list)
    schedule_ids = []
    for hit in hits:
        if hit.kind.key == NEWS:
            texts[hit.pk].append(" ".join(_stored_text(hit.page.body.raw_data)))
        elif hit.kind.key == DOCUMENTS:
            texts[hit.pk].append(hit.page.text_content)
        elif hit.kind.key == SCHEDULES:
            schedule_ids.append(hit.pk)
    if schedule_ids:
        entries = ScheduleEntry.objects.filter(page_id__in=schedule_ids)
        for entry in entries.order_by("day", "sort_order", "pk"):
            parts = [f"{entry.day:%d/%m/%Y}: {entry.content}", entry.place, entry.attendees]
            texts[entry.page_id].append(" – ".join(part for part in parts if part))
    cards = {}
    for hit in hits:
        page = hit.page
        text = " ".join(texts[page.pk])
        complete = whole or len(text) <= CARD_TEXT_CHARS
        cards[page.pk] = Card(
            url=page.get_url(request=request) or "",
            text=text if complete else text[:CARD_TEXT_CHARS],
            complete=complete,
            section=page.section.title if hit.kind.key == NEWS and page.section_id else "",
        )
    return cards
