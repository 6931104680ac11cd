from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.widgets.button import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_views
from .copying import latest_week
from .entries import Leader
from .models import ScheduleIndexPage, WeeklySchedulePage


class LeaderViewSet(SnippetViewSet):
    model = Leader
    icon = "user"
    menu_label = _("Leaders")
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["name", "position", "sort_order", "is_active"]
    list_filter = ["is_active"]


register_snippet(LeaderViewSet)


@hooks.register("register_admin_urls")
def register_schedule_admin_urls():
    return [path("lich-cong-tac/sao-chep/<int:page_id>/", admin_views.copy_week, name="schedule_copy_week")]


@hooks.register("register_page_header_buttons")
def copy_week_button(page, user, view_name, next_url=None):
    """On a week: copy it to the next week. On the schedule index: copy the latest week."""
    specific_class = page.specific_class
    if specific_class is WeeklySchedulePage:
        source, schedule_index, label = page, page.get_parent(), _("Copy to next week")
    elif specific_class is ScheduleIndexPage:
        source, schedule_index, label = latest_week(page), page, _("Copy the latest week to the next")
    else:
        return
    if source is None or not schedule_index.permissions_for_user(user).can_add_subpage():
        return
    yield Button(label, reverse("schedule_copy_week", args=[source.pk]), icon_name="copy", priority=12)


@hooks.register("before_copy_page")
def copy_weeks_with_their_own_action(request, page):
    # Wagtail's copy would keep the week (and its slug) and clash with the original.
    if page.specific_class is WeeklySchedulePage:
        messages.info(
            request,
            gettext("A week's schedule is copied to the following week, with its entries moved on by seven days."),
        )
        return redirect("schedule_copy_week", page.pk)
    return None
