"""PostgreSQL full-text search over folded text, in the ``vietnamese_unaccent`` configuration."""

import time
from collections import defaultdict
from contextlib import contextmanager
from functools import partial as partial_call

from modelsearch.backends.database.postgres import postgres as base
from modelsearch.utils import get_descendants_content_types_pks

from django.db import connections, transaction
from django.db.models import BigIntegerField, BooleanField, ExpressionWrapper, F, Q, QuerySet, Value, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Coalesce, RowNumber

from .folding import FoldingIndexerMixin, FoldingQueryMixin, with_indexer
from .newest import Found, NewestMatches

# For the queries that collect matching entries: the GIN index (a bitmap scan), nothing else.
# PostgreSQL prices testing a row against a text query as cheap, but each test reads the row's
# whole body vector out of line; a sequential scan or a walk down another index then costs up to
# a second on 100,000 pages, where the bitmap scan costs a few milliseconds. The same mistake
# makes it test each entry of a page type's recent slice (10,000 tests, 100 ms) rather than AND
# the slice with the GIN index's matches (10 ms): an operator priced a hundred times higher, as
# reading that vector is, sets it right. JIT compilation and parallel workers only add their own
# start-up time to queries this size.
GIN_ONLY = {
    "enable_seqscan": "off",
    "enable_indexscan": "off",
    "jit": "off",
    "max_parallel_workers_per_gather": "0",
    "cpu_operator_cost": "0.25",
}


@contextmanager
def gin_only(connection):
    """Planner settings for the searches inside, in one transaction.

    Re-entrant: a page that runs several searches (one per kind of page, then the titles) opens
    one block around all of them and pays for the settings once. Outside a transaction the
    settings are transaction-local and end with it; inside one (the test suite's) they are put
    back as they were.
    """
    if getattr(connection, "_gin_only_depth", 0):
        connection._gin_only_depth += 1
        try:
            yield
        finally:
            connection._gin_only_depth -= 1
        return
    outer_transaction = connection.in_atomic_block
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        previous = None
        if outer_transaction:
            cursor.execute("SELECT " + ", ".join(["current_setting(%s)"] * len(GIN_ONLY)), list(GIN_ONLY))
            previous = dict(zip(GIN_ONLY, cursor.fetchone(), strict=True))
        _set_config(cursor, GIN_ONLY)
        connection._gin_only_depth = 1
        try:
            yield
        finally:
            connection._gin_only_depth = 0
            if previous is not None:
                _set_config(cursor, previous)


def _set_config(cursor, settings: dict[str, str]) -> None:
    """Transaction-local settings, in one round trip."""
    cursor.execute(
        "SELECT " + ", ".join(["set_config(%s, %s, true)"] * len(settings)),
        [item for pair in settings.items() for item in pair],
    )


