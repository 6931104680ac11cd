"""SQLite FTS5 search over folded text: FTS5's own tokenizer neither folds "đ" nor every tone mark."""

from modelsearch.backends.database.sqlite import sqlite as base
from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

from .folding import FoldingIndexerMixin, FoldingQueryMixin, with_indexer
from .newest import NewestMatches

__all__ = ["FoldingSQLiteSearchBackend", "SQLiteSearchBackend"]


class FoldingObjectIndexer(FoldingIndexerMixin, base.ObjectIndexer):
    pass


class FoldingSQLiteIndex(base.SQLiteIndex):
    add_items = with_indexer(base.SQLiteIndex.add_items, FoldingObjectIndexer)


class FoldingSQLiteSearchQueryCompiler(FoldingQueryMixin, base.SQLiteSearchQueryCompiler):
    pass


class FoldingSQLiteAutocompleteQueryCompiler(FoldingQueryMixin, base.SQLiteAutocompleteQueryCompiler):
    pass


class FoldingSQLiteSearchBackend(NewestMatches, SQLiteSearchBackend):
    query_compiler_class = FoldingSQLiteSearchQueryCompiler
    autocomplete_query_compiler_class = FoldingSQLiteAutocompleteQueryCompiler
    index_class = FoldingSQLiteIndex
