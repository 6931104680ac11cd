from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import F, Prefetch, Window
from django.db.models.functions import RowNumber
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Orderable, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from core.expiry import unexpired_q
from core.models import SiteSettings
from core.pages import BasePage, SectionIndexPage
from core.pagination import paginate
from pagecache.fragments import cached

from .blocks import ArticleBodyBlock
from .feeds import NewsFeed
from .forms import SECTION_REQUIRED, NewsArticlePageForm

LISTING_PER_PAGE = 20
# The renditions of a listing card and of the home page's top story: WebP with a JPEG fallback,
# a phone's and a desktop's width each, as the templates' {% picture %} tags name them
# ("format-{webp,jpeg} fill-{...}-c100", expanded in that order). Listings prefetch them, so a
# listing costs the same at any size, and each is generated once, on first use.
CARD_IMAGE_FILTERS = tuple(f"format-{f}|fill-{size}-c100" for f in ("webp", "jpeg") for size in ("240x150", "480x300"))
HERO_IMAGE_FILTERS = tuple(f"format-{f}|fill-{size}-c100" for f in ("webp", "jpeg") for size in ("480x270", "960x540"))
SHARE_IMAGE_FILTER = "fill-1200x630-c100"


class NewsArticleQuerySet(PageQuerySet):
    def published(self):
        """Live, public, unexpired articles, newest first, without their (heavy) body."""
        return self.live().public().filter(unexpired_q()).defer_streamfields().order_by("-publication_date", "-pk")

    def for_listing(self, *image_filters):
        """``published()`` with what a listing card shows, fetched in a fixed number of queries.

        ``image_filters`` are renditions the template needs besides the card's own.
        """
        images = get_image_model().objects.prefetch_renditions(*CARD_IMAGE_FILTERS, *image_filters)
        return (
            self.published()
            .select_related("section", "contributing_unit")
            .prefetch_related(Prefetch("featured_image", queryset=images))
        )

    def latest_per_section(self, per_section: int, section_ids: list[int]):
        """The newest ``per_section`` articles of each of these sections, in two queries.

        On PostgreSQL each section's newest are found through its (section, date) index and the
        parts joined with UNION ALL: a few milliseconds at 100,000 articles, where numbering
        every article of every section (a window function, the fallback for SQLite, which
        cannot limit the parts of a UNION) takes half a second.
        """
        if not section_ids:
            return self.none()
        if not connection.features.supports_slicing_ordering_in_compound:
            return (
                self.for_listing()
                .filter(section_id__in=section_ids)
                .annotate(
                    rank_in_section=Window(
                        RowNumber(),
                        partition_by=[F("section_id")],
                        order_by=[F("publication_date").desc(), F("pk").desc()],
                    )
                )
                .filter(rank_in_section__lte=per_section)
            )
        published = self.published()  # view restrictions read once, shared by every part
        parts = [published.filter(section_id=pk).values_list("pk", flat=True)[:per_section] for pk in section_ids]
        newest = parts[0].union(*parts[1:], all=True)
        return self.for_listing().filter(pk__in=list(newest))


NewsArticlePageManager = PageManager.from_queryset(NewsArticleQuerySet)


class NewsFeedMixin(RoutablePageMixin):
    """A listing page with its own RSS feed at ``rss/``."""

    @path("rss/", name="rss")
    def rss(self, request):
        return NewsFeed(self)(request)

    def get_feed_url(self, request=None):
        return self.get_url(request) + self.reverse_subpage("rss")

    def get_cached_paths(self):
        # A front-end cache purges the feed together with the listing.
        return ["/", "/rss/"]


