"""Where each person starts a new item: a dashboard button per kind of item they may create
("Viết tin, bài", "Thêm văn bản", "Thêm lịch công tác tuần"), leading to the places they may
create it in, or straight to the editor when there is only one.

The places come from the page permissions (Wagtail's page permission policy) and from each page
type's allowed parents, so the buttons never lead anywhere the editor would then refuse.
"""

from dataclasses import dataclass
from itertools import groupby

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.components import Component
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from legal_docs.models import LegalDocumentPage
from news.models import NewsArticlePage
from schedule.models import WeeklySchedulePage


@dataclass(frozen=True)
class Start:
    model: type[Page]
    label: Promise
    question: Promise

    @property
    def url(self) -> str:
        return reverse("editorial_start", args=[self.model._meta.app_label, self.model._meta.model_name])


STARTS = [
    Start(NewsArticlePage, _("Write an article"), _("Which section or commune is the article for?")),
    Start(LegalDocumentPage, _("Add a legal document"), _("Where does the document go?")),
    Start(WeeklySchedulePage, _("Add a week's schedule"), _("Which schedule is the week for?")),
]


def places_to_create(user, model: type[Page]) -> list[Page]:
    """The pages under which ``user`` may create a ``model`` page, in the order of the page tree."""
    parents = Page.objects.type(*model.allowed_parent_page_models())
    addable = PagePermissionPolicy().instances_user_has_permission_for(user, "add")
    candidates = parents.filter(pk__in=addable.values("pk")).filter(depth__gt=1).order_by("path")
    return [page for page in candidates if model.can_create_at(page)]


def add_url(model: type[Page], parent: Page) -> str:
    return reverse("wagtailadmin_pages:add", args=[model._meta.app_label, model._meta.model_name, parent.pk])


def start_view(request, app_label, model_name):
    """Ask where the new item goes (grouped by the page above each place), or open the editor when
    there is only one place."""
    start = next(
        (s for s in STARTS if (s.model._meta.app_label, s.model._meta.model_name) == (app_label, model_name)),
        None,
    )
    if start is None:
        raise Http404
    places = places_to_create(request.user, start.model)
    if not places:
        raise PermissionDenied
    if len(places) == 1:
        return redirect(add_url(start.model, places[0]))

    def parent_path(page):
        return page.path[: -Page.steplen]

    parents = {page.path: page for page in Page.objects.filter(path__in={parent_path(p) for p in places})}
    groups = [
        {
            "heading": parents[path].get_admin_display_title(),
            "places": [{"title": p.get_admin_display_title(), "url": add_url(start.model, p)} for p in pages],
        }
        for path, pages in groupby(places, key=parent_path)
    ]
    return TemplateResponse(
        request,
        "editorial/start.html",
        {
            "header_title": start.label,
            "page_title": start.label,
            "header_icon": "plus",
            "question": start.question,
            "groups": groups,
        },
    )


class StartPanel(Component):
    """The dashboard's first panel: one button per kind of item the person may create."""

    name = "editorial_start"
    template_name = "editorial/panels/start.html"
    order = 10

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        starts = [start for start in STARTS if places_to_create(request.user, start.model)]
        return {"starts": starts, "request": request}
