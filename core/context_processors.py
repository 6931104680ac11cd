from django.utils.functional import SimpleLazyObject

from pagecache.version import content_version


def cache_version(request):
    """``content_version`` for fragment caches ({% wagtailcache ... content_version %}): read on use."""
    return {"content_version": SimpleLazyObject(lambda: content_version(request))}
