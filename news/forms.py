from django.utils.translation import gettext_lazy as _

from core.forms import PortalPageForm

SECTION_REQUIRED = _("Choose the district section this article belongs to.")


class NewsArticlePageForm(PortalPageForm):
    def clean(self):
        cleaned_data = super().clean()
        parent = self.parent_page or (self.instance.get_parent() if self.instance.pk else None)
        if parent is not None and not self.instance.takes_section_from(parent) and not cleaned_data.get("section"):
            self.add_error("section", SECTION_REQUIRED)
        return cleaned_data
