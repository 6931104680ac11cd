from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import Panel

from .checks import check_article
from .duplicates import find_duplicates
from .models import QualitySettings


class QualityPanel(Panel):
    """The checklist and the likely duplicates, at the top of the article editor.

    Reviewers review in the same editor, so they see it too, with a one-click rejection as a
    duplicate when their step allows it.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("heading", _("Quality check"))
        super().__init__(*args, **kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "quality/panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            quality_settings = QualitySettings.load(request_or_site=self.request)
            context["checks"] = check_article(page, quality_settings)
            context["warnings"] = [check for check in context["checks"] if not check.passed]
            context["duplicates"] = (
                find_duplicates(page, threshold=quality_settings.duplicate_threshold / 100) if page.pk else []
            )
            context["refuse_url"] = self._refuse_url(page)
            return context

        def _refuse_url(self, page):
            """Where a reviewer's "reject as a duplicate" goes, if this reviewer may reject now."""
            from django.urls import reverse

            if not page.pk:
                return None
            task_state = page.current_workflow_task_state
            if task_state is None:
                return None
            actions = task_state.task.specific.get_actions(page, self.request.user)
            if not any(name == "refuse" for name, _label, _modal in actions):
                return None
            return reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "refuse", task_state.pk))
