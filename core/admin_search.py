"""The admin's search of the short lists officials pick from (units and issuing bodies, document
types, fields), in their listings and in their choosers.

Wagtail searches a snippet with the search backend when the model is indexed, else with
``icontains``: neither finds "Ủy ban nhân dân huyện" for "UBND huyện", and ``icontains`` does not
find "Giáo dục" for "giao duc" either. These lists hold tens to a few hundred rows, so the search
reads each row's searched fields once, folds them (tone marks and "đ") with both forms of their
abbreviations (``core.abbreviations``), and keeps the rows where every word typed starts a word:
"ubnd huyen", "uy ban", "Ủy ban nhân dân huyện" and "thach h" all find "UBND huyện Thạch Hà".
"""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from .abbreviations import other_forms
from .text import fold

_WORD = re.compile(r"[a-z0-9]+")
MAX_QUERY_WORDS = 12


def searchable_words(text) -> list[str]:
    """The folded words of ``text`` and the other form of each abbreviation in it."""
    words = _WORD.findall(fold(text))
    return words + other_forms(words)


def matches(query_words: list[str], words: list[str]) -> bool:
    return all(any(word.startswith(typed) for word in words) for typed in query_words)


def search_short_list(queryset, query: str, fields):
    """The rows of ``queryset`` whose ``fields`` hold every word of ``query`` (see the module)."""
    query_words = list(dict.fromkeys(_WORD.findall(fold(query))))[:MAX_QUERY_WORDS]
    if not query_words:
        return queryset
    found = [
        pk
        for pk, *values in queryset.order_by().values_list("pk", *fields)
        if matches(query_words, searchable_words(" ".join(value or "" for value in values)))
    ]
    return queryset.filter(pk__in=found)


class ShortListSearchForm(BaseFilterForm):
    """The chooser's search box, searching ``search_fields`` as ``search_short_list`` does."""

    search_fields: list[str] = []

    q = forms.CharField(
        label=_("Search term"),
        widget=forms.TextInput(attrs={"placeholder": _("Search")}),
        required=False,
    )

    def filter(self, objects):
        objects = super().filter(objects)
        query = self.cleaned_data.get("q", "").strip()
        if query:
            objects = search_short_list(objects, query, self.search_fields)
            self.is_searching = True
            self.search_query = query
        return objects


class ShortListIndexView(IndexView):
    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return search_short_list(queryset, self.search_query, self.search_fields)


class ShortListChooserViewSet(SnippetChooserViewSet):
    search_fields: list[str] = []

    def get_common_view_kwargs(self, **kwargs):
        form_class = type("ShortListSearchForm", (ShortListSearchForm,), {"search_fields": list(self.search_fields)})
        return super().get_common_view_kwargs(filter_form_class=form_class, **kwargs)


class ShortListSnippetViewSet(SnippetViewSet):
    """A snippet whose listing and chooser search its ``search_fields`` with ``search_short_list``."""

    index_view_class = ShortListIndexView
    chooser_viewset_class = ShortListChooserViewSet

    @property
    def chooser_viewset(self):
        return self.chooser_viewset_class(
            self.get_chooser_admin_url_namespace(),
            model=self.model,
            url_prefix=self.get_chooser_admin_base_path(),
            icon=self.icon,
            per_page=self.chooser_per_page,
            search_fields=list(self.search_fields),
        )
