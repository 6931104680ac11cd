"""Weekday names as Vietnamese government documents write them ("Thứ Hai" ... "Chủ nhật").

Django's own catalogue writes "Thứ hai"; these msgids let the project's catalogue override it.
"""

from django.utils.translation import gettext_noop

WEEKDAYS = [
    gettext_noop("Monday"),
    gettext_noop("Tuesday"),
    gettext_noop("Wednesday"),
    gettext_noop("Thursday"),
    gettext_noop("Friday"),
    gettext_noop("Saturday"),
    gettext_noop("Sunday"),
]
