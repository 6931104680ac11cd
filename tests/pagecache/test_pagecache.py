"""The full-page cache: anonymous readers get cached pages; anything public that changes retires them."""

import gc
import socket
import threading
import time
import uuid

import pytest
import redis

from django.core.cache import cache, caches
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from wagtail.contrib.frontend_cache.backends.base import BaseBackend
from wagtail.models import PageViewRestriction

from core.models import SiteSettings
from pagecache.version import VERSION_KEY, bump_content_version, forget_cached_content
from portal.settings.base import redis_caches
from tests.news.factories import NewsArticlePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGECACHE_ENABLED = True


def fetch(client, url, **extra):
    response = client.get(url, **extra)
    return response, response.get("X-Page-Cache")


class RecordingBackend(BaseBackend):
    """A front-end cache that writes down what it is asked to purge."""

    purged = []

    def purge(self, url):
        self.purged.append(url)


def publish_new_title(page, title):
    page.title = title
    page.save_revision().publish()


def test_second_anonymous_visit_is_served_from_the_cache_without_queries(client, tree, make_articles):
    (article,) = make_articles(1, title="Khai mạc hội chợ")
    first, state = fetch(client, article.url)
    assert (first.status_code, state) == (200, "miss")
    with CaptureQueriesContext(connection) as queries:
        second, state = fetch(client, article.url)
    assert (second.status_code, state) == (200, "hit")
    assert len(queries) == 0
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_query_strings_are_different_pages(client, tree, make_articles):
    make_articles(25)
    first_page, _ = fetch(client, tree.culture.url)
    second_page, state = fetch(client, tree.culture.url + "?page=2")
    assert state == "miss"
    assert second_page.content != first_page.content


def test_publishing_a_new_revision_changes_the_article_and_every_listing_at_once(client, tree, make_articles):
    (article,) = make_articles(1, title="Tiêu đề cũ")
    for url in (article.url, tree.culture.url, tree.news.url, "/", "/rss/"):
        fetch(client, url)
        assert fetch(client, url)[1] == "hit"
    publish_new_title(article, "Tiêu đề mới")
    for url in (article.url, tree.culture.url, tree.news.url, "/", "/rss/"):
        response, state = fetch(client, url)
        assert state == "miss", url
        assert "Tiêu đề mới" in response.content.decode(), url
        assert "Tiêu đề cũ" not in response.content.decode(), url


def test_a_newly_published_article_appears_in_the_cached_section(client, tree, make_articles):
    make_articles(1)
    fetch(client, tree.culture.url)
    draft = NewsArticlePageFactory.build(title="Tin vừa duyệt", live=False)
    tree.culture.add_child(instance=draft)
    assert "Tin vừa duyệt" not in fetch(client, tree.culture.url)[0].content.decode()  # a draft changes nothing
    draft.save_revision().publish()
    assert "Tin vừa duyệt" in fetch(client, tree.culture.url)[0].content.decode()


def test_unpublish_move_and_delete_retire_the_cached_pages(client, tree, make_articles):
    first, second, third = make_articles(3)
    for page in (first, second, third, tree.culture, tree.economy):
        fetch(client, page.url)

    first.unpublish()
    assert client.get(first.url).status_code == 404
    assert first.title not in fetch(client, tree.culture.url)[0].content.decode()

    old_url = second.url
    second.move(tree.economy, pos="last-child")
    second.refresh_from_db()
    moved = client.get(old_url)  # Wagtail leaves a redirect behind, not the cached old page
    assert (moved.status_code, moved["Location"]) == (301, second.url)
    assert fetch(client, second.url)[0].status_code == 200
    assert second.title in fetch(client, tree.economy.url)[0].content.decode()

    third_url = third.url
    third.delete()
    assert client.get(third_url).status_code == 404
    assert third.title not in fetch(client, tree.culture.url)[0].content.decode()


def test_changing_site_settings_changes_the_footer_of_cached_pages(client, tree):
    fetch(client, "/")
    portal = SiteSettings.for_site(tree.site)
    portal.phone = "0239 3999 888"
    portal.save()
    response, state = fetch(client, "/")
    assert state == "miss"
    assert "0239 3999 888" in response.content.decode()


def test_signed_in_editors_never_get_or_fill_the_cache(client, tree, make_articles, admin_user):
    (article,) = make_articles(1)
    client.force_login(admin_user)
    _response, state = fetch(client, article.url)
    assert state is None
    client.logout()
    assert fetch(client, article.url)[1] == "miss"  # the editor's visit stored nothing
    client.force_login(admin_user)
    assert fetch(client, article.url)[1] is None  # and the reader's copy is not served to them


