from django import forms

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import Page

from .slugs import slug_input
from .text import fold_slug, slugify_vi


class FoldedSlugField(forms.SlugField):
    """A page's slug as typed, pasted or posted: Vietnamese letters folded, never dropped."""

    def to_python(self, value):
        return fold_slug(super().to_python(value))


class PortalPageForm(WagtailAdminPageForm):
    """The page editor's form: the slug folds Vietnamese in the browser (``core.slugs``) and on
    the server, and an empty one is folded from the title.

    The server side covers editors without the script, pasted slugs and scripted posts.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only where the page type's panels show the slug (a week's page does not).
        slug = self.fields.get("slug")
        if slug is not None:
            self.fields["slug"] = FoldedSlugField(
                label=slug.label,
                help_text=slug.help_text,
                max_length=slug.max_length,
                required=False,
                widget=slug_input(),
            )

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
