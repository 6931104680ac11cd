"""The pages Decree 42/2022/NĐ-CP requires of every portal besides the news: the district's
introduction (organisation, functions and duties, leaders, contacts), the same in English, and
links to other agencies (a list the editorial board keeps as a snippet)."""

from django.db import models
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Orderable
from wagtail.search import index

from core.pages import BasePage
from core.sanitize import safe_url

from .blocks import AboutBodyBlock

LEADER_PHOTO_FILTER = "fill-240x300-c100"


class AgencyLink(models.Model):
    """A link to another agency's portal, shown on the links page and, if featured, on the
    home page and in the footer."""

    class Group(models.TextChoices):
        # The order here is the order of the groups on the links page.
        PROVINCE = "province", _("Province")
        NATIONAL = "national", _("National")
        DISTRICT = "district", _("District bodies")
        OTHER = "other", pgettext_lazy("agency link group", "Other")

    name = models.CharField(_("name"), max_length=200)
    url = models.URLField(_("address"), max_length=500)
    group = models.CharField(_("group"), max_length=20, choices=Group.choices, default=Group.PROVINCE)
    sort_order = models.PositiveSmallIntegerField(
        _("order"), default=100, help_text=_("Links are listed by this number, smallest first, within their group.")
    )
    featured = models.BooleanField(
        _("on the home page and in the footer"),
        default=False,
        help_text=_("Keep this to a few links: the province and national portals."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("url"),
        FieldPanel("group"),
        FieldPanel("sort_order"),
        FieldPanel("featured"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("agency link")
        verbose_name_plural = _("agency links")

    def __str__(self):
        return self.name


def grouped_agency_links() -> list[tuple[str, list[AgencyLink]]]:
    """[(group label, its links)] in the order of ``AgencyLink.Group``, empty groups left out: one query."""
    by_group = {}
    for link in AgencyLink.objects.all():
        if safe_url(link.url):  # a "javascript:" address written into the database is never shown
            by_group.setdefault(link.group, []).append(link)
    return [(label, by_group[value]) for value, label in AgencyLink.Group.choices if value in by_group]


def featured_agency_links() -> list[AgencyLink]:
    return [link for link in AgencyLink.objects.filter(featured=True) if safe_url(link.url)]


class AboutPage(BasePage):
    """A page that sits once under the home page."""

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        abstract = True

    def body_headings(self) -> list[tuple[str, str]]:
        """[(anchor, heading)] of the body's section headings, for the table of contents."""
        body = getattr(self, "body", None) or []
        return [(f"muc-{number}", block.value) for number, block in enumerate(body, 1) if block.block_type == "heading"]


class ContactPage(AboutPage):
    """An about page with the contact details (the introduction and the English page)."""

    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    fax = models.CharField(_("fax"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    office_hours = models.CharField(_("office hours"), max_length=255, blank=True)

    contact_panels = [
        FieldPanel("address"),
        FieldPanel("phone"),
        FieldPanel("fax"),
        FieldPanel("email"),
        FieldPanel("office_hours"),
    ]

    class Meta:
        abstract = True

    @property
    def has_contacts(self) -> bool:
        return any([self.address, self.phone, self.fax, self.email, self.office_hours])


class IntroductionPage(ContactPage):
    """ "Giới thiệu": the district, its organisation, functions and duties, leaders and contacts."""

    intro = models.TextField(_("introduction"), max_length=1000, blank=True)
    body = StreamField(
        AboutBodyBlock(),
        verbose_name=_("body"),
        blank=True,
        help_text=_("Use section headings for the organisation, the functions and duties, and so on."),
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
        InlinePanel("leaders", heading=_("Leaders"), label=_("leader")),
        MultiFieldPanel(ContactPage.contact_panels, heading=_("Contact details")),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        verbose_name = _("district introduction")
        verbose_name_plural = _("district introductions")

    def get_meta_description(self):
        return self.search_description or self.intro

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        photos = get_image_model().objects.prefetch_renditions(LEADER_PHOTO_FILTER)
        context["leaders"] = leaders = list(self.leaders.prefetch_related(Prefetch("photo", queryset=photos)))
        toc = self.body_headings()
        if leaders:
            toc.append(("lanh-dao", _("Leaders")))
        if self.has_contacts:
            toc.append(("lien-he", _("Contact details")))
        context["toc"] = toc
        return context


class IntroductionLeader(Orderable):
    page = ParentalKey(IntroductionPage, on_delete=models.CASCADE, related_name="leaders")
    name = models.CharField(_("full name"), max_length=120)
    title = models.CharField(_("position"), max_length=200, help_text=_("E.g. “Chủ tịch UBND huyện”."))
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("title"), FieldPanel("photo"), FieldPanel("phone"), FieldPanel("email")]

    class Meta(Orderable.Meta):
        verbose_name = _("leader")
        verbose_name_plural = _("leaders")

    def __str__(self):
        return f"{self.name} – {self.title}"


class EnglishPage(ContactPage):
    """The district's organisation and contacts in English: the one English page of the portal."""

    intro = models.TextField(_("introduction (in English)"), max_length=1000, blank=True)
    body = StreamField(
        AboutBodyBlock(),
        verbose_name=_("body (in English)"),
        blank=True,
        help_text=_("Everything on this page is in English; the page is marked as English for screen readers."),
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
        MultiFieldPanel(ContactPage.contact_panels, heading=_("Contact details (in English)")),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        verbose_name = _("English page")
        verbose_name_plural = _("English pages")

    def get_meta_description(self):
        return self.search_description or self.intro

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # English on purpose: this page is the portal's English version.
        context["toc"] = self.body_headings() + ([("contact", "Contact")] if self.has_contacts else [])
        return context


class AgencyLinksPage(AboutPage):
    """ "Liên kết website": the agency links, by group."""

    intro = models.TextField(_("introduction"), max_length=1000, blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]

    class Meta:
        verbose_name = _("agency links page")
        verbose_name_plural = _("agency links pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["link_groups"] = grouped_agency_links()
        return context
