"""The document page editor's form."""

from django.utils.translation import gettext_lazy as _

from wagtail.models import Page

from core.forms import PortalPageForm


class LegalDocumentPageForm(PortalPageForm):
    """The document editor: the title and the slug may be left empty, they come from the number."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "title" in self.fields:
            self.fields["title"].required = False
            self.fields["title"].help_text = _(
                "Empty: made from the type and the number, e.g. “Quyết định số 7210/QĐ-UBND”. "
                "Empty it again after changing the number."
            )

    def clean_slug(self):
        # Not from the title, as the core form does: from the number, once it is cleaned (below).
        return self.cleaned_data.get("slug")

    def clean(self):
        data = self.cleaned_data
        if not data.get("title") or not data.get("slug"):
            probe = self._meta.model(
                number=data.get("number") or "",
                document_type=data.get("document_type"),
                issue_date=data.get("issue_date"),
            )
            if not data.get("title"):
                if probe.number:
                    data["title"] = probe.auto_title()
                else:
                    self.add_error("title", _("Give a title, or a number to make it from."))
            if "slug" in self.fields and not data.get("slug") and probe.number:
                data["slug"] = self._free_slug(probe.default_slug())
        return super().clean()

    def _free_slug(self, base):
        parent = self.parent_page or (self.instance.get_parent() if self.instance.pk else None)
        if not base or parent is None:
            return base
        slug, suffix = base, 2
        # Wagtail's private sibling check, the one its own slug validation uses; no public API
        # (tests/core/test_wagtail_private_apis.py).
        while not Page._slug_is_available(slug, parent, self.instance):
            slug, suffix = f"{base}-{suffix}", suffix + 1
        return slug
