from django.core.exceptions import PermissionDenied
from django.urls import path as route
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import LogFormatter

from legal_docs.models import document_collection
from uploads.collections import OWN_COLLECTION_HOOK

from . import roles
from .admin_api import ChoosableDocumentsAPIViewSet, ChoosableImagesAPIViewSet
from .admin_views import PAGE_BULK_ACTIONS, EditorialPageViewSet
from .direct_publication import (
    DirectPublicationMenuItem,
    DirectPublicationView,
    active_run,
    may_publish_directly,
    may_withdraw,
)
from .explorer import choosable_pages, sees_everything
from .models import RejectionReason, UnitTarget
from .panels import ModerationInboxPanel, MyDecisionsPanel
from .report.views import EditorialActivityReportView, can_view_report
from .start import StartPanel, start_view

# Wagtail's own "Awaiting your review" panel, replaced by the inbox (oldest first, with unit).
WAGTAIL_REVIEW_PANEL = "workflow_objects_to_moderate"


@hooks.register("accounts_second_factor_groups")
def second_factor_groups():
    """Administrators and the whole board sign in with a second factor (accounts/)."""
    return [roles.ADMINISTRATORS, roles.EDITORIAL_BOARD, roles.BOARD_HEADS]


@hooks.register(OWN_COLLECTION_HOOK)
def clerks_upload_to_the_documents_collection(user):
    """The document clerks' files are the documents' files: their own collection is "Văn bản"."""
    if user.groups.filter(name=roles.DOCUMENT_CLERKS).exists():
        return document_collection()
    return None


@hooks.register("construct_homepage_panels")
def add_editorial_panels(request, panels):
    panels[:] = [panel for panel in panels if getattr(panel, "name", "") != WAGTAIL_REVIEW_PANEL]
    panels.append(StartPanel())
    panels.append(ModerationInboxPanel())
    panels.append(MyDecisionsPanel())


# Wagtail registers its own page viewset, admin API endpoints and bulk actions with order 0:
# ours come after and replace them (editorial/explorer.py says why).


@hooks.register("register_admin_viewset", order=1)
def register_page_viewset():
    return EditorialPageViewSet()


@hooks.register("construct_admin_api", order=1)
def limit_admin_api_to_choosable_files(router):
    router.register_endpoint("images", ChoosableImagesAPIViewSet)
    router.register_endpoint("documents", ChoosableDocumentsAPIViewSet)


for bulk_action in PAGE_BULK_ACTIONS:
    hooks.register("register_bulk_action", bulk_action, order=1)


@hooks.register("construct_page_chooser_queryset")
def offer_only_choosable_pages(pages, request):
    """Page choosers list no one else's unpublished work (editorial/explorer.py)."""
    if sees_everything(request.user):
        return pages
    return pages.filter(pk__in=choosable_pages(request.user).values("pk"))


class EditorialReportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_report(request.user)


@hooks.register("register_reports_menu_item")
def register_editorial_report_menu_item():
    return EditorialReportMenuItem(
        _("Editorial activity"),
        reverse("editorial_activity_report"),
        name="editorial-activity",
        icon_name="table",
        order=650,
    )


@hooks.register("register_admin_urls")
def register_editorial_report_url():
    return [
        route(
            "reports/editorial-activity/",
            EditorialActivityReportView.as_view(),
            name="editorial_activity_report",
        ),
        route(
            "pages/<int:page_id>/publish-directly/",
            DirectPublicationView.as_view(),
            name="editorial_publish_directly",
        ),
    ]


# While an item waits in a workflow, Wagtail's plain "Publish" would skip the remaining steps and
# its withdrawal would be a reviewer's way around them (editorial/direct_publication.py).
PLAIN_PUBLISH = "action-publish"
WITHDRAW = {"action-cancel-workflow", "action-restart-workflow"}


@hooks.register("construct_page_action_menu")
def no_plain_publish_while_waiting(menu_items, request, context):
    page = context.get("page")
    if context.get("view") != "edit" or page is None or active_run(page) is None:
        return
    hidden = {PLAIN_PUBLISH} | (set() if may_withdraw(request.user, page) else WITHDRAW)
    menu_items[:] = [item for item in menu_items if item.name not in hidden]
    if may_publish_directly(request.user, page) and not context.get("locked_for_user"):
        menu_items.append(DirectPublicationMenuItem(order=35))
        menu_items.sort(key=lambda item: item.order)


@hooks.register("before_edit_page")
def refuse_plain_publish_while_waiting(request, page):
    """The server's side of the menu above: a crafted POST is refused, and changes nothing."""
    if request.method != "POST" or active_run(page) is None:
        return None
    if request.POST.get(PLAIN_PUBLISH):
        raise PermissionDenied
    if any(request.POST.get(name) for name in WITHDRAW) and not may_withdraw(request.user, page):
        raise PermissionDenied
    return None


@hooks.register("register_log_actions")
def register_editorial_log_actions(actions):
    @actions.register_action("editorial.publish_directly")
    class DirectPublicationFormatter(LogFormatter):
        label = _("Publish directly")

        def format_message(self, log_entry):
            return _("Published directly, skipping the step(s) %(steps)s") % {
                "steps": log_entry.data.get("skipped_steps", "")
            }

        def format_comment(self, log_entry):
            return log_entry.data.get("reason", "")

    @actions.register_action("editorial.refuse")
    class RefusalFormatter(LogFormatter):
        label = _("Reject")

        def format_message(self, log_entry):
            reason = log_entry.data.get("reason", "")
            label = RejectionReason(reason).label if reason in RejectionReason.values else reason
            return _("Rejected at the step “%(step)s”: %(reason)s") % {
                "step": log_entry.data.get("task", {}).get("title", ""),
                "reason": label,
            }

        def format_comment(self, log_entry):
            return log_entry.data.get("comment", "")


@hooks.register("register_admin_urls")
def register_start_url():
    return [route("them-moi/<str:app_label>/<str:model_name>/", start_view, name="editorial_start")]


class UnitTargetViewSet(ModelViewSet):
    """The board's monthly target of items for each unit, shown against the figures in the report."""

    model = UnitTarget
    icon = "crosshairs"
    menu_label = _("Unit targets")
    menu_order = 8900
    add_to_admin_menu = True
    list_display = ["unit", "monthly_target", "note"]
    search_fields = ["unit__name", "note"]
    ordering = ["unit__sort_key"]


@hooks.register("register_admin_viewset")
def register_unit_target_viewset():
    return UnitTargetViewSet("editorial_unit_targets", url_prefix="unit-targets")
