"""StreamField blocks shared by every content app.

Grouped by size: small pieces first, then the pieces they compose.
"""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

# --- Small pieces -------------------------------------------------------------------------


class ParagraphBlock(blocks.RichTextBlock):
    class Meta:
        icon = "pilcrow"
        label = _("Paragraph")
        template = "core/blocks/paragraph.html"
        preview_value = "<p>Sáng nay, UBND huyện tổ chức hội nghị triển khai nhiệm vụ năm mới.</p>"
        description = _("A paragraph of formatted text")


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quotation"))
    attribution = blocks.CharBlock(label=_("Who said it"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = _("Quotation")
        template = "core/blocks/quote.html"
        preview_value = {
            "text": "Mỗi tin, bài đăng trên Cổng phải chính xác, kịp thời.",
            "attribution": "Trưởng Ban Biên tập",
        }
        description = _("A highlighted quotation and who said it")


# --- Composed pieces ----------------------------------------------------------------------


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=300)
    credit = blocks.CharBlock(label=_("Photo credit"), required=False, max_length=120)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "core/blocks/captioned_image.html"
        description = _("An image with its caption and photographer")


class GalleryBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=200)
    images = blocks.ListBlock(CaptionedImageBlock(label=_("Image")), min_num=2, label=_("Images"))

    class Meta:
        icon = "copy"
        label = _("Photo gallery")
        template = "core/blocks/gallery.html"
        description = _("Several images shown together")


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(label=_("Video address"), help_text=_("A YouTube or Vimeo link."))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=300)

    class Meta:
        icon = "media"
        label = _("Video")
        template = "core/blocks/video.html"
        description = _("An embedded video")


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        label=_("Link text"), required=False, max_length=255, help_text=_("Leave empty to use the document title.")
    )

    class Meta:
        icon = "doc-full"
        label = _("Attached document")
        template = "core/blocks/document_link.html"
        description = _("A downloadable file")


class CaptionedTableBlock(blocks.StructBlock):
    caption = blocks.CharBlock(label=_("Table caption"), required=False, max_length=255)
    table = TableBlock(
        label=_("Table"),
        table_options={"contextMenu": ["row_above", "row_below", "col_left", "col_right", "remove_row", "remove_col"]},
    )

    class Meta:
        icon = "table"
        label = _("Table")
        template = "core/blocks/table.html"
        description = _("A table of figures with an optional caption")
