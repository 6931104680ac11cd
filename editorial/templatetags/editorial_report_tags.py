from django import template

from editorial.report import formatting

register = template.Library()


@register.filter
def vn_number(value):
    return formatting.number(value)


@register.filter
def vn_signed(value):
    return formatting.signed(value)


@register.filter
def vn_percent(value, sign=""):
    return formatting.percent(value, sign=bool(sign))


@register.filter
def vn_duration(value):
    return formatting.duration(value)


@register.filter
def vn_timing_base(stats):
    return formatting.timing_base(stats)


@register.filter
def vn_duration_of(stats, attribute):
    """A processing time of ``stats`` ("median" or "percentile") with the count it is based on."""
    return formatting.with_base(formatting.duration(getattr(stats, attribute)), stats.count)


@register.filter
def vn_within_limit(stats):
    return formatting.share_of_items(stats.within_limit, stats.count, stats.share_within_limit)
