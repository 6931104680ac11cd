"""Every cache layer of the portal, and how a publish retires them all at once.

The layers, from the outside in:

- Page cache (middleware, store): whole responses for anonymous readers, looked up right
  after WhiteNoise, before any session, user or page. Editors (a session cookie), the admin,
  documents, pages with a CSRF token and private responses never use it.
- In-process copies: each process keeps what it has read, so a hit usually asks Redis
  nothing: the most served pages (store.LocalCopies, bounded by PAGECACHE_LOCAL_BYTES), the
  fragments (fragments.local_values) and the "fragments" and "renditions" aliases
  (backends.LocalCopiesCache).
- Fragments (fragments.cached, and {% wagtailcache ... content_version using="fragments" %}):
  menus, footer, counts, site settings, keyed by the content version.
- Renditions (backends.RenditionCache): Wagtail's "renditions" alias, so an image's renditions
  are found without a query, and, in each process, without a round trip.
- Site lookup (sites.CachedSiteMiddleware): each request's Wagtail site and home page.
- Route hints (routes): which page an address led to, so routing takes one query. A hint is a
  guess checked by that query, not a cached value, so it needs no version.

One number retires everything: the content version (version). Every stored page, fragment,
site and in-process copy carries the version current when it was built and is only used while
that version is current. Publishing, unpublishing, moving or deleting a page, or saving a
snippet, a setting, an image, a document, a site or an editor's pick, bumps it (signals), and
so does the first request after a live page's expiry time (version): the article, every
listing that shows it and every fragment built from it are retired together, with no list of
"pages that show this one" to get wrong. A change saved inside a transaction (Wagtail saves
pages and snippets in one) changes the version at once and again at the commit: until then
other connections still read the old content, and what they render meanwhile is retired. A
portal publishes a few items an hour; re-rendering each page once afterwards costs little.
signals also tells a CDN, if any, to purge the page and its listings. A lost version
(eviction, Redis restarted) is replaced by one no entry can carry.

Several servers: all share one Redis (REDIS_URL). Each process subscribes to the version's key
with Redis pub/sub (watcher) and bump_content_version() publishes the new value, so every
process on every server learns of a publish at once and a page-cache hit needs no round trip
to check the version. While a process has no live subscription it reads the version from Redis
on each request instead, so it is never served stale.

Redis down: the backends are django-redis with IGNORE_EXCEPTIONS, so every cache call answers
as a miss (and is logged, DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS) and pages are rendered without
the cache; publishing still works. Without Redis there is no shared version, so nothing is
stored that could later be served stale.

Our code on top of django-redis, only where it cannot do the job (each shown by a test in
tests/pagecache/test_pagecache.py):
- pub/sub of the content version (backends.RedisCache.watched_int/announce_int, watcher):
  django-redis has no pub/sub; it gives us its redis-py client, one per connection pool.
- in-process copies of versioned values (backends.LocalCopiesCache): django-redis always asks
  Redis.
- not writing back renditions that came from the cache (backends.RenditionCache): Wagtail
  8.0.1 does (wagtail#14541).
- a circuit breaker (backends.BreakerConnectionPool): django-redis waits for the socket timeout
  on every call while Redis hangs; after one failure ours answers at once for a few seconds.
"""
