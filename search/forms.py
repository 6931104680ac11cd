"""The search form: what to look for and the filters, read from the address (GET).

A bad filter value is dropped on its own, with a notice; it never stops the search.
"""

import datetime

from django import forms
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from news.models import NewsCategoryPage
from pagecache.fragments import cached

from .engine import KINDS, KINDS_BY_KEY, NEWS, Filters, Scope
from .text import MAX_QUERY_LENGTH, MAX_QUERY_TOKENS, ParsedQuery

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"]
FIRST_YEAR, LAST_YEAR = 1945, 2100

INVALID_FILTER = _("The value given for “%(filter)s” is not valid, so that filter was ignored.")
DATES_SWAPPED = _("The start date was after the end date, so the two were swapped.")
SECTION_NOT_NEWS = _("Sections only apply to news, so the section was ignored.")
QUERY_TRUNCATED = _("The search text was longer than %(max)s characters; only the first %(max)s were used.")
TOO_MANY_WORDS = _("Only the first %(max)s words were searched.")
OPERATORS_IGNORED = _("AND, OR and NOT are not search operators here: the other words were searched.")
NO_WORDS = _("Type at least one word or number to search.")


def news_sections(scope: Scope | None, request) -> list[NewsCategoryPage]:
    """The sections of the site's news, the choices of the section filter."""
    if scope is None:
        return []
    return cached(
        f"search-sections:{scope.root.pk}",
        lambda: list(scope.pages(NewsCategoryPage).order_by("path").only("title", "slug", "path", "depth")),
        request,
    )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def _date_field(label):
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_FORMATS,
        widget=DateInput(attrs={"aria-describedby": "search-dates-help"}),
    )


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Words or document number"),
        required=False,
        strip=True,
        widget=forms.TextInput(attrs={"type": "search", "maxlength": MAX_QUERY_LENGTH, "autocomplete": "off"}),
        help_text=_("Tone marks are not needed: “quyet dinh” finds “Quyết định”, “7210” finds 7210/QĐ-UBND."),
    )
    type = forms.ChoiceField(label=_("Type"), required=False)
    section = forms.ChoiceField(label=_("Section of the news"), required=False)

    def __init__(self, data=None, *, sections=(), **kwargs):
        super().__init__(data, **kwargs)
        self.sections = {section.slug: section for section in sections}
        self.fields["type"].choices = [("", _("Everything")), *[(kind.key, kind.label) for kind in KINDS]]
        self.fields["section"].choices = [("", _("All sections")), *[(s.slug, s.title) for s in sections]]
        # "from" and "to" are Python keywords, hence not declared as class attributes.
        self.fields["from"] = _date_field(_("From date"))
        self.fields["to"] = _date_field(_("To date"))

    def clean(self):
        cleaned = super().clean()
        for name in ("from", "to"):
            day = cleaned.get(name)
            if day and not FIRST_YEAR <= day.year <= LAST_YEAR:
                self.add_error(name, forms.ValidationError(INVALID_FILTER))
        return cleaned

    def read(self) -> tuple[Filters, dict, list[str]]:
        """(the valid filters, their values for the address, notices about what was ignored)."""
        self.is_valid()
        notices = [INVALID_FILTER % {"filter": self.fields[name].label} for name in self.fields if name in self.errors]
        values = {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in self.errors and name != "q" and value not in (None, "")
        }
        start, end = values.get("from"), values.get("to")
        if start and end and start > end:
            start, end = end, start
            values["from"], values["to"] = start, end
            notices.append(DATES_SWAPPED)
        kind = KINDS_BY_KEY.get(values.get("type", ""))
        section = self.sections.get(values.get("section", ""))
        if section is not None and kind is not None and kind.key != NEWS:
            values.pop("section")
            section = None
            notices.append(SECTION_NOT_NEWS)
        filters = Filters(kinds=(kind,) if kind else KINDS, section=section, start=start, end=end)
        return filters, values, notices


def query_notices(query: ParsedQuery, raw_text: str) -> list[str]:
    notices = []
    if query.truncated:
        notices.append(QUERY_TRUNCATED % {"max": MAX_QUERY_LENGTH})
    if query.too_many_words:
        notices.append(TOO_MANY_WORDS % {"max": MAX_QUERY_TOKENS})
    if query.operators_ignored:
        notices.append(OPERATORS_IGNORED)
    if raw_text.strip() and not query.tokens:
        notices.append(NO_WORDS)
    return notices


def address_query(query: ParsedQuery, values: dict, **changes) -> str:
    """The address query (without ``page``) for these values, e.g. for pagination links."""
    items = {"q": query.text, **values, **changes}
    pairs = []
    for name in ("q", "type", "section", "from", "to"):
        value = items.get(name)
        if value in (None, ""):
            continue
        if isinstance(value, datetime.date):
            value = value.isoformat()
        pairs.append((name, value))
    return urlencode(pairs)