class NewsIndexPage(NewsFeedMixin, SectionIndexPage):
    """ "Tin tức": all sections' articles, newest first, and the site-wide RSS feed."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.NewsCategoryPage"]

    class Meta:
        verbose_name = _("news index")
        verbose_name_plural = _("news indexes")

    def sections(self):
        return NewsCategoryPage.objects.child_of(self).live().public().filter(unexpired_q()).order_by("path")

    def articles(self):
        # By section, not by tree position: articles filed under a commune are listed too.
        return NewsArticlePage.objects.filter(section__path__startswith=self.path).for_listing()

    @path("")
    def listing(self, request):
        articles = self.articles()
        asked = request.GET.get("tag", "").strip()[:100]
        tag = asked.replace("\x00", "")
        if tag != asked:
            # No tag holds a NUL (forms refuse it), and PostgreSQL fails on one: nothing is tagged so.
            articles = articles.none()
        elif tag:
            articles = articles.filter(tags__name=tag)
        # Tags are many and rarely asked for: only the whole list's count is kept.
        count_key = None if asked else f"listing-count:{self.pk}"
        return self.render(
            request,
            context_overrides={
                "articles": paginate(request, articles, LISTING_PER_PAGE, count_key=count_key),
                "tag": tag,
            },
        )


class NewsCategoryPage(NewsFeedMixin, BasePage):
    """A section ("chuyên mục") such as "Văn hóa – Xã hội"."""

    intro = models.TextField(_("introduction"), blank=True, max_length=500)

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]

    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = ["news.NewsArticlePage"]

    class Meta:
        verbose_name = _("news section")
        verbose_name_plural = _("news sections")

    def articles(self):
        # By the section field, not by tree position: commune articles point here too.
        return NewsArticlePage.objects.filter(section=self).for_listing()

    @path("")
    def listing(self, request):
        articles = paginate(request, self.articles(), LISTING_PER_PAGE, count_key=f"listing-count:{self.pk}")
        return self.render(request, context_overrides={"articles": articles})

    def get_meta_description(self):
        return self.search_description or self.intro


def is_section_page(page) -> bool:
    """Whether ``page`` is a news section (its articles take the section from it)."""
    return page.specific_class is not None and issubclass(page.specific_class, NewsCategoryPage)


class SectionPanel(FieldPanel):
    """The section chooser, shown only where the parent page is not itself a section.

    Articles filed under a section take it from their place in the tree; articles filed
    elsewhere (a commune's own page) must point to one.
    """

    class BoundPanel(FieldPanel.BoundPanel):
        def is_shown(self):
            parent = getattr(self.form, "parent_page", None)
            return parent is not None and not is_section_page(parent) and super().is_shown()


class NewsArticleTag(TaggedItemBase):
    content_object = ParentalKey("news.NewsArticlePage", on_delete=models.CASCADE, related_name="tagged_items")


class NewsArticlePage(BasePage):
    """A news item or article ("tin, bài")."""

    serve_select_related = ("featured_image",)

    lead = models.TextField(
        _("lead"), max_length=600, help_text=_("The summary shown in bold under the title and in listings.")
    )
    featured_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("featured image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    featured_image_caption = models.CharField(_("featured image caption"), max_length=300, blank=True)
    featured_image_alt = models.CharField(
        _("featured image alt text"),
        max_length=255,
        blank=True,
        help_text=_("What the image shows, for readers who cannot see it. Empty: the image's own description."),
    )
    body = StreamField(ArticleBodyBlock(), verbose_name=_("body"))
    author_names = models.CharField(
        _("authors"),
        max_length=255,
        blank=True,
        help_text=_("As printed under the article, e.g. “Nguyễn Văn An (CTV)”."),
    )
    contributing_unit = models.ForeignKey(
        "core.Unit",
        verbose_name=_("contributing unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="news_articles",
    )
    source = models.CharField(_("source"), max_length=255, blank=True)
    tags = ClusterTaggableManager(through=NewsArticleTag, blank=True, verbose_name=_("tags"))
    publication_date = models.DateTimeField(
        _("publication date"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Shown on the article and used to order listings. Empty: the time it is first published."),
    )
    # The district section the article is listed in. Set from the parent for articles filed
    # under a section; commune articles (filed under their commune) point to one directly.
    section = models.ForeignKey(
        NewsCategoryPage,
        verbose_name=_("section"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="section_articles",
    )

    objects = NewsArticlePageManager()
    base_form_class = NewsArticlePageForm

    content_panels = [
        *BasePage.content_panels,
        SectionPanel("section"),
        FieldPanel("lead"),
        MultiFieldPanel(
            [FieldPanel("featured_image"), FieldPanel("featured_image_caption"), FieldPanel("featured_image_alt")],
            heading=_("Featured image"),
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("author_names"), FieldPanel("contributing_unit"), FieldPanel("source")],
            heading=_("Authors and source"),
        ),
        FieldPanel("tags"),
        InlinePanel("related_links", heading=_("Related articles"), label=_("related article")),
    ]
    settings_panels = [FieldPanel("publication_date"), *BasePage.settings_panels]

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("lead", boost=2),
        index.SearchField("body"),
        index.SearchField("author_names"),
        index.FilterField("section"),
        index.FilterField("publication_date"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]

    # Communes (an app above news) file their own articles under their commune page.
    parent_page_types = ["news.NewsCategoryPage", "communes.CommunePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")
        indexes = [models.Index(fields=["section", "-publication_date"], name="news_article_section_date")]

    def _parent(self):
        return self.get_parent() if self.path else getattr(self, "_cached_parent_obj", None)

    @staticmethod
    def takes_section_from(parent) -> bool:
        """Whether an article filed under ``parent`` takes its section from it; others must choose one."""
        return is_section_page(parent)

    def clean(self):
        super().clean()
        parent = self._parent()
        if parent is not None and not is_section_page(parent) and not self.section_id:
            raise ValidationError({"section": SECTION_REQUIRED})

    def save(self, *args, **kwargs):
        parent = self._parent()
        if parent is not None and is_section_page(parent):
            self.section_id = parent.pk
        if self.live and not self.publication_date and self.first_published_at:
            self.publication_date = self.first_published_at
        return super().save(*args, **kwargs)

    @property
    def display_date(self):
        return self.publication_date or self.first_published_at

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if self.section_id:
            # Every article of a section shows the same section: read once per content version.
            self.section = cached(
                f"section:{self.section_id}", lambda: NewsCategoryPage.objects.get(pk=self.section_id)
            )
        context["related_cards"] = self.related_cards(request)
        # A list, so that "no news index above" (a commune's article) is kept too.
        (context["news_index"],) = cached(
            f"news-index-above:{self.path[: -self.steplen]}",
            lambda: [NewsIndexPage.objects.ancestor_of(self).live().first()],
            request,
        )
        context["json_ld_data"] = self.get_json_ld(request)
        return context

    def get_image_alt(self) -> str:
        if self.featured_image_alt:
            return self.featured_image_alt
        if self.featured_image and self.featured_image.description:
            return self.featured_image.description
        return self.featured_image_caption or self.title

    def get_meta_description(self):
        return self.search_description or self.lead

    def get_share_image(self):
        return self.featured_image

    def related_cards(self, request, limit: int = 5) -> list[str]:
        """The related column's cards (HTML): the articles the editor picked, then the newest of
        the same section.

        The section's newest cards are the same for each of its articles: rendered once per
        section, site and content version, and shared. Picked articles cost a query only when
        there are some.
        """
        picked_ids = list(self.related_links.values_list("related_article_id", flat=True))
        cards = []
        if picked_ids:
            picked = NewsArticlePage.objects.filter(pk__in=picked_ids).published()
            picked = picked.select_related("section", "contributing_unit").in_bulk()
            cards = [(pk, _compact_card(picked[pk], request)) for pk in picked_ids if pk in picked][:limit]
        if len(cards) < limit and self.section_id:
            shown = {pk for pk, _card in cards} | {self.pk}
            cards += [card for card in self._section_cards(request, 2 * limit) if card[0] not in shown]
        return [html for _pk, html in cards[:limit]]

    def _section_cards(self, request, count: int) -> list[tuple[int, str]]:
        def render():
            newest = NewsArticlePage.objects.filter(section_id=self.section_id).published()
            newest = newest.select_related("section", "contributing_unit")[:count]
            return [(page.pk, _compact_card(page, request)) for page in newest]

        # The host: a link is relative on its own site and absolute on another one.
        return cached(f"section-cards:{self.section_id}:{request.get_host()}:{count}", render, request)

    def get_json_ld(self, request=None) -> dict:
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": self.title[:110],
            "description": self.lead,
            "mainEntityOfPage": self.get_full_url(request),
            "inLanguage": "vi",
        }
        if self.display_date:
            data["datePublished"] = self.display_date.isoformat()
        if self.last_published_at:
            data["dateModified"] = self.last_published_at.isoformat()
        if self.author_names:
            data["author"] = [{"@type": "Person", "name": name.strip()} for name in self.author_names.split(",")]
        if self.section_id:
            data["articleSection"] = self.section.title
        if self.featured_image_id:
            rendition = self.featured_image.get_rendition(SHARE_IMAGE_FILTER)
            data["image"] = [request.build_absolute_uri(rendition.url) if request else rendition.url]
        if request is not None:
            portal = SiteSettings.for_request(request)
            data["publisher"] = {"@type": "GovernmentOrganization", "name": portal.governing_body}
        return data


def _compact_card(article, request) -> str:
    # Without the context processors: a card only needs the request, for its link.
    return render_to_string("includes/article_card.html", {"article": article, "compact": True, "request": request})


def add_editor_panel(panel) -> None:
    """Show ``panel`` at the top of the article editor (used by apps above news: quality)."""
    if panel not in NewsArticlePage.content_panels:
        NewsArticlePage.content_panels = [panel, *NewsArticlePage.content_panels]


class NewsArticleRelatedLink(Orderable):
    article = ParentalKey(NewsArticlePage, on_delete=models.CASCADE, related_name="related_links")
    related_article = models.ForeignKey(
        NewsArticlePage, verbose_name=_("article"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [PageChooserPanel("related_article", "news.NewsArticlePage")]

    class Meta(Orderable.Meta):
        verbose_name = _("related article")
        verbose_name_plural = _("related articles")
