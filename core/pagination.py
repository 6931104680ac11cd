from django.core.paginator import Page, Paginator


def paginate(request, object_list, per_page: int = 20, param: str = "page") -> Page:
    """The requested page of ``object_list``; any bad ``?page=`` value gives a sensible page.

    Not a number or below 1 gives the first page; beyond the end gives the last page.
    """
    paginator = Paginator(object_list, per_page)
    raw = request.GET.get(param, "1")
    try:
        number = int(raw)
    except (TypeError, ValueError):
        number = 1
    number = max(1, min(number, paginator.num_pages))
    return paginator.page(number)
