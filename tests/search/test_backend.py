"""The folding search backend, its settings and (on PostgreSQL) its text search configuration."""

import copy

import pytest

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from legal_docs.models import LegalDocumentPage
from search.backends.folding import fold_query
from search.conf import VIETNAMESE_INDEX_SETTINGS, search_backends
from search.text import index_text
from tests.search.factories import article, document, portal_for

# --- Settings ---------------------------------------------------------------------------


def test_the_database_backend_by_default():
    assert search_backends({}) == {
        "default": {"BACKEND": "search.backends.database", "SEARCH_CONFIG": "vietnamese_unaccent"}
    }
    assert settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] == "search.backends.database"


@pytest.mark.parametrize(
    ("kind", "backend"),
    [
        ("elasticsearch8", "wagtail.search.backends.elasticsearch8"),
        ("ElasticSearch9", "wagtail.search.backends.elasticsearch9"),
        ("opensearch2", "wagtail.search.backends.opensearch2"),
        ("opensearch3", "wagtail.search.backends.opensearch3"),
    ],
)
def test_elasticsearch_or_opensearch_by_environment(kind, backend):
    config = search_backends(
        {
            "SEARCH_BACKEND": kind,
            "SEARCH_BACKEND_URL": "https://es1.internal:9200, https://es2.internal:9200",
            "SEARCH_INDEX_PREFIX": "thachha_",
            "SEARCH_TIMEOUT": "3",
        }
    )["default"]
    assert config["BACKEND"] == backend
    assert config["URLS"] == ["https://es1.internal:9200", "https://es2.internal:9200"]
    assert config["INDEX_PREFIX"] == "thachha_"
    assert config["TIMEOUT"] == 3
    analyzers = config["INDEX_SETTINGS"]["settings"]["analysis"]["analyzer"]
    for name in ("default", "default_search", "ngram_analyzer", "edgengram_analyzer"):
        assert analyzers[name]["tokenizer"] == "icu_tokenizer"
        assert analyzers[name]["filter"][0] == "icu_folding"
    assert analyzers["edgengram_analyzer"]["filter"] == ["icu_folding", "edgengram"]
    assert config["INDEX_SETTINGS"] is VIETNAMESE_INDEX_SETTINGS


@pytest.mark.parametrize(
    "environ",
    [
        {"SEARCH_BACKEND": "elasticsearch8"},
        {"SEARCH_BACKEND_URL": "http://localhost:9200"},
        {"SEARCH_BACKEND": "solr", "SEARCH_BACKEND_URL": "http://localhost:8983"},
        {"SEARCH_BACKEND": "opensearch2", "SEARCH_BACKEND_URL": "http://x:9200", "SEARCH_TIMEOUT": "soon"},
    ],
)
def test_a_half_made_choice_stops_the_start(environ):
    with pytest.raises(ImproperlyConfigured):
        search_backends(environ)


def test_the_index_settings_merge_into_the_backend_defaults():
    # What ElasticsearchBaseSearchBackend.__init__ does with INDEX_SETTINGS (the clients
    # themselves are only installed where Elasticsearch or OpenSearch is used).
    from modelsearch.backends.elasticsearchbase import ElasticsearchBaseSearchBackend
    from modelsearch.utils import deep_update

    merged = deep_update(copy.deepcopy(ElasticsearchBaseSearchBackend.settings), VIETNAMESE_INDEX_SETTINGS)
    analysis = merged["settings"]["analysis"]
    assert analysis["analyzer"]["edgengram_analyzer"] == {
        "type": "custom",
        "tokenizer": "icu_tokenizer",
        "filter": ["icu_folding", "edgengram"],
    }
    assert analysis["analyzer"]["default"]["filter"] == ["icu_folding"]
    # The filters the analyzers name are still defined by the backend.
    assert {"ngram", "edgengram"} <= set(analysis["filter"])
    assert merged["settings"]["index"]["max_ngram_diff"] == 12


# --- What lands in the index ------------------------------------------------------------


@pytest.mark.django_db
def test_the_index_holds_folded_words_and_split_numbers(tree):
    portal = portal_for(tree)
    news = article(tree.culture, "Đào tạo nghề", lead="Lớp học ở xã Thạch Đài")
    decision = document(portal.library, "7210/QĐ-UBND", summary="Quy chế hoạt động")
    entries = {
        entry.object_id: entry for entry in IndexEntry.objects.filter(object_id__in=[str(news.pk), str(decision.pk)])
    }
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT title::text, body::text, autocomplete::text FROM wagtailsearch_indexentry WHERE object_id = %s",
                [str(decision.pk)],
            )
            title, body, autocomplete = cursor.fetchone()
        assert "'quyet'" in title and "'7210qdubnd'" in title and "'qd'" in title
        assert "'ubnd'" in body and "'quy'" in body and "'che'" in body
        assert "'qdubnd'" in autocomplete
    else:
        assert entries[str(news.pk)].title == "dao tao nghe"
        assert "thach dai" in entries[str(news.pk)].body
        # "UBND" is also indexed written out (core.abbreviations).
        assert entries[str(decision.pk)].title == "quyet dinh so 7210 qd ubnd 7210qdubnd qdubnd uy ban nhan dan"
        assert "7210qdubnd" in entries[str(decision.pk)].autocomplete


