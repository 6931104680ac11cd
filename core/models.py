from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable, Site
from wagtail.search import index

from pagecache.fragments import cached

from .sanitize import safe_url
from .text import fold


class Unit(index.Indexed, models.Model):
    """A body that sends or issues content: a department, a commune, a mass organisation..."""

    class Kind(models.TextChoices):
        SUPERIOR = "superior", _("Higher-level authority")
        PARTY = "party", _("Party committee")
        COUNCIL = "council", _("People's Council")
        COMMITTEE = "committee", _("People's Committee")
        DEPARTMENT = "department", _("Department")
        CENTRE = "centre", _("Public service unit")
        FRONT = "front", _("Front or mass organisation")
        COMMUNE = "commune", _("Commune")
        TOWNSHIP = "township", _("Township")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    slug = models.SlugField(_("code"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.DEPARTMENT)
    is_active = models.BooleanField(_("active"), default=True)
    sort_key = models.CharField(max_length=200, editable=False, db_index=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("short_name"),
        FieldPanel("slug"),
        FieldPanel("kind"),
        FieldPanel("is_active"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("kind"),
        index.FilterField("is_active"),
    ]

    class Meta:
        ordering = ["sort_key"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # Sorting by the folded name puts "Đ" with "D", as a Vietnamese reader expects.
        self.sort_key = fold(self.name)
        super().save(*args, **kwargs)

    @property
    def is_commune(self) -> bool:
        return self.kind in {self.Kind.COMMUNE, self.Kind.TOWNSHIP}


class UserProfile(models.Model):
    """What the portal needs to know about a person beyond Django's user: their unit."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile", verbose_name=_("user")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.SET_NULL, null=True, blank=True, related_name="members", verbose_name=_("unit")
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("user profile")
        verbose_name_plural = _("user profiles")

    def __str__(self):
        return str(self.user)


@register_setting(icon="site")
class SiteSettings(ClusterableModel, BaseSiteSetting):
    """Contact details and footer shown on every public page (Decree 42/2022 asks for them)."""

    portal_name = models.CharField(_("portal name"), max_length=200, default="Cổng thông tin điện tử huyện Thạch Hà")
    governing_body = models.CharField(_("governing body"), max_length=200, default="Ủy ban nhân dân huyện Thạch Hà")
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    hotline = models.CharField(_("hotline"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    responsible_person = models.CharField(
        _("person responsible"),
        max_length=200,
        blank=True,
        help_text=_("Shown in the footer as required by Decree 42/2022/ND-CP."),
    )
    licence = models.CharField(_("licence"), max_length=255, blank=True)

    panels = [
        MultiFieldPanel([FieldPanel("portal_name"), FieldPanel("governing_body")], heading=_("Portal")),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldPanel("phone"),
                FieldPanel("hotline"),
                FieldPanel("email"),
                FieldPanel("responsible_person"),
                FieldPanel("licence"),
            ],
            heading=_("Contact details"),
        ),
        InlinePanel("footer_links", heading=_("Footer links"), label=_("link")),
    ]

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")

    @classmethod
    def for_request(cls, request):
        """The settings every public page shows, from the cache until something public changes."""
        attr_name = cls.get_cache_attr_name()
        if not hasattr(request, attr_name):
            site = Site.find_for_request(request)
            if site is not None:
                site_settings = cached(f"site-settings:{site.pk}", lambda: cls._with_footer_links(site), request)
                # As Wagtail's for_request() does: its private _request lets the settings
                # build page links for this request (tests/core/test_wagtail_private_apis.py).
                site_settings._request = request
                setattr(request, attr_name, site_settings)
        return super().for_request(request)

    @classmethod
    def _with_footer_links(cls, site):
        site_settings = cls.for_site(site)
        # Held in memory, so the cached copy carries its links (a ClusterableModel's children);
        # a link saved around the form's URL check (javascript:, data:) is never shown.
        site_settings.footer_links = [link for link in site_settings.footer_links.all() if safe_url(link.url)]
        return site_settings


class FooterLink(Orderable):
    settings = ParentalKey(SiteSettings, on_delete=models.CASCADE, related_name="footer_links")
    title = models.CharField(_("title"), max_length=120)
    url = models.URLField(_("address"))

    panels = [FieldPanel("title"), FieldPanel("url")]

    class Meta(Orderable.Meta):
        verbose_name = _("footer link")
        verbose_name_plural = _("footer links")

    def __str__(self):
        return self.title
