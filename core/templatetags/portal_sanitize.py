from django import template
from django.utils.safestring import mark_safe

from core.sanitize import clean_html

register = template.Library()


@register.filter
def clean_rich_text(html):
    """Rich text as the page shows it, with anything executable removed (core.sanitize)."""
    return mark_safe(clean_html(str(html or "")))  # noqa: S308 - clean_html keeps only allowed markup
