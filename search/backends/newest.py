"""What the search engine (``search.engine``) needs of a search backend: its newest matches.

``NewestMatches`` is that interface, implemented here through Wagtail's ``search()`` and
``autocomplete()``, which every backend has. Our SQLite backend uses it as it is; our
PostgreSQL backend answers the same calls from its index in fewer, quicker round trips.
Backends we do not subclass (Elasticsearch, OpenSearch, the database fallback without full-text
search) are wrapped by ``newest_matches``.
"""

from collections.abc import Callable
from contextlib import nullcontext
from functools import cached_property
from functools import partial as partial_call


class Found:
    """One queryset's newest matches, and its newest title matches, read when first wanted."""

    def __init__(self, matches: list, title_matches: Callable[[], list] | None = None):
        self.matches = matches
        self._title_matches = title_matches

    @cached_property
    def title_matches(self) -> list:
        # Backends that need a round trip of their own for them make it only for the kinds
        # whose title matches are looked at.
        return self._title_matches() if self._title_matches else []


class NewestMatches:
    """The search backend's side of ``search.engine``: a mixin of our backends."""

    def search_session(self):
        """A context in which all the searches of one page run (e.g. one transaction's settings)."""
        return nullcontext()

    def search_newest(
        self, query, querysets, limit, *, fields=None, operator="and", partial=False, exhaustive=False, titles=0
    ) -> list[Found]:
        """For each queryset, its first ``limit`` matches in its own order (newest first).

        ``fields`` (a tuple of names for each queryset): each match is a dict of those fields
        rather than a page: a search ranks a few hundred matches to show twenty, and building a
        page object costs more than finding it. ``partial`` completes the last word from the
        titles (autocomplete). A backend may look among the most recently indexed matches only,
        unless ``exhaustive`` (the querysets are narrowed by dates or a section). ``titles``:
        also the first ``titles`` matches of each queryset whose titles hold every word, the
        last one completed.
        """
        method = self.autocomplete if partial else self.search
        found = []
        for queryset, names in zip(querysets, fields or [None] * len(querysets), strict=True):
            if names:
                queryset = queryset.only(*names)
            matches = method(query, queryset, operator=operator, order_by_relevance=False)[:limit]
            title_matches = partial_call(self._newest_title_matches, query, queryset, titles, names) if titles else None
            found.append(Found(_rows(matches, names), title_matches))
        return found

    def _newest_title_matches(self, query, queryset, limit, names) -> list:
        return _rows(self.autocomplete(query, queryset, operator="and", order_by_relevance=False)[:limit], names)


def _rows(pages, names) -> list:
    if names:
        return [{name: getattr(page, name) for name in names} for page in pages]
    return list(pages)


class _Wrapped(NewestMatches):
    """A backend we do not subclass, through its public methods."""

    def __init__(self, backend):
        self.search = backend.search
        self.autocomplete = backend.autocomplete


def newest_matches(backend) -> NewestMatches:
    """``backend`` as the engine calls it."""
    return backend if isinstance(backend, NewestMatches) else _Wrapped(backend)
