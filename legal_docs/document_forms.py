"""The media library's upload form, with the content check every document upload gets."""

from wagtail.documents.forms import BaseDocumentForm

from uploads.checks import check_document_head
from uploads.collections import own_collection

from .files import validate_file


class SafeDocumentForm(BaseDocumentForm):
    """Wagtail's document form, refusing files whose content is not what their name says.

    Set as WAGTAILDOCS_DOCUMENT_FORM_BASE, so it guards every upload path of the media library:
    the documents screen, the multiple uploader and the chooser's upload tab. A new document
    starts in its uploader's own collection (``uploads.collections``), not in the root.
    """

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        # A new document's collection defaults to the root (the model field's default), unless the
        # view passed one (the collection the documents listing was filtered by).
        chosen = (kwargs.get("initial") or {}).get("collection")
        if "collection" in self.fields and not self.instance.pk and not chosen:
            own = own_collection(user, self.collections)
            if own is not None:
                self.initial["collection"] = own.pk

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded and "file" in self.changed_data:
            validate_file(uploaded)
            check_document_head(uploaded)
        return uploaded

    def _post_clean(self):
        # Once the uploaded file is refused, the model's own check sees no file at all and would
        # add a confusing 'extension “” is not allowed' under the real reason: keep only that.
        refused = len(self._errors.get("file", [])) if self._errors else 0
        super()._post_clean()
        if refused:
            del self._errors["file"][refused:]
