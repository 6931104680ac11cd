from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField


class ArticleFingerprint(models.Model):
    """The MinHash signature of an article's latest revision (quality.fingerprints)."""

    page = models.OneToOneField("wagtailcore.Page", on_delete=models.CASCADE, primary_key=True, related_name="+")
    signature = models.BinaryField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("article fingerprint")
        verbose_name_plural = _("article fingerprints")

    def __str__(self):
        return f"fingerprint of page {self.page_id}"


class FingerprintBand(models.Model):
    """One band of a signature: articles sharing a key are duplicate candidates."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    key = models.BigIntegerField(db_index=True)

    class Meta:
        verbose_name = _("fingerprint band")
        verbose_name_plural = _("fingerprint bands")

    def __str__(self):
        return f"band {self.key} of page {self.page_id}"


@register_setting(icon="help")
class QualitySettings(BaseGenericSetting):
    """What the checklist expects of an article, and the writing guide linked from the editor."""

    min_image_width = models.PositiveIntegerField(
        _("minimum image width (px)"), default=1200, help_text=_("Narrower photos look blurred on large screens.")
    )
    min_body_words = models.PositiveIntegerField(_("minimum body length (words)"), default=150)
    duplicate_threshold = models.PositiveSmallIntegerField(
        _("duplicate warning from (percent similar)"), default=50, help_text=_("Between 20 and 95.")
    )
    writing_guide = RichTextField(
        _("writing guide"),
        blank=True,
        features=["h2", "h3", "bold", "italic", "ol", "ul", "link"],
        help_text=_("How to write a news item for the portal and the photo rules, shown to every editor."),
    )

    panels = [
        FieldPanel("writing_guide"),
        FieldPanel("min_image_width"),
        FieldPanel("min_body_words"),
        FieldPanel("duplicate_threshold"),
    ]

    class Meta:
        verbose_name = _("quality checks and writing guide")
        verbose_name_plural = _("quality checks and writing guide")

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if not 20 <= self.duplicate_threshold <= 95:
            raise ValidationError({"duplicate_threshold": _("Choose a value between 20 and 95.")})
