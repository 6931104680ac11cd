"""Wagtail's database search backend, reading Vietnamese the way ``search.text`` does.

``BACKEND: "search.backends.database"`` picks PostgreSQL full-text search or SQLite FTS5 from
the database in use, like ``wagtail.search.backends.database``, and folds on both sides: what
is indexed goes through ``index_text`` (tone marks and "đ" folded, document numbers split on
their separators and also joined), and every query through the same folding. PostgreSQL also
runs its words through the ``vietnamese_unaccent`` text search configuration (migration
``search.0001``), which keeps searches on raw columns (``fields=[...]``) accent-insensitive.

The folding itself, shared by both, is in ``search.backends.folding``.
"""

from modelsearch.backends.database import SearchBackend as database_backend

from django.db import connection

from ..conf import POSTGRES_SEARCH_CONFIG as SEARCH_CONFIG


def SearchBackend(params):
    """The folding twin of the backend ``wagtail.search.backends.database`` would pick."""
    # Imported here, as upstream does: each engine's module imports only on its own database.
    if connection.vendor == "postgresql":
        from .postgres import FoldingPostgresSearchBackend

        return FoldingPostgresSearchBackend({"SEARCH_CONFIG": SEARCH_CONFIG, **params})
    backend = database_backend(params)
    if connection.vendor == "sqlite":
        from .sqlite import FoldingSQLiteSearchBackend, SQLiteSearchBackend

        if isinstance(backend, SQLiteSearchBackend):
            return FoldingSQLiteSearchBackend(params)
    # Without full-text search (SQLite without FTS5, MySQL: the LIKE fallback), nothing to fold.
    return backend
