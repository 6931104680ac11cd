from django.utils.translation import gettext_lazy as _

from wagtail import blocks

from core.blocks import (
    CaptionedImageBlock,
    CaptionedTableBlock,
    DocumentLinkBlock,
    GalleryBlock,
    ParagraphBlock,
    QuoteBlock,
    VideoBlock,
)


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = ParagraphBlock()
    image = CaptionedImageBlock()
    gallery = GalleryBlock()
    quote = QuoteBlock()
    video = VideoBlock()
    document = DocumentLinkBlock()
    table = CaptionedTableBlock()

    class Meta:
        label = _("Article body")
        block_counts = {"paragraph": {"min_num": 1}}
