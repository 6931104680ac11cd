"""Navigation, breadcrumbs and page metadata shared by every public template."""

import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from wagtail.models import Page, Site

register = template.Library()

# The characters that could close the <script> element or start a comment inside it.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _site_root(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    return site.root_page if site else None


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    """Top-level pages shown in menus, each with its own menu children: two queries."""
    root = _site_root(context)
    items = []
    if root is not None:
        # Both menu levels in one query; the first level's specific fields are not needed.
        pages = (
            Page.objects.live()
            .public()
            .in_menu()
            .filter(path__startswith=root.path, depth__in=[root.depth + 1, root.depth + 2])
            .order_by("path")
        )
        top, by_parent_path = [], {}
        for page in pages:
            if page.depth == root.depth + 1:
                top.append(page)
            else:
                by_parent_path.setdefault(page.path[: -Page.steplen], []).append(page)
        items = [(page, by_parent_path.get(page.path, [])) for page in top]
    current = context.get("page")
    current_path = current.path if isinstance(current, Page) else ""
    return {
        "request": context.get("request"),
        "is_home": root is not None and current_path == root.path,
        "menu_items": [
            {
                "page": page,
                "active": current_path.startswith(page.path),
                "children": [{"page": child, "active": current_path.startswith(child.path)} for child in children],
            }
            for page, children in items
        ],
    }


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    page = context.get("page")
    root = _site_root(context)
    if not isinstance(page, Page) or root is None or page.depth <= root.depth:
        return {"ancestors": [], "page": page, "request": context.get("request")}
    ancestors = Page.objects.ancestor_of(page).filter(depth__gte=root.depth).order_by("depth")
    return {"ancestors": ancestors, "page": page, "request": context.get("request")}


@register.simple_tag
def json_ld(data):
    """A schema.org block, escaped so no field can close the script element."""
    if not data:
        return ""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308 - escaped above
