"""``/tim-kiem/``: the public search page, and ``/tim-kiem/goi-y/``: title suggestions as JSON.

Plain views, not page types: they read the request, ask ``search.results`` and render. Readers'
answers are kept by the page cache (pagecache/) like any page, keyed by the whole address, and
retired whenever anything public changes, so a cached answer is never older than what is live.
"""

from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from wagtail.models import Site

from .engine import Scope
from .forms import SearchForm, address_query, news_sections, query_notices
from .results import search_page, title_suggestions
from .text import parse_query


def _scope(request) -> Scope | None:
    site = Site.find_for_request(request)
    return Scope(site.root_page) if site is not None else None


@require_safe
def search(request):
    raw = request.GET.get("q", "")
    query = parse_query(raw)
    scope = _scope(request)
    sections = news_sections(scope, request)
    filters, values, filter_notices = SearchForm(request.GET, sections=sections).read()
    page = search_page(query, filters, values, scope, request)
    context = {
        "form": SearchForm(initial={"q": query.text, **values}, sections=sections),
        "query": query,
        "notices": query_notices(query, raw) + filter_notices,
        "filters": filters,
        "address": address_query(query, values),
        "is_filtered": bool(values),
        "filters_in_use": len(values),
        **vars(page),
    }
    return TemplateResponse(request, "search/search.html", context)


@require_safe
def suggest(request):
    """Up to eight titles for the typed start of a search, folded: "quyet d" -> "Quyết định ..."."""
    query = parse_query(request.GET.get("q", ""))
    return JsonResponse({"suggestions": title_suggestions(query, _scope(request), request)})
