from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import Page

from .text import slugify_vi


class PortalPageForm(WagtailAdminPageForm):
    """The page editor's form, which folds an empty slug from the title on the server too.

    The admin's JavaScript fills the slug while typing; this covers editors without it and
    scripted posts, with the same Vietnamese folding.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False

    def clean_slug(self):
        slug = self.cleaned_data.get("slug")
        title = self.cleaned_data.get("title")
        if slug or not title:
            return slug
        base = slugify_vi(title)
        parent = self.parent_page or (self.instance.get_parent() if self.instance.pk else None)
        slug, suffix = base, 2
        # Wagtail's private sibling check, the one its own slug validation uses; no public API
        # (tests/core/test_wagtail_private_apis.py).
        while parent is not None and not Page._slug_is_available(slug, parent, self.instance):
            slug, suffix = f"{base}-{suffix}", suffix + 1
        return slug
