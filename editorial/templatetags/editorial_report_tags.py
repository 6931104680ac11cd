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
