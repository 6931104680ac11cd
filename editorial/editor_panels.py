"""What the author reads at the top of the article editor: the decision that sent the item back."""

from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import Panel

from .models import EditorialDecision

SENT_BACK = {
    EditorialDecision.Action.REJECTED: _("Rejected (not published)"),
    EditorialDecision.Action.CHANGES_REQUESTED: _("Changes requested"),
}


def last_sending_back(page) -> EditorialDecision | None:
    """The page's last decision, when it is a rejection or a request for changes."""
    if page is None or page.pk is None:
        return None
    last = EditorialDecision.objects.filter(page_id=page.pk).select_related("user").order_by("-created_at", "-pk")
    decision = last.first()
    return decision if decision is not None and decision.action in SENT_BACK else None


class ReviewOutcomePanel(Panel):
    """The state (rejected, or changes requested), the step, who, when, the reason and the comment."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("heading", _("Review decision"))
        super().__init__(*args, **kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "editorial/editor/review_outcome.html"

        @cached_property
        def decision(self):
            return last_sending_back(self.instance)

        def is_shown(self):
            return self.decision is not None and super().is_shown()

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["decision"] = self.decision
            context["state"] = SENT_BACK[self.decision.action]
            context["rejected"] = self.decision.action == EditorialDecision.Action.REJECTED
            return context
