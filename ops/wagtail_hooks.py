"""Two editors on one page: the later save must not silently bury the earlier one."""

from django.contrib import messages
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail import hooks

from core.text import person_name


@hooks.register("after_edit_page")
def warn_when_a_newer_revision_was_overwritten(request, page):
    """Warn the editor whose form was loaded before someone else saved.

    Wagtail 8 refuses such a save only for autosave (JSON) requests ("Saving will overwrite a
    newer version"); a normal save goes through and becomes the latest revision. Both revisions
    stay in the page's history, and this message tells the editor to compare them, so the other
    person's work is not lost without anyone knowing.
    """
    loaded = request.POST.get("loaded_revision_id")
    if not loaded:
        return None
    revisions = list(page.revisions.order_by("-created_at", "-pk").select_related("user")[:2])
    if len(revisions) < 2:
        return None
    mine, previous = revisions
    if mine.user_id != request.user.pk or str(mine.pk) == loaded or str(previous.pk) == loaded:
        return None
    messages.warning(
        request,
        _(
            "While you were editing, %(name)s saved a newer version (at %(time)s). Both versions are "
            "kept in the page's history: compare them and bring back anything that is missing."
        )
        % {
            "name": person_name(previous.user) if previous.user else _("someone"),
            "time": timezone.localtime(previous.created_at).strftime("%H:%M %d/%m/%Y"),
        },
    )
    return None
