from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.blocks import StreamBlockValidationError

from core.blocks import (
    CaptionedImageBlock,
    CaptionedTableBlock,
    DocumentLinkBlock,
    GalleryBlock,
    ParagraphBlock,
    QuoteBlock,
    VideoBlock,
)

NO_PARAGRAPH = _("Write the article's text: the body needs at least one paragraph.")


class ArticleBodyBlock(blocks.StreamBlock):
    """An article's body, which needs at least one paragraph to be published.

    Checked here rather than with Meta.block_counts: the editor's script shows a block count's
    minimum as an error as soon as a blank form opens, before anything is typed.
    """

    paragraph = ParagraphBlock()
    image = CaptionedImageBlock()
    gallery = GalleryBlock()
    quote = QuoteBlock()
    video = VideoBlock()
    document = DocumentLinkBlock()
    table = CaptionedTableBlock()

    class Meta:
        label = _("Article body")

    def clean(self, value):
        # As Wagtail's own required checks: not when a draft is saved.
        needs_paragraph = (
            self.required
            and not self.is_deferred_validation
            and not any(child.block_type == "paragraph" for child in value)
        )
        if needs_paragraph and not value:
            # Rather than a bare "This field is required.".
            raise StreamBlockValidationError(non_block_errors=[ValidationError(NO_PARAGRAPH)])
        cleaned = super().clean(value)
        if needs_paragraph:
            raise StreamBlockValidationError(non_block_errors=[ValidationError(NO_PARAGRAPH)])
        return cleaned
