from django.db.models import F
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import Panel
from wagtail.models import Page
from wagtail.permissions import policy_registry

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
            duplicates = find_duplicates(page, threshold=quality_settings.duplicate_threshold / 100) if page.pk else []
            named = self._nameable([match.page.pk for match in duplicates])
            context["duplicates"] = [match for match in duplicates if match.page.pk in named]
            context["unnamed_duplicates"] = [match for match in duplicates if match.page.pk not in named]
            context["refuse_url"] = self._refuse_url(page)
            return context

        def _nameable(self, page_ids) -> set[int]:
            """Of ``page_ids``, the pages this user may read the title of: those of their explorer
            (the admin's one visibility rule, registered as the page permission policy) and those
            readers see. Another commune's waiting article is counted, never named."""
            pages = Page.objects.filter(pk__in=page_ids)
            explorable = policy_registry.get_by_type(Page).explorable_instances(self.request.user)
            published = pages.live().public().filter(draft_title=F("title"))
            return set(pages.filter(pk__in=explorable.values("pk")).values_list("pk", flat=True)) | set(
                published.values_list("pk", flat=True)
            )

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
