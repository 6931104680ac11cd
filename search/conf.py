"""The search backend the settings choose from the environment.

Plain Python, imported by ``portal/settings/base.py`` before Django is set up.
"""

from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured

DATABASE_BACKEND = "search.backends.database"
# The PostgreSQL text search configuration created by migration search.0001.
POSTGRES_SEARCH_CONFIG = "vietnamese_unaccent"

EXTERNAL_BACKENDS = {
    "elasticsearch7": "wagtail.search.backends.elasticsearch7",
    "elasticsearch8": "wagtail.search.backends.elasticsearch8",
    "elasticsearch9": "wagtail.search.backends.elasticsearch9",
    "opensearch2": "wagtail.search.backends.opensearch2",
    "opensearch3": "wagtail.search.backends.opensearch3",
}

# Every text field is analysed with ICU word breaking and ICU folding (lower case, tone marks
# and "đ" removed: "Quyết định" and "quyet dinh" index alike). Needs the analysis-icu plugin:
# `elasticsearch-plugin install analysis-icu` / `opensearch-plugin install analysis-icu`.
_FOLDING = {"type": "custom", "tokenizer": "icu_tokenizer", "filter": ["icu_folding"]}
VIETNAMESE_INDEX_SETTINGS = {
    "settings": {
        "analysis": {
            "analyzer": {
                "default": _FOLDING,
                "default_search": _FOLDING,
                "ngram_analyzer": {**_FOLDING, "filter": ["icu_folding", "ngram"]},
                "edgengram_analyzer": {**_FOLDING, "filter": ["icu_folding", "edgengram"]},
            }
        }
    }
}


def search_backends(environ: Mapping[str, str]) -> dict:
    """``WAGTAILSEARCH_BACKENDS`` from ``SEARCH_BACKEND`` and ``SEARCH_BACKEND_URL``.

    Unset: the database backend (PostgreSQL or SQLite full-text search, folded). Otherwise
    ``SEARCH_BACKEND`` names Elasticsearch or OpenSearch and ``SEARCH_BACKEND_URL`` its
    address(es), comma-separated; a half-made choice stops the start-up rather than
    searching somewhere unexpected.
    """
    kind = environ.get("SEARCH_BACKEND", "").strip().lower() or "database"
    urls = [url.strip() for url in environ.get("SEARCH_BACKEND_URL", "").split(",") if url.strip()]
    if kind == "database":
        if urls:
            raise ImproperlyConfigured(
                "SEARCH_BACKEND_URL is set but SEARCH_BACKEND is not: set SEARCH_BACKEND to one of "
                + ", ".join(sorted(EXTERNAL_BACKENDS))
            )
        return {"default": {"BACKEND": DATABASE_BACKEND, "SEARCH_CONFIG": POSTGRES_SEARCH_CONFIG}}
    if kind not in EXTERNAL_BACKENDS:
        raise ImproperlyConfigured(
            f"SEARCH_BACKEND={kind!r} is not known: use database or one of " + ", ".join(sorted(EXTERNAL_BACKENDS))
        )
    if not urls:
        raise ImproperlyConfigured(f"SEARCH_BACKEND={kind} needs SEARCH_BACKEND_URL, e.g. https://search.internal:9200")
    try:
        timeout = int(environ.get("SEARCH_TIMEOUT", "5"))
    except ValueError as error:
        raise ImproperlyConfigured("SEARCH_TIMEOUT must be a number of seconds") from error
    return {
        "default": {
            "BACKEND": EXTERNAL_BACKENDS[kind],
            "URLS": urls,
            "INDEX_PREFIX": environ.get("SEARCH_INDEX_PREFIX", "portal_"),
            "TIMEOUT": timeout,
            "OPTIONS": {},
            "INDEX_SETTINGS": VIETNAMESE_INDEX_SETTINGS,
        }
    }
