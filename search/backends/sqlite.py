"""SQLite FTS5 search over folded text: FTS5's own tokenizer neither folds "đ" nor every tone mark."""

from modelsearch.backends.database.sqlite import sqlite as base
from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend
from modelsearch.utils import get_content_type_pk

from .database import FoldingIndexerMixin, FoldingQueryMixin

__all__ = ["FoldingSQLiteSearchBackend", "SQLiteSearchBackend"]


class FoldingObjectIndexer(FoldingIndexerMixin, base.ObjectIndexer):
    pass


class FoldingSQLiteIndex(base.SQLiteIndex):
    def add_items(self, model, objs):
        # Upstream's add_items (modelsearch 1.3.2) with one change: the folding indexer.
        # tests/test_search_backend.py checks what lands in the index on every database.
        if not model.get_search_fields():
            return
        indexers = [FoldingObjectIndexer(obj, self.backend) for obj in objs]
        if not indexers:
            return

        content_type_pk = get_content_type_pk(model)
        data = {indexer.id: (indexer.title, indexer.autocomplete, indexer.body) for indexer in indexers}
        entries = self.entries.filter(content_type_id=content_type_pk)
        indexed_ids = frozenset(entries.filter(object_id__in=data.keys()).values_list("object_id", flat=True))
        for object_id in indexed_ids:
            title, autocomplete, body = data[object_id]
            entries.filter(object_id=object_id).update(title=title, autocomplete=autocomplete, body=body)
        self.entries.bulk_create(
            [
                base.IndexEntry(
                    content_type_id=content_type_pk,
                    object_id=object_id,
                    title=title,
                    autocomplete=autocomplete,
                    body=body,
                )
                for object_id, (title, autocomplete, body) in data.items()
                if object_id not in indexed_ids
            ]
        )
        self._refresh_title_norms()


class FoldingSQLiteSearchQueryCompiler(FoldingQueryMixin, base.SQLiteSearchQueryCompiler):
    pass


class FoldingSQLiteAutocompleteQueryCompiler(FoldingQueryMixin, base.SQLiteAutocompleteQueryCompiler):
    pass


class FoldingSQLiteSearchBackend(SQLiteSearchBackend):
    query_compiler_class = FoldingSQLiteSearchQueryCompiler
    autocomplete_query_compiler_class = FoldingSQLiteAutocompleteQueryCompiler
    index_class = FoldingSQLiteIndex
