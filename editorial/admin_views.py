"""Wagtail's admin views that name a page without asking the page permission policy, made to
apply the explorer's rule (editorial/explorer.py) through the seams Wagtail offers: a page
viewset, bulk actions, and, for the views with neither, editorial/admin_urls.py.
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import F, OuterRef, Subquery
from django.http import Http404
from django.shortcuts import get_list_or_404, get_object_or_404, redirect
from django.utils.translation import gettext as _

from wagtail.admin.views import chooser
from wagtail.admin.views.pages.bulk_actions import (
    DeleteBulkAction,
    MoveBulkAction,
    PublishBulkAction,
    UnpublishBulkAction,
)
from wagtail.admin.views.pages.create import CreateView
from wagtail.admin.views.pages.listing import ExplorableIndexView
from wagtail.admin.views.pages.workflow import (
    CollectWorkflowActionDataView,
    PreviewRevisionForTaskView,
    WorkflowActionView,
)
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page

from .explorer import choosable_pages, visible_pages


class ExplorerIndexView(ExplorableIndexView):
    def get(self, request, parent_page_id=None):
        """A hidden page's folder would show its title: it leads to the user's own root, as Wagtail
        does for a page out of the user's reach."""
        if parent_page_id and not visible_pages(request.user).filter(pk=parent_page_id).exists():
            get_object_or_404(Page, pk=parent_page_id)
            return redirect(self.index_url_name, self.permission_policy.explorable_root_instance(request.user).pk)
        return super().get(request, parent_page_id)


class VisiblePageMixin:
    """Wagtail's workflow views say "the page '<title>' is not awaiting moderation (in task …)"
    before checking the user's rights: a page the user does not see is refused first."""

    def get_object(self):
        page = super().get_object()
        if not visible_pages(self.request.user).filter(pk=page.pk).exists():
            raise PermissionDenied
        return page


class WorkflowPreviewView(VisiblePageMixin, PreviewRevisionForTaskView):
    pass


class WorkflowActionOnVisibleView(VisiblePageMixin, WorkflowActionView):
    pass


class CollectWorkflowActionDataOnVisibleView(VisiblePageMixin, CollectWorkflowActionDataView):
    pass


class CreateOnFirstSaveView(CreateView):
    """A new page exists from its author's first save, draft or submission, never before.

    Wagtail's autosave would create the page as soon as a title is typed, leaving a draft behind
    when the author gives up (and counting it in the activity report). Once the page exists, its
    editor autosaves as usual; until then, leaving the form warns about unsaved changes."""

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "autosave_enabled": False}

    def post(self, request):
        if self.expects_json_response:
            return self.json_error_response(
                "autosave_on_create",
                _("A new page is created when you save it as a draft, submit it or publish it."),
            )
        return super().post(request)


class EditorialPageViewSet(PageViewSet):
    """Wagtail's page views, with the ones above. It replaces Wagtail's viewset for every page model
    (none of ours registers its own; one that did would have to start from this one)."""

    index_view_class = ExplorerIndexView
    add_view_class = CreateOnFirstSaveView
    workflow_preview_view_class = WorkflowPreviewView
    workflow_action_view_class = WorkflowActionOnVisibleView
    collect_workflow_action_data_view_class = CollectWorkflowActionDataOnVisibleView


class VisiblePagesOnly:
    """A bulk action lists the titles of the pages it may not act on: it only ever loads pages the
    user sees, so an id of a hidden page answers 404 like one that does not exist."""

    def get_queryset(self, model, object_ids):
        return get_list_or_404(visible_pages(self.request.user), pk__in=object_ids)


class DeleteVisibleBulkAction(VisiblePagesOnly, DeleteBulkAction):
    pass


class MoveVisibleBulkAction(VisiblePagesOnly, MoveBulkAction):
    pass


class PublishVisibleBulkAction(VisiblePagesOnly, PublishBulkAction):
    """An item waiting in a workflow is not published in bulk: only its steps, or a direct
    publication with a reason, publish it (editorial/direct_publication.py)."""

    def check_perm(self, page):
        return super().check_perm(page) and page.current_workflow_state is None


class UnpublishVisibleBulkAction(VisiblePagesOnly, UnpublishBulkAction):
    pass


PAGE_BULK_ACTIONS = [
    DeleteVisibleBulkAction,
    MoveVisibleBulkAction,
    PublishVisibleBulkAction,
    UnpublishVisibleBulkAction,
]


class PageTypesUsageView(PageTypesUsageReportView):
    """Wagtail's report names, for each page type, the page edited last anywhere on the site (by its
    title awaiting review): here it is the last one among the pages the user sees."""

    def decorate_paginated_queryset(self, page_types):
        pages = Page.objects.filter(pk__in=visible_pages(self.request.user).values("pk"), content_type=OuterRef("pk"))
        options = self.filters.form.cleaned_data
        if options.get("page_locale"):
            pages = pages.filter(locale__language_code=options["page_locale"])
        if options.get("site"):
            pages = pages.filter(path__startswith=options["site"])
        last_edited = pages.order_by(F("latest_revision_created_at").desc(nulls_last=True), "title", "-pk")
        seen = dict(
            ContentType.objects.filter(pk__in=[page_type.pk for page_type in page_types])
            .annotate(last_edited_page_id=Subquery(last_edited.values("pk")[:1]))
            .values_list("pk", "last_edited_page_id")
        )
        for page_type in page_types:
            page_type.last_edited_page_id = seen[page_type.pk]
            # The listing names the app in Vietnamese, not by its code.
            page_type.app_verbose_name = apps.get_app_config(page_type.app_label).verbose_name
        return super().decorate_paginated_queryset(page_types)


def _choosable_or_404(user, page_ids):
    if not all(str(page_id).isdigit() for page_id in page_ids):
        raise Http404
    if choosable_pages(user).filter(pk__in=page_ids).count() != len(set(page_ids)):
        raise Http404


class ChooserBrowseView(chooser.BrowseView):
    """The chooser's hook filters a folder's children, but the folder's own title heads the list."""

    def get(self, request, parent_page_id=None):
        if parent_page_id is not None:
            _choosable_or_404(request.user, [parent_page_id])
        return super().get(request, parent_page_id)


class ChosenPagesView(chooser.ChosenMultipleView):
    """Answers the title of each page id asked for, with no hook: only for pages the chooser offers."""

    def get(self, request):
        _choosable_or_404(request.user, request.GET.getlist("id"))
        return super().get(request)