def test_admin_and_previews_are_never_cached(client, tree, make_articles, admin_user):
    (article,) = make_articles(1)
    client.force_login(admin_user)
    for url in ("/admin/", f"/admin/pages/{article.pk}/edit/preview/"):
        assert client.get(url).get("X-Page-Cache") is None
    client.logout()
    response = client.get("/admin/login/")
    assert response.get("X-Page-Cache") is None
    assert client.get("/admin/login/").get("X-Page-Cache") is None


def test_a_page_behind_a_password_is_not_cached_for_anyone(client, tree, make_articles):
    (article,) = make_articles(1, title="Bài nội bộ")
    PageViewRestriction.objects.create(page=article, restriction_type="password", password="mat-khau-1")
    response, state = fetch(client, article.url)
    assert "Bài nội bộ" not in response.content.decode().split("<title>")[-1]
    assert state is None  # the password form carries a CSRF token
    assert fetch(client, article.url)[1] is None


def test_private_responses_and_responses_with_cookies_are_not_stored(rf, settings):
    from django.http import HttpResponse

    from pagecache.middleware import PageCacheMiddleware

    def view_with(response):
        return PageCacheMiddleware(lambda request: response)

    private = HttpResponse("x", headers={"Cache-Control": "private"})
    with_cookie = HttpResponse("y")
    with_cookie.set_cookie("chosen", "1")
    not_found = HttpResponse("z", status=404)
    for response in (private, with_cookie, not_found):
        middleware = view_with(response)
        middleware(rf.get("/x/"))
        assert middleware(rf.get("/x/")).get("X-Page-Cache") is None


def test_readers_with_a_session_or_messages_cookie_bypass_the_cache(client, tree, make_articles):
    (article,) = make_articles(1)
    fetch(client, article.url)
    assert fetch(client, article.url)[1] == "hit"
    client.cookies["messages"] = "x"
    assert fetch(client, article.url)[1] is None
    del client.cookies["messages"]
    client.cookies["sessionid"] = "anything"
    assert fetch(client, article.url)[1] is None


def test_entries_from_an_older_version_are_never_served(client, tree, make_articles):
    (article,) = make_articles(1)
    fetch(client, article.url)
    bump_content_version()
    assert fetch(client, article.url)[1] == "miss"
    cache.delete(VERSION_KEY)  # the cache lost its version (eviction, restart)
    assert fetch(client, article.url)[1] == "miss"


def test_a_page_rendered_before_a_change_is_committed_is_retired_at_the_commit(
    client, tree, make_articles, django_capture_on_commit_callbacks
):
    """Wagtail saves pages and snippets inside a transaction and the version changes there, before
    the commit: a reader served meanwhile (another connection, another server) renders the old
    content under the new version, which the commit must retire too."""
    (article,) = make_articles(1, title="Lịch tiếp dân tháng Sáu")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        bump_content_version()  # a snippet saved, a page published: not yet visible to others
        _old, state = fetch(client, article.url)  # stands for a reader elsewhere
        assert state == "miss"
    again, state = fetch(client, article.url)
    assert (again.status_code, state) == (200, "miss")


def test_a_cdn_is_told_to_purge_the_page_and_its_listings(tree, make_articles, settings, monkeypatch):
    settings.WAGTAILFRONTENDCACHE = {"default": {"BACKEND": "tests.pagecache.test_pagecache.RecordingBackend"}}
    monkeypatch.setattr(RecordingBackend, "purged", [])
    (article,) = make_articles(1)
    publish_new_title(article, "Tin sửa lại")
    root = "http://testserver"
    for url in (article.full_url, f"{root}/", tree.news.full_url, tree.culture.full_url, f"{root}/rss/"):
        assert url in RecordingBackend.purged, url
    assert f"{tree.culture.full_url}rss/" in RecordingBackend.purged


@pytest.fixture
def redis_commands(monkeypatch):
    """The commands this process sends to Redis, by name."""
    import redis

    sent = []
    execute = redis.Redis.execute_command

    def recording(self, *args, **options):
        sent.append(args[0])
        return execute(self, *args, **options)

    monkeypatch.setattr(redis.Redis, "execute_command", recording)
    # django-redis sends set_many() as a pipeline of SETs.
    monkeypatch.setattr(redis.client.Pipeline, "execute_command", _recording_pipeline(sent))
    return sent


def _recording_pipeline(sent):
    import redis

    execute = redis.client.Pipeline.execute_command

    def recording(self, *args, **options):
        sent.append(args[0])
        return execute(self, *args, **options)

    return recording


