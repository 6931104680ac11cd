"""Keep the extracted text of documents in step with their files in the media library."""


def refresh_text_of_documents(sender, instance, created=False, raw=False, update_fields=None, **kwargs):
    """A file replaced in the media library changes the text of every document that attaches it."""
    if created or raw or (update_fields is not None and "file" not in update_fields):
        return
    from .models import LegalDocumentPage

    for page in LegalDocumentPage.objects.filter(attachments__document=instance).distinct():
        if page.refresh_text():
            LegalDocumentPage.objects.filter(pk=page.pk).update(
                text_content=page.text_content, text_source=page.text_source
            )
