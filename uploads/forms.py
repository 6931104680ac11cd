"""The media library's image form (WAGTAILIMAGES_IMAGE_FORM_BASE)."""

from wagtail.images.forms import BaseImageForm

from .checks import check_image


class SafeImageForm(BaseImageForm):
    """Wagtail's image form plus the polyglot checks of ``uploads.checks``.

    It guards every upload path of the media library: the images screen, the multiple uploader
    and the chooser's upload tab. Wagtail's field has already checked format, size and pixels.
    """

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded and "file" in self.changed_data:
            check_image(uploaded)
        return uploaded
