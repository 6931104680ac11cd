"""The body of the introduction and English pages: the core blocks plus headings that split
a long page into sections (organisation, functions and duties...)."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks

from core.blocks import (
    CaptionedImageBlock,
    CaptionedTableBlock,
    DocumentLinkBlock,
    ParagraphBlock,
    QuoteBlock,
)


class HeadingBlock(blocks.CharBlock):
    """A section heading (h2): the page lists them as its table of contents."""

    class Meta:
        icon = "title"
        label = _("Section heading")
        template = "about/blocks/heading.html"
        form_classname = "title"


class AboutBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock(max_length=200)
    paragraph = ParagraphBlock()
    image = CaptionedImageBlock()
    table = CaptionedTableBlock()
    document = DocumentLinkBlock()
    quote = QuoteBlock()
