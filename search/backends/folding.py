"""The Vietnamese folding shared by our PostgreSQL and SQLite backends.

Indexed text goes through ``index_text`` (tone marks and "đ" folded, document numbers split on
their separators and also joined, both forms of abbreviations), and every query through the same
folding (``fold_query``), abbreviations left as typed since the index holds both forms.

Patched library code: modelsearch (1.3.2) builds its indexers inside ``add_items`` from its
module's ``ObjectIndexer``, with no attribute or method to override. Our indexes therefore run
upstream's own ``add_items`` bound to a copy of its module's names in which ``ObjectIndexer`` is
our folding indexer (``with_indexer``): nothing copied, upstream's module left untouched. If
``add_items`` stops naming ``ObjectIndexer``, importing the backend fails; if it changes at all,
tests/search/test_backend.py fails and says what to check.
"""

import types

from modelsearch.query import And, Boost, Fuzzy, MatchAll, Not, Or, Phrase, PlainText

from ..text import index_text


def query_text(text) -> str:
    # The index holds both forms of every abbreviation: the query is searched as typed.
    return index_text(text, abbreviations=False)


def fold_query(query):
    """``query`` with every text folded as the index is; None when no word is left."""
    if isinstance(query, PlainText):
        text = query_text(query.query_string)
        return PlainText(text, operator=query.operator, boost=query.boost) if text else None
    if isinstance(query, Phrase):
        text = query_text(query.query_string)
        return Phrase(text) if text else None
    if isinstance(query, Fuzzy):
        text = query_text(query.query_string)
        return Fuzzy(text, operator=query.operator, unaccent=query.unaccent) if text else None
    if isinstance(query, Boost):
        subquery = fold_query(query.subquery)
        return Boost(subquery, query.boost) if subquery is not None else None
    if isinstance(query, And | Or):
        subqueries = [folded for folded in map(fold_query, query.subqueries) if folded is not None]
        return type(query)(subqueries) if subqueries else None
    if isinstance(query, Not):
        subquery = fold_query(query.subquery)
        # Excluding nothing leaves everything.
        return Not(subquery) if subquery is not None else MatchAll()
    return query


class FoldingQueryMixin:
    """Query compilers fold the query string the way the index text was folded."""

    def __init__(self, queryset, query, *args, **kwargs):
        super().__init__(queryset, query, *args, **kwargs)
        folded = fold_query(self.query)
        self.query = folded if folded is not None else Not(MatchAll())


def with_indexer(add_items, indexer_class):
    """Upstream's ``add_items``, unchanged, building each indexer from ``indexer_class`` instead
    of its module's ``ObjectIndexer`` (see the module's docstring)."""
    if "ObjectIndexer" not in _global_names(add_items.__code__):
        raise RuntimeError(
            f"{add_items.__qualname__} no longer builds its indexers from ObjectIndexer: the index"
            " would hold unfolded text. See search/backends/folding.py."
        )
    names = {**add_items.__globals__, "ObjectIndexer": indexer_class}
    patched = types.FunctionType(add_items.__code__, names, add_items.__name__, add_items.__defaults__)
    patched.__qualname__ = add_items.__qualname__
    return patched


def _global_names(code) -> set[str]:
    # The names a function and its comprehensions (code objects of their own) look up.
    names = set(code.co_names)
    for constant in code.co_consts:
        if isinstance(constant, types.CodeType):
            names |= _global_names(constant)
    return names


class FoldingIndexerMixin:
    """Object indexers hand the index folded text: ``index_text`` of every searchable value."""

    def prepare_value(self, value):
        return index_text(super().prepare_value(value))

    def prepare_field(self, obj, field):
        # Upstream walks every field once for each column it fills (title, body, autocomplete,
        # and on PostgreSQL their plain-text twins): read and fold each value only once.
        prepared = self.__dict__.setdefault("_prepared", {})
        key = (id(obj), id(field))
        if key not in prepared:
            # The object is kept with its values so that its id cannot be reused meanwhile.
            prepared[key] = (obj, list(super().prepare_field(obj, field)))
        return iter(prepared[key][1])