@contextmanager
def index_scans(connection):
    """Inside ``gin_only``: index scans again, for a search that walks the pages' own indexes."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('enable_indexscan', 'on', true)")
        try:
            yield
        finally:
            cursor.execute("SELECT set_config('enable_indexscan', 'off', true)")


class FoldingObjectIndexer(FoldingIndexerMixin, base.ObjectIndexer):
    @property
    def body_text(self):
        # The plain-text copy of the body only serves fuzzy (trigram) search, which nothing
        # here uses; left empty, it no longer doubles the size of every index entry.
        return ""


class FoldingPostgresIndex(base.PostgresIndex):
    add_items = with_indexer(base.PostgresIndex.add_items, FoldingObjectIndexer)


class FoldingPostgresSearchQueryCompiler(FoldingQueryMixin, base.PostgresSearchQueryCompiler):
    pass


class FoldingPostgresAutocompleteQueryCompiler(FoldingQueryMixin, base.PostgresAutocompleteQueryCompiler):
    pass


class FoldingPostgresSearchBackend(NewestMatches, base.PostgresSearchBackend):
    query_compiler_class = FoldingPostgresSearchQueryCompiler
    autocomplete_query_compiler_class = FoldingPostgresAutocompleteQueryCompiler
    index_class = FoldingPostgresIndex

    def __init__(self, params):
        super().__init__(params)
        # Upstream hard-codes "simple" for autocomplete; ours is "simple" plus unaccent.
        self.autocomplete_config = self.config

    def search_session(self):
        """One block for all the searches of a page (see ``gin_only``)."""
        return gin_only(connections[base.IndexEntry._default_manager.db])

    # How many matching entries of each page type search_newest() orders at most (see there).
    recent_scan_limit = 100
    # The matches are looked for among this many most recently indexed entries of each page
    # type first (see _newest_entries).
    recent_slice = 5000
    # How long a process keeps where each page type's recent slice begins, in seconds.
    slice_floor_seconds = 60
    # Up to this many matches, an exhaustive search looks each page up by its id (see there).
    few_matches = 2000

    def search_newest(
        self, query, querysets, limit, *, fields=None, operator="and", partial=False, exhaustive=False, titles=0
    ) -> list[Found]:
        """``NewestMatches.search_newest``, with one lookup in the index for all the querysets.

        Ordered by a column, PostgreSQL tends to walk that column's index and test each row
        against the query, reading the row's whole text vector: quick for common words,
        hundreds of milliseconds for rare ones. This asks the GIN index for the matching
        entries instead (``gin_only``): one bitmap scan for all the querysets (the search page
        looks for news, documents and schedules at once), keeps the ``recent_scan_limit`` most
        recently indexed entries of each page type (``_newest_entries``), and orders those.
        Exact up to ``recent_scan_limit`` matches; beyond, the ``recent_scan_limit`` pages created
        last stand for the newest (they are, on a portal that publishes as it writes). Where
        fewer than ``limit`` of those are in a queryset (drafts, another site), every match is
        looked at. The title matches come in the same round trips.

        ``exhaustive`` finds every match instead (``_every_match``): where the querysets narrow
        the pages (dates, a section), the most recently indexed matches may hold none of them.
        Only the columns of ``fields`` are read.
        """
        if fields:
            querysets = [queryset.values(*names) for queryset, names in zip(querysets, fields, strict=True)]
        kinds = [set(get_descendants_content_types_pks(queryset.model)) for queryset in querysets]
        matching = self._matching(query, querysets, operator, partial)
        if not isinstance(matching, QuerySet):  # every page, or none
            return [Found(list(queryset[:limit]) if matching else []) for queryset in querysets]
        title_matching = self._matching(query, querysets, "and", True) if titles else None
        if not isinstance(title_matching, QuerySet):  # no title can hold them all
            title_matching = None
        title_limit = titles if title_matching is not None else 0
        with gin_only(connections[matching.db]):
            return self._found(querysets, kinds, limit, matching, title_matching, title_limit, partial, exhaustive)

    def _found(self, querysets, kinds, limit, matching, title_matching, titles, partial, exhaustive) -> list[Found]:
        """What ``search_newest`` finds in each queryset."""
        if exhaustive:
            return [
                Found(
                    self._every_match(queryset, _of_kind(matching, kind), limit),
                    partial_call(self._every_match, queryset, _of_kind(title_matching, kind), titles, session=True)
                    if titles
                    else None,
                )
                for queryset, kind in zip(querysets, kinds, strict=True)
            ]
        entries, title_entries = self._newest_entries(
            matching, set().union(*kinds), sliced=not partial, titles=(title_matching, titles) if titles else None
        )
        found = []
        for queryset, kind in zip(querysets, kinds, strict=True):
            ids = _ids_of(queryset, kind, entries)
            title_ids = _ids_of(queryset, kind, title_entries)
            pages, title_pages = _pages_among(queryset, (ids, limit), (title_ids, titles))
            # Where the newest matches are mostly not the reader's to see (drafts, another
            # district's site), look at every match.
            if len(pages) < limit and len(ids) >= self.recent_scan_limit:
                pages = self._every_match(queryset, _of_kind(matching, kind), limit)
            if titles and len(title_pages) < titles and len(title_ids) >= titles:
                title_pages = self._every_match(queryset, _of_kind(title_matching, kind), titles)
            found.append(Found(pages, partial_call(list, title_pages)))
        return found

    def _matching(self, query, querysets, operator, partial):
        """The index entries matching ``query`` (a queryset), or True (every page) or False (none)."""
        compiler_class = self.autocomplete_query_compiler_class if partial else self.query_compiler_class
        compilers = [compiler_class(qs, query, operator=operator, order_by_relevance=False) for qs in querysets]
        for compiler in compilers:
            compiler.check()
        first = compilers[0]
        if isinstance(first.query, base.MatchAll):
            return True
        if isinstance(first.query, base.Not) and isinstance(first.query.subquery, base.MatchAll):
            return False
        tsquery = first.build_tsquery(first.query, config=first.get_config(self))
        if tsquery is None:
            return False
        vector = F("autocomplete") if partial else F("title")._combine(F("body"), "||", False)
        return base.IndexEntry._default_manager.annotate(_vector_=vector).filter(_vector_=tsquery)

    def _newest_entries(self, matching, content_type_ids, sliced=True, titles=None):
        """The ``recent_scan_limit`` most recently indexed ``matching`` entries of each page type,
        {content type id: [object ids]}, and with ``titles`` (title entries, how many) theirs,
        in the same statement: (entries, title entries).

        Collecting every match of a common word ("nông thôn mới" is in a third of the pages)
        and ordering them costs more than the rest of the search. So the GIN index's matches
        are first narrowed to each type's ``recent_slice`` newest entries (a bitmap AND with
        the (content type, id) index), and only the types that have fewer matches there than
        are wanted are looked up among all their entries: exactly the same answer. Not
        ``sliced``: all their entries at once, for words that are rarely all in one place (the
        titles), which a slice would seldom hold enough of.
        """
        floors = self._slice_floors(matching.db, content_type_ids) if sliced else {}
        if floors:
            recent = Q()
            for content_type_id in content_type_ids:
                recent |= Q(content_type_id=content_type_id, id__gt=floors[content_type_id])
            first = matching.filter(recent)
        else:
            first = _of_kind(matching, content_type_ids)
        also = [(_of_kind(titles[0], content_type_ids), titles[1])] if titles else []
        entries, *title_entries = _newest_of((first, self.recent_scan_limit), *also)
        short = {
            content_type_id
            for content_type_id, floor in floors.items()
            if floor > 0 and len(entries.get(content_type_id, ())) < self.recent_scan_limit
        }
        if short:
            entries.update(_newest_of((_of_kind(matching, short), self.recent_scan_limit))[0])
        return entries, (title_entries[0] if title_entries else {})

    def _slice_floors(self, alias, content_type_ids) -> dict[int, int]:
        """For each page type, the id below its ``recent_slice`` newest index entries (0: fewer).

        Kept a minute by each process: entries indexed since only widen the slice, and entries
        deleted since only make the fallback of ``_newest_entries`` more frequent.
        """
        key = (alias, frozenset(content_type_ids), self.recent_slice)
        now = time.monotonic()
        known = _floors.get(key)
        if known is not None and known[0] > now:
            return known[1]
        connection = connections[alias]
        table = connection.ops.quote_name(base.IndexEntry._meta.db_table)
        with index_scans(connection), connection.cursor() as cursor:
            cursor.execute(
                f"""
                SELECT type_id, (
                    SELECT id FROM {table} WHERE content_type_id = type_id
                    ORDER BY id DESC OFFSET %s LIMIT 1
                ) FROM unnest(%s) AS type_id
                """,  # noqa: S608 - the table's name from the model, values as parameters
                [self.recent_slice, sorted(content_type_ids)],
            )
            floors = {type_id: floor or 0 for type_id, floor in cursor.fetchall()}
        _floors[key] = (now + self.slice_floor_seconds, floors)
        return floors

    def _every_match(self, queryset, entries, limit, session=False):
        """The first ``limit`` pages of ``queryset`` among all the matching ``entries``.

        Few matches are looked up by id (at most ``few_matches`` probes); many, by walking the
        pages in their own order (with index scans, inside ``gin_only``) until enough are found,
        which many matches make quick (``_among``). ``session``: in a ``gin_only`` block of its
        own, for title matches read after ``search_newest`` returned (``Found``).
        """
        if session:
            with gin_only(connections[entries.db]):
                return self._every_match(queryset, entries, limit)
        few = list(entries.values_list("object_id", flat=True)[: self.few_matches + 1])
        if len(few) <= self.few_matches:
            return _pages(queryset, [queryset.model._meta.pk.to_python(object_id) for object_id in few], limit)
        with index_scans(connections[entries.db]):
            return list(queryset.filter(_among(entries))[:limit])


# Where each page type's recent slice begins, by database, types and slice size (_slice_floors).
_floors: dict[tuple, tuple[float, dict[int, int]]] = {}


def _of_kind(matching, content_type_ids):
    # The content type through an expression: otherwise the planner may prefer that column's
    # own index, then test every entry of the type against the query.
    return matching.alias(kind_expression=F("content_type_id") + 0).filter(kind_expression__in=content_type_ids)


def _newest_of(*parts) -> list[dict[int, list[str]]]:
    """For each (entries, limit): the ``limit`` highest ids of each content type among ``entries``,
    {type: [object ids]}, all in one statement."""
    statements, params = [], []
    for number, (entries, limit) in enumerate(parts):
        newest = entries.annotate(
            newest=Window(RowNumber(), partition_by=[F("content_type_id")], order_by=F("id").desc())
        ).filter(newest__lte=limit)
        sql, part_params = (
            newest.annotate(part=Value(number))
            .values_list("content_type_id", "object_id", "part")
            .query.sql_with_params()
        )
        statements.append(f"({sql})")
        params.extend(part_params)
    found = [defaultdict(list) for _part in parts]
    with connections[parts[0][0].db].cursor() as cursor:
        cursor.execute(" UNION ALL ".join(statements), params)
        for content_type_id, object_id, part in cursor.fetchall():
            found[part][content_type_id].append(object_id)
    return found


def _ids_of(queryset, content_type_ids, entries) -> list:
    to_python = queryset.model._meta.pk.to_python
    return [
        to_python(object_id) for content_type_id in content_type_ids for object_id in entries.get(content_type_id, ())
    ]


def _pages(queryset, ids, limit):
    # Hundreds of ids as one array parameter: Django would prepare each one on its own.
    return list(queryset.filter(pk__in=RawSQL("SELECT unnest(%s)", (ids,)))[:limit]) if ids else []


def _pages_among(queryset, *parts) -> list[list]:
    """For each (ids, limit): ``_pages`` of ``queryset``, all in one statement."""
    wanted = [(number, ids, limit) for number, (ids, limit) in enumerate(parts) if ids and limit]
    found = [[] for _part in parts]
    if len(wanted) == 1:
        number, ids, limit = wanted[0]
        found[number] = _pages(queryset, ids, limit)
    elif wanted:
        subqueries = [
            queryset.filter(pk__in=RawSQL("SELECT unnest(%s)", (ids,))).annotate(_part=Value(number))[:limit]
            for number, ids, limit in wanted
        ]
        for page in subqueries[0].union(*subqueries[1:], all=True):
            part = page.pop("_part") if isinstance(page, dict) else page._part
            found[part].append(page)
    return found


def _among(entries):
    """A filter: the page is one of the matching index ``entries``.

    Wrapped in COALESCE so that PostgreSQL does not turn it into a join: planned on its poor
    guess of the number of matches, the join probes the pages one by one (200 ms for 20,000
    matches). As a filter it is a hashed subplan: the matches are collected once (the GIN
    index), then the pages are walked in their own order (their dates, newest first) until
    enough are found: about 30 ms.
    """
    ids = entries.annotate(page_id=Cast("object_id", BigIntegerField())).values("page_id")
    among = ExpressionWrapper(Q(pk__in=ids), output_field=BooleanField())
    return Coalesce(among, Value(False), output_field=BooleanField())
