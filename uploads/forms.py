"""The forms that take an image upload: the media library's (WAGTAILIMAGES_IMAGE_FORM_BASE) and
the profile picture of the account settings (/admin/account/)."""

from wagtail.admin.forms.account import AvatarPreferencesForm
from wagtail.images.fields import WagtailImageField
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


class SafeAvatarForm(AvatarPreferencesForm):
    """Wagtail's profile picture form with the same checks as the media library's images.

    Wagtail's own takes any file Pillow can open, of any size and any number of pixels, and
    stores it unchanged when it is at most 400 pixels wide and high. Here the field checks format,
    size and pixels as the media library does (WAGTAILIMAGES_*), and the polyglot checks run
    before Wagtail decodes the picture to shrink it.
    """

    avatar = WagtailImageField(label=AvatarPreferencesForm.base_fields["avatar"].label, required=False)

    def clean_avatar(self):
        uploaded = self.cleaned_data.get("avatar")
        if uploaded and "avatar" in self.changed_data:
            check_image(uploaded)
        return super().clean_avatar()
