"""``{{ user|person }}``: a person named as everywhere else, family name first (core.text.person_name)."""

from django import template

from core.text import person_name

register = template.Library()


@register.filter
def person(user):
    return person_name(user)