@pytest.mark.django_db
def test_any_search_through_the_backend_is_folded(tree):
    # The admin's page search goes through the same backend: folding helps editors too.
    news = article(tree.culture, "Quyết định khen thưởng")
    backend = get_search_backend()
    assert list(backend.search("QUYET DINH", Page)) == [news.page_ptr]
    assert list(backend.search("quyết định", Page.objects.live())) == [news.page_ptr]
    assert list(backend.autocomplete("quyet d", Page)) == [news.page_ptr]
    assert list(backend.search("!!!", Page)) == []


def test_fold_query_keeps_the_structure():
    from modelsearch.query import And, MatchAll, Not, Or, Phrase, PlainText

    folded = fold_query(And([PlainText("Quyết Định"), Not(Phrase("Đào tạo")), Or([PlainText("?!")])]))
    assert isinstance(folded, And) and len(folded.subqueries) == 2
    assert folded.subqueries[0].query_string == "quyet dinh"
    assert folded.subqueries[1].subquery.query_string == "dao tao"
    assert fold_query(PlainText("?!")) is None
    assert isinstance(fold_query(Not(PlainText("?!"))), MatchAll)


@pytest.mark.django_db
def test_postgresql_has_the_vietnamese_text_search_configuration():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: elsewhere the migration does nothing")
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsvector('vietnamese_unaccent', 'Quyết Định ĐÀO TẠO')::text")
        assert cursor.fetchone()[0] == "'dao':3 'dinh':2 'quyet':1 'tao':4"
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'search_indexentry_title_body_gin'")
        assert "gin" in cursor.fetchone()[0]
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'search_indexentry_type_id'")
        assert "(content_type_id, id)" in cursor.fetchone()[0]
    assert get_search_backend().config == "vietnamese_unaccent"


@pytest.mark.django_db
def test_searching_raw_columns_is_accent_insensitive_on_postgresql(tree):
    if connection.vendor != "postgresql":
        pytest.skip("fields=[...] searches the columns directly only on PostgreSQL")
    portal = portal_for(tree)
    decision = document(portal.library, "12/QĐ-UBND", summary="Quy chế đào tạo")
    found = get_search_backend().search("dao tao", LegalDocumentPage, fields=["summary"])
    assert list(found) == [decision]


def test_index_text_is_what_the_indexer_writes():
    from search.backends.folding import FoldingIndexerMixin

    class Base:
        def prepare_value(self, value):
            return value

    class Indexer(FoldingIndexerMixin, Base):
        pass

    assert Indexer().prepare_value("Số 7210/QĐ-UBND") == index_text("Số 7210/QĐ-UBND")


# modelsearch's add_items as our indexes run it with the folding indexer (search.backends.folding).
PATCHED_ADD_ITEMS = {
    "postgres": "62bf7488351e386482f9e20db0670c3064185250ef816c71584afef14fcb079e",
    "sqlite": "6e4d599997a4aa05027c06df1d5ebc812d47f3956cb85c3613788c7cde4510ea",
}


@pytest.mark.parametrize("engine", sorted(PATCHED_ADD_ITEMS))
def test_the_patched_add_items_is_the_one_reviewed(engine):
    import hashlib
    import importlib
    import inspect

    from search.backends.folding import with_indexer

    if engine == "sqlite" and connection.vendor != "sqlite":
        pytest.skip("modelsearch's SQLite backend only imports where its FTS5 models exist")
    module = importlib.import_module(f"search.backends.{engine}")
    index = module.FoldingPostgresIndex if engine == "postgres" else module.FoldingSQLiteIndex
    upstream = index.__bases__[0].add_items
    source = hashlib.sha256(inspect.getsource(upstream).encode()).hexdigest()
    assert source == PATCHED_ADD_ITEMS[engine], (
        f"modelsearch's {upstream.__qualname__} changed: check that it still builds every indexer"
        " as ObjectIndexer(obj, self.backend) and nothing else from that name, then update PATCHED_ADD_ITEMS"
    )
    assert index.add_items.__code__ is upstream.__code__
    assert index.add_items.__globals__["ObjectIndexer"] is module.FoldingObjectIndexer
    assert upstream.__globals__["ObjectIndexer"] is not module.FoldingObjectIndexer  # upstream untouched

    def builds_nothing(self, model, objs):
        return list(objs)

    with pytest.raises(RuntimeError, match="no longer builds its indexers from ObjectIndexer"):
        with_indexer(builds_nothing, module.FoldingObjectIndexer)
