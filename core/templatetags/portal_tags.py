"""Navigation, breadcrumbs and page metadata shared by every public template."""

import json

from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from wagtail.models import Page, Site

from core.expiry import unexpired_q
from pagecache.fragments import cached

register = template.Library()

# The characters that could close the <script> element or start a comment inside it.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _site_root(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    return site.root_page if site else None


def _menu_items(root) -> list:
    """Top-level pages shown in menus, each with its own menu children, in one query."""
    # Both menu levels at once; the first level's specific fields are not needed.
    pages = (
        Page.objects.live()
        .public()
        .in_menu()
        .filter(unexpired_q())
        .filter(path__startswith=root.path, depth__in=[root.depth + 1, root.depth + 2])
        .order_by("path")
    )
    top, by_parent_path = [], {}
    for page in pages:
        if page.depth == root.depth + 1:
            top.append(page)
        else:
            by_parent_path.setdefault(page.path[: -Page.steplen], []).append(page)
    return [(page, by_parent_path.get(page.path, [])) for page in top]


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The site's menu, rendered once per section and content version.

    Every public page shows it, and at 100,000 pages its query is the costliest of a render.
    """
    request = context.get("request")
    root = _site_root(context)
    current = context.get("page")
    current_path = current.path if isinstance(current, Page) else ""
    # What marks an item current: the page's first two levels below the home page.
    active = current_path[: (root.depth + 2) * Page.steplen] if root is not None else ""
    is_home = root is not None and current_path == root.path
    # aria-current="page" goes on an item only when it is the page itself, not its section.
    on_item = current_path == active

    def render():
        items = _menu_items(root) if root is not None else []
        menu_items = [
            {
                "page": page,
                "active": active.startswith(page.path),
                "current": on_item and active == page.path,
                "children": [
                    {
                        "page": child,
                        "active": active.startswith(child.path),
                        "current": on_item and active == child.path,
                    }
                    for child in children
                ],
            }
            for page, children in items
        ]
        return render_to_string(
            "includes/main_menu.html", {"request": request, "is_home": is_home, "menu_items": menu_items}
        )

    site_key = root.pk if root is not None else "none"
    return mark_safe(cached(f"menu:{site_key}:{active}:{is_home}:{on_item}", render, request))  # noqa: S308 - our template


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    page = context.get("page")
    root = _site_root(context)
    if not isinstance(page, Page) or root is None or page.depth <= root.depth:
        return {"ancestors": [], "page": page, "request": context.get("request")}
    request = context.get("request")

    def build():
        ancestors = Page.objects.ancestor_of(page).filter(depth__gte=root.depth).order_by("depth")
        return [(ancestor.get_url(request=request), ancestor.title) for ancestor in ancestors]

    # The same trail for every page of a parent (a section's thousands of articles).
    trail = cached(f"breadcrumbs:{root.pk}:{page.path[: -page.steplen]}", build, request)
    return {"ancestors": trail, "page": page, "request": request}


@register.filter(expects_localtime=True)
def iso_datetime(value):
    """A date or time as the ``datetime`` attribute of ``<time>`` accepts it: ISO 8601 to the
    second. HTML allows at most three digits of a second's fraction, and ``|date:"c"`` writes the
    six of ``isoformat()`` whenever a timestamp has microseconds (every saved one)."""
    if not value:
        return ""
    if hasattr(value, "microsecond"):
        value = value.replace(microsecond=0)
    return value.isoformat()


@register.simple_tag
def json_ld(data):
    """A schema.org block, escaped so no field can close the script element."""
    if not data:
        return ""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308 - escaped above
