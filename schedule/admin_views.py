from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from . import weeks
from .copying import CopyRefused, copy_to_next_week, existing_week
from .models import WeeklySchedulePage
from .titles import week_title


def copy_week(request, page_id):
    """Ask, then create next week's draft from this week and open it in the editor."""
    source = get_object_or_404(WeeklySchedulePage, pk=page_id)
    schedule_index = source.get_parent()
    if not schedule_index.permissions_for_user(request.user).can_add_subpage():
        raise PermissionDenied
    target = weeks.next_week(source.week_start)
    existing = existing_week(schedule_index, target)
    if existing is not None:
        messages.error(
            request, _("%(title)s already exists, so nothing was copied. Edit it instead.") % {"title": existing.title}
        )
        return redirect("wagtailadmin_pages:edit", existing.pk)

    if request.method == "POST":
        try:
            copy = copy_to_next_week(source, request.user)
        except CopyRefused as refusal:
            messages.error(request, refusal.message)
            if refusal.page is not None:
                return redirect("wagtailadmin_pages:edit", refusal.page.pk)
            return redirect("wagtailadmin_explore", schedule_index.pk)
        messages.success(
            request,
            _("Draft “%(title)s” created from %(source)s. Check the entries, then publish it.")
            % {"title": copy.title, "source": source.title},
        )
        return redirect("wagtailadmin_pages:edit", copy.pk)

    return TemplateResponse(
        request,
        "schedule/admin/copy_week.html",
        {
            "page_title": _("Copy to next week"),
            "header_icon": "copy",
            "source": source,
            "target_title": week_title(target),
            "entry_count": source.get_latest_revision_as_object().entries.count(),
            "cancel_url": reverse("wagtailadmin_explore", args=[schedule_index.pk]),
        },
    )