def test_renditions_read_once_are_served_from_memory_and_never_written_back(settings, redis_url, redis_commands):
    from django.core.cache import caches

    from pagecache.backends import RenditionCache
    from tests.core.factories import ImageFactory

    settings.CACHES = redis_caches(redis_url, f"test-{uuid.uuid4().hex}")
    filters = ("width-480", "width-800")
    image = ImageFactory()
    made = image.get_renditions(*filters)
    assert "MSET" in redis_commands or "SET" in redis_commands

    redis_commands.clear()
    again = type(image).objects.get(pk=image.pk).get_renditions(*filters)
    assert redis_commands == []  # this process remembers them
    assert {spec: r.url for spec, r in again.items()} == {spec: r.url for spec, r in made.items()}

    # Another app server finds them on Redis, and does not write them back.
    other_server = RenditionCache(redis_url, {"KEY_PREFIX": settings.CACHES["renditions"]["KEY_PREFIX"]})
    keys = [made[spec].get_cache_key() for spec in filters]
    redis_commands.clear()
    assert {key: r.url for key, r in other_server.get_many(keys).items()} == {
        made[spec].get_cache_key(): made[spec].url for spec in filters
    }
    caches["renditions"].set_many(other_server.get_many(keys))
    assert not {"SET", "MSET", "SETEX", "PSETEX"} & set(redis_commands)


def test_settings_created_with_their_defaults_on_first_use_do_not_retire_the_cache(client, tree, make_articles):
    from pagecache.version import content_version

    (article,) = make_articles(1)
    SiteSettings.objects.filter(site=tree.site).delete()  # a new site: no settings saved yet
    version = content_version()
    assert fetch(client, article.url)[1] == "miss"
    assert SiteSettings.objects.filter(site=tree.site).exists()  # created by that render
    assert content_version() == version
    assert fetch(client, article.url)[1] == "hit"
    portal = SiteSettings.for_site(tree.site)
    portal.phone = "0239 3999 888"
    portal.save()  # an edit is public
    assert content_version() != version


def test_the_footer_is_read_from_redis_once_per_process_and_content_version(
    client, tree, make_articles, settings, redis_url, monkeypatch
):
    import redis

    settings.CACHES = redis_caches(redis_url, f"test-{uuid.uuid4().hex}")
    fragment_prefix = settings.CACHES["fragments"]["KEY_PREFIX"]
    reads = []
    execute = redis.Redis.execute_command

    def recording(self, *args, **options):
        if args[0] in ("GET", "MGET") and any(fragment_prefix in str(arg) for arg in args[1:]):
            reads.append(args)
        return execute(self, *args, **options)

    monkeypatch.setattr(redis.Redis, "execute_command", recording)
    first, second = make_articles(2)
    assert "0239 3845 123" in client.get(first.url).content.decode()  # rendered, stored on Redis
    reads.clear()
    assert "0239 3845 123" in client.get(second.url).content.decode()
    assert reads == []  # this process kept it

    portal = SiteSettings.for_site(tree.site)
    portal.phone = "0239 3999 888"
    portal.save()  # a new content version: the old copy is never served again
    assert "0239 3999 888" in client.get(second.url).content.decode()
    assert len(reads) == 1


def test_a_rendition_deleted_on_one_server_is_not_served_from_another_s_memory(settings, redis_url):
    from pagecache.backends import RenditionCache
    from tests.core.factories import ImageFactory

    settings.CACHES = redis_caches(redis_url, f"test-{uuid.uuid4().hex}")
    other_server = RenditionCache(redis_url, {"KEY_PREFIX": settings.CACHES["renditions"]["KEY_PREFIX"]})
    image = ImageFactory()
    rendition = image.get_rendition("width-480")
    key = rendition.get_cache_key()
    assert other_server.get(key).url == rendition.url  # now in its memory too
    rendition.delete()  # e.g. wagtail_update_image_renditions --purge-only, on this server
    assert other_server.get(key) is None


def test_with_redis_pages_are_cached_and_retired_on_publish(client, tree, make_articles, settings, redis_url):
    settings.CACHES = redis_caches(redis_url, f"test-{uuid.uuid4().hex}")
    (article,) = make_articles(1, title="Tin trên Redis")
    assert fetch(client, article.url)[1] == "miss"
    assert fetch(client, article.url)[1] == "hit"
    publish_new_title(article, "Tin trên Redis, đã sửa")
    response, state = fetch(client, article.url)
    assert state == "miss"
    assert "Tin trên Redis, đã sửa" in response.content.decode()


def test_after_a_restore_nothing_cached_from_the_old_database_is_served_and_redis_neighbours_keep_their_keys(
    client, tree, make_articles, settings, redis_url
):
    settings.CACHES = redis_caches(redis_url, f"test-{uuid.uuid4().hex}")
    (article,) = make_articles(1, title="Tin trước khi khôi phục")
    fetch(client, article.url)
    assert fetch(client, article.url)[1] == "hit"
    caches["fragments"].set("footer", "old")
    caches["renditions"].set("image-1-fill", "old")
    neighbour_key = f"another-app-{uuid.uuid4().hex}"
    neighbour = redis.Redis.from_url(redis_url)
    neighbour.set(neighbour_key, "kept", ex=60)

    forget_cached_content()

    assert fetch(client, article.url)[1] == "miss"
    assert caches["fragments"].get("footer") is None
    assert caches["renditions"].get("image-1-fill") is None
    assert neighbour.get(neighbour_key) == b"kept"


