from django import template

from about.models import featured_agency_links as load_featured_links
from pagecache.fragments import cached

register = template.Library()


@register.simple_tag(takes_context=True)
def featured_agency_links(context):
    """The featured agency links (the home page and every footer show them), cached until they change."""
    return cached("featured-agency-links", lambda: list(load_featured_links()), context.get("request"))
