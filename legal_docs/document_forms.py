"""The media library's upload form, with the content check every document upload gets."""

from wagtail.documents.forms import BaseDocumentForm

from .files import validate_file


class SafeDocumentForm(BaseDocumentForm):
    """Wagtail's document form, refusing files whose content is not what their name says.

    Set as WAGTAILDOCS_DOCUMENT_FORM_BASE, so it guards every upload path of the media library:
    the documents screen, the multiple uploader and the chooser's upload tab.
    """

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded and "file" in self.changed_data:
            validate_file(uploaded)
        return uploaded
