from django.utils.translation import gettext_lazy as _

from core.forms import PortalPageForm

SECTION_REQUIRED = _("Choose the district section this article belongs to.")


class NewsArticlePageForm(PortalPageForm):
    def clean(self):
        cleaned_data = super().clean()
        parent = self.parent_page or (self.instance.get_parent() if self.instance.pk else None)
        if parent is not None and not is_section_page(parent) and not cleaned_data.get("section"):
            self.add_error("section", SECTION_REQUIRED)
        return cleaned_data


def is_section_page(page) -> bool:
    """Whether ``page`` is a news section (its articles take the section from it)."""
    from .models import NewsCategoryPage

    return page.specific_class is not None and issubclass(page.specific_class, NewsCategoryPage)
