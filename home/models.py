from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel

from core.expiry import unexpired_q
from core.pages import BasePage
from legal_docs.models import LegalDocumentPage
from news.models import HERO_IMAGE_FILTERS, NewsArticlePage, NewsCategoryPage
from schedule.models import unrestricted, week_at_a_glance

LATEST_COUNT = 8
PER_SECTION = 4
DOCUMENT_COUNT = 5


class HomePage(BasePage):
    """The site's root page: the top story, the newest items, each section's latest, this week's
    schedule, the newest documents, links to other portals and the contacts."""

    top_story = models.ForeignKey(
        "news.NewsArticlePage",
        verbose_name=_("top story"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty: the newest article with an image."),
    )

    content_panels = [*BasePage.content_panels, FieldPanel("top_story")]

    # Each section of the site (news, documents, schedules, communes) declares HomePage as its
    # parent, so the home page needs no list of the apps above it.
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = NewsArticlePage.objects.descendant_of(self)
        latest = list(articles.for_listing(*HERO_IMAGE_FILTERS)[: LATEST_COUNT + 1])
        top_story = self._top_story(latest)
        context["top_story"] = top_story
        context["latest_articles"] = [a for a in latest if a != top_story][:LATEST_COUNT]
        context["section_blocks"] = self._section_blocks(articles)
        context["week_schedule"] = week_at_a_glance(self, timezone.localdate())
        context["newest_documents"] = self._newest_documents()
        return context

    def _newest_documents(self):
        """The newest live, public, unexpired documents: one query (``public()`` would add one)."""
        return list(
            LegalDocumentPage.objects.descendant_of(self)
            .live()
            .filter(unrestricted(), unexpired_q())
            .select_related("document_type", "issuing_body")
            .defer("search_text", "text_content", "text_source", "notes")
            .order_by("-issue_date", "-pk")[:DOCUMENT_COUNT]
        )

    def _top_story(self, latest):
        if self.top_story_id:
            chosen = NewsArticlePage.objects.for_listing(*HERO_IMAGE_FILTERS).filter(pk=self.top_story_id).first()
            if chosen:
                return chosen
        return next((a for a in latest if a.featured_image_id), latest[0] if latest else None)

    def _section_blocks(self, articles):
        """[(section, its newest articles)], sections in tree order, empty ones left out."""
        sections = list(
            NewsCategoryPage.objects.live()
            .filter(unexpired_q())
            .descendant_of(self)
            .order_by("path")
            .values_list("pk", flat=True)
        )
        by_section = {}
        for article in articles.latest_per_section(PER_SECTION, sections):
            by_section.setdefault(article.section, []).append(article)
        return sorted(by_section.items(), key=lambda item: item[0].path)
