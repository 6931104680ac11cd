from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Collection, Orderable, Page

from core.expiry import unexpired_q
from core.models import Unit
from core.pages import BasePage, SectionIndexPage
from core.pagination import paginate
from news.models import LISTING_PER_PAGE, NewsArticlePage


class CommuneIndexPage(SectionIndexPage):
    """ "Xã, thị trấn": the list of the district's communes and townships."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["communes.CommunePage"]

    class Meta:
        verbose_name = _("commune index")
        verbose_name_plural = _("commune indexes")

    def communes(self):
        return (
            CommunePage.objects.child_of(self)
            .live()
            .public()
            .filter(unexpired_q())
            .select_related("unit")
            .order_by("title")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["communes"] = self.communes()
        return context


class CommunePage(BasePage):
    """A commune's or township's own corner of the portal, edited by its own staff."""

    unit = models.OneToOneField(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="commune_page",
        limit_choices_to={"kind__in": [Unit.Kind.COMMUNE, Unit.Kind.TOWNSHIP]},
    )
    introduction = RichTextField(
        _("introduction"), blank=True, features=["h2", "h3", "bold", "italic", "ol", "ul", "link"]
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    map_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("map"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Created with the page (communes.roles), never chosen by hand.
    editors_group = models.OneToOneField(
        Group, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="edited_commune"
    )
    board_group = models.OneToOneField(
        Group, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="reviewed_commune"
    )
    collection = models.OneToOneField(
        Collection, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="commune"
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("unit"),
        FieldPanel("introduction"),
        InlinePanel("leaders", heading=_("Leaders"), label=_("leader")),
        MultiFieldPanel([FieldPanel("address"), FieldPanel("phone"), FieldPanel("email")], heading=_("Contact")),
        FieldPanel("map_image"),
    ]

    parent_page_types = ["communes.CommuneIndexPage"]
    subpage_types = ["news.NewsArticlePage"]

    class Meta:
        verbose_name = _("commune or township")
        verbose_name_plural = _("communes and townships")

    def articles(self):
        return NewsArticlePage.objects.child_of(self).for_listing()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["articles"] = paginate(request, self.articles(), LISTING_PER_PAGE, count_key=f"listing-count:{self.pk}")
        return context

    @classmethod
    def containing(cls, page: Page) -> "CommunePage | None":
        """The commune whose subtree holds ``page`` (or is ``page``), if any."""
        return cls.objects.filter(
            path__in=[page.path[:end] for end in range(Page.steplen, len(page.path) + 1, Page.steplen)]
        ).first()


class CommuneLeader(Orderable):
    commune = ParentalKey(CommunePage, on_delete=models.CASCADE, related_name="leaders")
    name = models.CharField(_("name"), max_length=120)
    position = models.CharField(_("position"), max_length=200)
    phone = models.CharField(_("phone"), max_length=50, blank=True)

    panels = [FieldPanel("name"), FieldPanel("position"), FieldPanel("phone")]

    class Meta(Orderable.Meta):
        verbose_name = _("leader")
        verbose_name_plural = _("leaders")

    def __str__(self):
        return f"{self.name} – {self.position}"
