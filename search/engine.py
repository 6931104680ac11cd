"""The public search: one ranked list over news, legal documents and work schedules.

Each kind of page is searched through Wagtail's search backend (so Elasticsearch or OpenSearch
can take over by a setting), on a queryset that only holds what a reader may see: live pages
of this site, outside any view restriction, not past their expiry. The backend finds the
newest matches of each kind (and, when there are many, the newest with every word in the
title); the final order is decided here, the same way on every backend:

0. documents whose number holds every number the reader typed ("7210", "qd-ubnd 7210");
1. pages whose title (or number) holds every word;
2. pages whose title and summary (lead, summary line, note) hold every word;
3. the rest (body, text of the PDF files, schedule entries...),

newest first within each group. At most ``CANDIDATES_PER_KIND`` newest matches of each kind
(plus the title matches) are ranked and shown: counting or scoring every match of a common word
among 100,000 pages would cost more than the whole page may. Beyond that the counts are lower
bounds ("more than N results") and the reader is invited to narrow the search.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from core.expiry import has_expired
from core.pages import restricted_paths
from legal_docs.models import LegalDocumentPage
from news.models import NewsArticlePage, NewsCategoryPage
from pagecache.fragments import cached
from schedule.models import WeeklySchedulePage

from .backends.newest import NewestMatches, newest_matches
from .text import ParsedQuery, fast_fold, parse_query, words_of

CANDIDATES_PER_KIND = 50
# What every result shown needs of its page: its title and what its address is built from.
SHOWN_PAGE_FIELDS = ("title", "path", "depth", "url_path", "locale")
SUGGESTIONS = 8


@dataclass(frozen=True)
class Kind:
    """One kind of page the search covers."""

    key: str  # its value in the address: ?type=van-ban
    label: str
    model: type[Page]
    date_field: str
    summary_fields: tuple[str, ...] = ()
    number_field: str | None = None
    # The columns the results shown need besides their address (search.results.decorate), and
    # the related rows they show.
    shown_fields: tuple[str, ...] = ()
    shown_related: tuple[str, ...] = ()

    def filter_dates(self, queryset, start: datetime.date | None, end: datetime.date | None):
        if self.key == SCHEDULES:
            # A week is in the range when any of its days is.
            if start:
                queryset = queryset.filter(week_start__gte=start - datetime.timedelta(days=6))
            if end:
                queryset = queryset.filter(week_start__lte=end)
        elif self.key == NEWS:
            if start:
                queryset = queryset.filter(publication_date__gte=_start_of(start))
            if end:
                queryset = queryset.filter(publication_date__lt=_start_of(end + datetime.timedelta(days=1)))
        else:
            if start:
                queryset = queryset.filter(**{f"{self.date_field}__gte": start})
            if end:
                queryset = queryset.filter(**{f"{self.date_field}__lte": end})
        return queryset

    @property
    def row_fields(self) -> tuple[str, ...]:
        """The columns a hit is ranked by: found and ranked without building a page object."""
        number = (self.number_field,) if self.number_field else ()
        return ("pk", "title", self.date_field, "first_published_at", "expire_at", *self.summary_fields, *number)

    def date_of(self, row: dict) -> datetime.datetime:
        value = row[self.date_field] or row["first_published_at"]
        if value is None:
            return _start_of(datetime.date.min + datetime.timedelta(days=1))
        if isinstance(value, datetime.datetime):
            return value
        return _start_of(value)


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


NEWS, DOCUMENTS, SCHEDULES = "tin-tuc", "van-ban", "lich-cong-tac"
KINDS = (
    Kind(
        NEWS,
        _("News"),
        NewsArticlePage,
        "publication_date",
        summary_fields=("lead",),
        shown_fields=("body", "section", "section__title"),
        shown_related=("section",),
    ),
    Kind(
        DOCUMENTS,
        _("Legal documents"),
        LegalDocumentPage,
        "issue_date",
        summary_fields=("summary",),
        number_field="number",
        shown_fields=("text_content",),
    ),
    Kind(SCHEDULES, _("Work schedules"), WeeklySchedulePage, "week_start", summary_fields=("note",)),
)
KINDS_BY_KEY = {kind.key: kind for kind in KINDS}


@dataclass
class Filters:
    kinds: tuple[Kind, ...] = KINDS
    section: NewsCategoryPage | None = None
    start: datetime.date | None = None
    end: datetime.date | None = None


@dataclass
class Hit:
    row: dict  # the kind's row_fields
    kind: Kind
    rank: tuple
    # Filled for the hits of the page shown (search.results.decorate).
    page: Page | None = None
    title_html: str = ""
    snippet_html: str = ""
    url: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def pk(self) -> int:
        return self.row["pk"]

    @property
    def date(self):
        value = self.row[self.kind.date_field]
        if isinstance(value, datetime.datetime):
            return timezone.localtime(value).date()
        return value


@dataclass
class Outcome:
    query: ParsedQuery
    hits: list[Hit]
    counts: dict[str, int]  # matches of every kind, whether shown or not
    operator: str = "and"
    # Kinds with more matches than CANDIDATES_PER_KIND: their count is a lower bound.
    more: set[str] = field(default_factory=set)
    selected_keys: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        return sum(self.counts.values())


class Scope:
    """What one reader may find on one site: computed once per request."""

    def __init__(self, root: Page, now=None):
        self.root = root
        self.now = now or timezone.now()

    @cached_property
    def restricted(self) -> Q:
        # Every restricted subtree, from the cached list, reused by each kind's queryset.
        q = Q()
        for path in restricted_paths():
            q |= Q(path__startswith=path)
        return q if q else Q(pk__in=[])

    def pages(self, model):
        """Live, public pages of ``model`` on this site."""
        queryset = model.objects.live().filter(path__startswith=self.root.path, depth__gt=self.root.depth)
        return queryset.exclude(self.restricted)

    def visible(self, expire_at) -> bool:
        # Wagtail unpublishes expired pages on its scheduler's next run; until then they stay
        # live. Checked on the rows found, as no search backend indexes expire_at.
        return not has_expired(expire_at, self.now)


def kind_queryset(scope: Scope, kind: Kind, filters: Filters):
    queryset = scope.pages(kind.model)
    if kind.key == NEWS and filters.section is not None:
        queryset = queryset.filter(section=filters.section)
    queryset = kind.filter_dates(queryset, filters.start, filters.end)
    return queryset


def searched_kinds(filters: Filters) -> tuple[Kind, ...]:
    """The kinds a search may find anything in: a section narrows it to news."""
    if filters.section is not None:
        return tuple(kind for kind in KINDS if kind.key == NEWS)
    return KINDS


def run_search(query: ParsedQuery, filters: Filters, scope: Scope, backend=None) -> Outcome:
    """Every hit the reader may see, ranked, at most ``CANDIDATES_PER_KIND`` of each kind."""
    backend = newest_matches(backend or get_search_backend())
    selected = {kind.key for kind in filters.kinds}
    with backend.search_session():
        outcome = _search(query, filters, scope, backend, selected, "and")
        if outcome.total == 0 and len(query.tokens) > 1 and not query.has_number:
            # No page holds every word: offer those holding some, the most words first.
            outcome = _search(query, filters, scope, backend, selected, "or")
    outcome.selected_keys = tuple(key for key in KINDS_BY_KEY if key in selected)
    return outcome


def _search(query, filters, scope, backend: NewestMatches, selected, operator) -> Outcome:
    counts, more, hits = {}, set(), []
    tokens = set(query.tokens)
    kinds = searched_kinds(filters)
    # Newest first rather than the backend's relevance: the groups decide the order, and the
    # newest matches are found without scoring every match.
    querysets = [kind_queryset(scope, kind, filters).order_by(f"-{kind.date_field}", "-id") for kind in kinds]
    # One more than is ranked tells whether there are more; counting them all would cost as
    # much as the search itself. Older pages with every word in the title still rank above
    # newer ones with the words only in the body: where there are more matches than are
    # ranked, the newest title matches are added.
    found = backend.search_newest(
        query.search_string,
        querysets,
        CANDIDATES_PER_KIND + 1,
        fields=[kind.row_fields for kind in kinds],
        operator=operator,
        exhaustive=bool(filters.section or filters.start or filters.end),
        titles=CANDIDATES_PER_KIND if operator == "and" else 0,
    )
    found_by_kind = {}
    for kind, newest in zip(kinds, found, strict=True):
        rows = {row["pk"]: row for row in newest.matches}
        if len(rows) > CANDIDATES_PER_KIND:
            more.add(kind.key)
            rows.pop(next(reversed(rows)))
        counts[kind.key] = len(rows)
        if kind.key in selected:
            found_by_kind[kind] = (rows, newest)
    for kind, (rows, newest) in found_by_kind.items():
        if kind.key in more and operator == "and":
            for row in newest.title_matches:
                if row["pk"] not in rows and tokens <= words_of(row["title"]) | _number_words(row, kind):
                    rows[row["pk"]] = row
        visible = [row for row in rows.values() if scope.visible(row["expire_at"])]
        hits += [Hit(row, kind, rank_of(row, kind, tokens, operator)) for row in visible]
    hits.sort(key=lambda hit: hit.rank)
    return Outcome(query=query, hits=hits, counts=counts, operator=operator, more=more)


def _number_words(row: dict, kind: Kind) -> set[str]:
    return words_of(row[kind.number_field]) if kind.number_field else set()


def field_words(row: dict, names) -> set[str]:
    words: set[str] = set()
    for name in names:
        words |= words_of(row[name] or "")
    return words


def rank_of(row: dict, kind: Kind, tokens: set[str], operator: str = "and") -> tuple:
    """The sort key of one hit: group (see the module's docstring), then newest first."""
    number = _number_words(row, kind)
    title = words_of(row["title"]) | number
    summary = title | field_words(row, kind.summary_fields)
    newest = -kind.date_of(row).timestamp()
    if operator == "or":
        return (-len(tokens & title), -len(tokens & summary), newest, -row["pk"])
    digits = {token for token in tokens if any(ch.isdigit() for ch in token)}
    if digits and digits <= number and tokens <= title:
        group = 0
    elif tokens <= title:
        group = 1
    elif tokens <= summary:
        group = 2
    else:
        group = 3
    return (group, newest, -row["pk"])


def shown_pages(hits: list[Hit]) -> None:
    """Give the hits of the page shown their page objects: one query per kind."""
    by_kind = defaultdict(list)
    for hit in hits:
        by_kind[hit.kind].append(hit)
    for kind, kind_hits in by_kind.items():
        pages = kind.model.objects.filter(pk__in=[hit.pk for hit in kind_hits])
        # Only what is shown: a page object of every column costs more than all the rest.
        pages = pages.only(*SHOWN_PAGE_FIELDS, *kind.shown_fields).select_related(*kind.shown_related).in_bulk()
        for hit in kind_hits:
            hit.page = pages.get(hit.pk)


def editors_picks(query: ParsedQuery, scope: Scope) -> list[SearchPromotion]:
    """The board's promotions for this query, compared folded ("quyet dinh" = "Quyết định").

    Only promotions of pages the reader may see, or of external links.
    """
    if not query:
        return []
    # A few dozen at most, for every search: read once per content version (saving or deleting
    # a promotion changes it, pagecache.signals).
    promotions = cached(
        "search-promotions",
        lambda: [
            (parse_query(p.query.query_string).tokens, p)
            for p in SearchPromotion.objects.select_related("query", "page").order_by("sort_order", "pk")
        ],
    )
    matching = [p for tokens, p in promotions if tokens == query.tokens]
    page_ids = [p.page_id for p in matching if p.page_id]
    allowed = set(scope.pages(Page).filter(pk__in=page_ids).values_list("pk", flat=True)) if page_ids else set()
    return [
        p
        for p in matching
        if (p.page_id in allowed and scope.visible(p.page.expire_at)) or (not p.page_id and p.external_link_url)
    ]


def suggestions(query: ParsedQuery, scope: Scope, backend=None, limit: int = SUGGESTIONS) -> list[Page]:
    """Titles of pages of the searched kinds that start like the query: "quyet d" -> "Quyết định ...".

    Titles that begin with what was typed come first, then the newest; each title once.
    """
    if not query:
        return []
    backend = newest_matches(backend or get_search_backend())
    pages = scope.pages(Page).type(*(kind.model for kind in KINDS)).order_by("-first_published_at", "-id")
    found = backend.search_newest(query.search_string, [pages], limit * 4, partial=True)[0].matches
    found.sort(key=lambda page: not fast_fold(page.title).startswith(query.search_string))
    chosen, titles = [], set()
    for page in found:
        if page.title not in titles and scope.visible(page.expire_at):
            chosen.append(page)
            titles.add(page.title)
    return chosen[:limit]
