from django.core.paginator import Page, Paginator
from django.utils.functional import cached_property

from pagecache.fragments import cached


class _CountedPaginator(Paginator):
    """A paginator told how many items there are, instead of counting them again."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self._count = count

    @cached_property
    def count(self):
        return self._count


def paginate(request, object_list, per_page: int = 20, param: str = "page", count_key: str | None = None) -> Page:
    """The requested page of ``object_list``; any bad ``?page=`` value gives a sensible page.

    Not a number or below 1 gives the first page; beyond the end gives the last page.
    ``count_key`` names the list in the cache: counting a section of thousands of articles
    costs more than the rest of its page, and the count changes only when something is
    published (pagecache.fragments).
    """
    if count_key is None:
        paginator = Paginator(object_list, per_page)
    else:
        paginator = _CountedPaginator(object_list, per_page, cached(count_key, object_list.count, request))
    raw = request.GET.get(param, "1")
    try:
        number = int(raw)
    except (TypeError, ValueError):
        number = 1
    number = max(1, min(number, paginator.num_pages))
    return paginator.page(number)