def test_with_redis_down_the_site_keeps_serving_and_publishing(client, tree, make_articles, settings, caplog):
    settings.CACHES = redis_caches("redis://127.0.0.1:9/0", "down")  # nothing listens on port 9
    (article,) = make_articles(1, title="Tin khi Redis ngừng")
    for _ in range(2):  # rendered each time: nothing was stored, not even in this process
        response, state = fetch(client, article.url)
        assert (response.status_code, state) == (200, "miss")
        assert "Tin khi Redis ngừng" in response.content.decode()
    publish_new_title(article, "Vẫn đăng được")
    assert "Vẫn đăng được" in fetch(client, article.url)[0].content.decode()
    assert "Cache unavailable" in caplog.text


def test_a_cache_that_is_dropped_stops_watching_the_content_version():
    from pagecache.backends import RedisCache

    before = set(threading.enumerate())
    dropped = RedisCache("redis://127.0.0.1:9/0", {"KEY_PREFIX": "dropped"})  # nothing listens there
    dropped.retry_after_seconds = 0.05
    assert dropped.watched_int(VERSION_KEY) is None
    (watcher,) = set(threading.enumerate()) - before
    assert watcher.is_alive()
    del dropped
    gc.collect()
    watcher.join(timeout=5)
    assert not watcher.is_alive()


def test_search_answers_are_cached_and_retired_when_a_match_is_published(client, tree, make_articles):
    make_articles(1, title="Hội nghị tổng kết công tác dân số")
    url = "/tim-kiem/?q=dan+so"
    first, state = fetch(client, url)
    assert state == "miss"
    assert "Hội nghị tổng kết công tác" in first.content.decode()  # the query's words are marked
    assert fetch(client, url)[1] == "hit"
    draft = NewsArticlePageFactory.build(title="Tuyên truyền về dân số và phát triển", live=False)
    tree.economy.add_child(instance=draft)
    draft.save_revision().publish()
    response, state = fetch(client, url)
    assert state == "miss"
    assert "Tuyên truyền về" in response.content.decode()


def test_every_process_hears_of_a_new_version_without_asking_redis(settings, redis_url):
    """Another app server's publish reaches this process's hot path through Redis pub/sub."""
    import time

    import redis as redis_client

    from django.core.cache import cache as shared

    settings.CACHES = redis_caches(redis_url, f"test-{uuid.uuid4().hex}")
    bump_content_version()

    def watched_becomes(expected):
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            if shared.watched_int(VERSION_KEY) == expected:
                return True
            time.sleep(0.01)
        return False

    assert watched_becomes(shared.get(VERSION_KEY))
    other_server = redis_client.Redis.from_url(redis_url)
    key = shared.make_key(VERSION_KEY)
    new_version = other_server.incr(key)
    other_server.publish(key, new_version)  # what bump_content_version does on another server
    assert watched_becomes(new_version)


@pytest.fixture
def hanging_redis():
    """A server that accepts connections and never answers, as a Redis that hangs does."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(64)
        yield f"redis://127.0.0.1:{server.getsockname()[1]}"


def test_a_hanging_redis_costs_one_timeout_then_none_for_a_while(hanging_redis, caplog):
    """Why pagecache.backends keeps a circuit breaker on top of django-redis."""
    import django_redis.cache

    from pagecache.backends import RedisCache

    timeout = 0.2
    options = {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": timeout, "SOCKET_TIMEOUT": timeout}
    plain = django_redis.cache.RedisCache(f"{hanging_redis}/1", {"OPTIONS": options})
    ours = RedisCache(
        f"{hanging_redis}/2",
        {"OPTIONS": {**options, "CONNECTION_POOL_CLASS": "pagecache.backends.BreakerConnectionPool"}},
    )

    def seconds_for_five_reads(cache):
        start = time.monotonic()
        for number in range(5):
            assert cache.get(f"key-{number}") is None
        return time.monotonic() - start

    assert seconds_for_five_reads(plain) >= 5 * timeout  # django-redis alone waits on every call
    caplog.clear()
    assert seconds_for_five_reads(ours) < 2 * timeout  # ours waits once
    ignored = [record for record in caplog.records if record.getMessage() == "Exception ignored"]
    assert len(ignored) == 1  # the failure is logged, the calls skipped after it are not
    assert "Cache unavailable" in caplog.text
