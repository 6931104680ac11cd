"""Build the demo portal. Every step looks for what it would create first, so running it again
changes nothing that exists and only adds what is missing."""

import hashlib
import io
import json
from datetime import datetime, time, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from wagtail.images import get_image_model
from wagtail.models import Page, Site

from core.models import SiteSettings, Unit, UserProfile
from core.text import slugify_vi
from editorial import roles, setup
from home.models import HomePage
from news.models import NewsArticlePage, NewsCategoryPage, NewsIndexPage

from . import about as about_demo
from . import communes as communes_demo
from . import history as history_demo
from . import legal_docs as legal_docs_demo
from . import news_data
from . import questions as questions_demo
from . import schedule as schedule_demo
from .images import landscape_jpeg

DEMO_PASSWORD = "ThachHa@2020"  # noqa: S105 - the documented password of the demo accounts
DEMO_ACCOUNTS = [
    # username, full name, groups, unit key, superuser
    ("quantri", "Trần Quốc Quản", [roles.ADMINISTRATORS], "trung-tam-van-hoa-truyen-thong", True),
    ("bientap", "Lê Thị Biên", [roles.EDITORIAL_BOARD], "phong-van-hoa-thong-tin", False),
    ("truongban", "Nguyễn Hùng Vỹ", [roles.BOARD_HEADS, roles.EDITORIAL_BOARD], "ubnd-huyen", False),
    ("congtacvien", "Phạm Văn Cộng", [roles.CONTRIBUTORS], "phong-nong-nghiep", False),
    ("vanthu", "Hoàng Thị Thư", [roles.DOCUMENT_CLERKS], "van-phong-hdnd-ubnd", False),
]
IMAGE_COUNT = 24
IMAGE_TITLE = "Ảnh minh họa {number:02d}"


class DemoBuilder:
    def __init__(self, stdout=None, now=None):
        self.stdout = stdout
        self.now = now or timezone.now()
        self.created = {"units": 0, "pages": 0, "images": 0, "users": 0}
        self.commune_users = {}

    def log(self, message):
        if self.stdout is not None:
            self.stdout.write(message)

    @transaction.atomic
    def build(self):
        self.units = units = self.build_units()
        home = self.build_home()
        self.serve_sites_at(getattr(settings, "PORTAL_BASE_URL", ""))
        self.build_settings(home)
        news_index = self.build_news_index(home)
        sections = self.build_sections(news_index)
        _commune_index, communes = communes_demo.build(self, home)
        setup.apply_roles()
        self.users = users = self.build_accounts(units)
        self.images = images = self.build_images()
        self.build_articles(sections, units, images, users)
        legal_docs_demo.build(self, home)
        schedule_demo.build(self, home)
        about_demo.build(self, home)
        questions_demo.build(self, home)
        # After every index page exists, so the clerks' permissions reach documents and schedules.
        setup.apply_roles()
        communes_demo.build_pipeline(self, communes)
        history_demo.build(self)
        return self.created

    # --- Structure ----------------------------------------------------------------------

    def build_units(self) -> dict[str, Unit]:
        units = {}
        for key, name, short_name, kind in news_data.UNITS:
            unit, created = Unit.objects.get_or_create(
                slug=key, defaults={"name": name, "short_name": short_name, "kind": kind}
            )
            self.created["units"] += created
            units[key] = unit
        return units

    def build_home(self) -> HomePage:
        site = Site.objects.filter(is_default_site=True).first()
        home = HomePage.objects.first()
        if home is None:
            root = Page.get_first_root_node()
            # Wagtail's migrations leave a "Welcome to Wagtail" page with the slug we want.
            welcome = root.get_children().filter(slug="home").exclude(content_type__model="homepage").first()
            if welcome is not None:
                welcome.slug = "wagtail-welcome"
                welcome.save_revision().publish()
            home = HomePage(title="Trang chủ", slug="home", seo_title="Cổng thông tin điện tử huyện Thạch Hà")
            root.add_child(instance=home)
            home.save_revision().publish()
            self.created["pages"] += 1
            if site is None:
                site = Site(hostname="localhost", port=80, is_default_site=True, site_name="Thạch Hà")
            site.root_page = home
            site.site_name = "Cổng TTĐT huyện Thạch Hà"
            site.save()
            if welcome is not None:
                welcome.delete()
        elif site is not None and site.root_page_id != home.pk:
            site.root_page = home
            site.save()
        return home

    def serve_sites_at(self, base_url: str) -> None:
        """Give the demo's Sites the port the development server listens on (and the default Site
        its host), so that page.full_url, which e-mails and feeds use, leads to this server.

        Other Sites keep their own hostnames (a commune's ``thachdai.localhost`` reaches the same
        server). Without a served address (the test settings) the Sites are left alone.
        """
        if not base_url:
            return
        address = urlsplit(base_url)
        port = address.port or (443 if address.scheme == "https" else 80)
        for site in Site.objects.all():
            hostname = address.hostname if site.is_default_site else site.hostname
            if (site.hostname, site.port) != (hostname, port):
                site.hostname, site.port = hostname, port
                site.save()

    def build_settings(self, home):
        site = Site.objects.get(root_page=home)
        portal = SiteSettings.for_site(site)
        if portal.address:
            return
        portal.address = "Khối 1, thị trấn Thạch Hà, huyện Thạch Hà, tỉnh Hà Tĩnh"
        portal.phone = "0239 3845 123"
        portal.hotline = "0239 3845 678"
        portal.email = "bbt@thachha.hatinh.gov.vn"
        portal.responsible_person = "Nguyễn Hùng Vỹ, Phó Trưởng Ban Biên tập"
        portal.licence = "Giấy phép thiết lập trang thông tin điện tử số 12/GP-STTTT do Sở TT&TT Hà Tĩnh cấp"
        portal.save()
        for order, (title, url) in enumerate(
            [
                ("Cổng Thông tin điện tử Chính phủ", "https://chinhphu.vn"),
                ("Cổng Thông tin điện tử tỉnh Hà Tĩnh", "https://hatinh.gov.vn"),
                ("Cổng Dịch vụ công quốc gia", "https://dichvucong.gov.vn"),
            ]
        ):
            portal.footer_links.create(title=title, url=url, sort_order=order)

    def child_page(self, parent, model, slug, **fields):
        """The child of ``parent`` with this slug, created and published if missing."""
        existing = model.objects.child_of(parent).filter(slug=slug).first()
        if existing is not None:
            return existing
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
        page.save_revision().publish()
        self.created["pages"] += 1
        return page

    def build_news_index(self, home) -> NewsIndexPage:
        return self.child_page(home, NewsIndexPage, "tin-tuc", title="Tin tức", show_in_menus=True)

    def build_sections(self, news_index) -> dict[str, NewsCategoryPage]:
        return {
            key: self.child_page(news_index, NewsCategoryPage, key, title=title, intro=intro, show_in_menus=True)
            for key, title, intro in news_data.SECTIONS
        }

    def build_accounts(self, units) -> dict[str, object]:
        User = get_user_model()
        users = {}
        for username, full_name, group_names, unit_key, is_superuser in DEMO_ACCOUNTS:
            last_name, _sep, first_name = full_name.rpartition(" ")
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first_name,
                    "last_name": last_name,
                    "email": f"{username}@thachha.example",
                    "is_staff": is_superuser,
                    "is_superuser": is_superuser,
                },
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
                self.created["users"] += 1
            user.groups.add(*Group.objects.filter(name__in=group_names))
            UserProfile.objects.get_or_create(user=user, defaults={"unit": units.get(unit_key)})
            users[username] = user
        return users

    # --- Content -------------------------------------------------------------------------

    def build_images(self) -> list:
        Image = get_image_model()
        images = []
        for number in range(1, IMAGE_COUNT + 1):
            title = IMAGE_TITLE.format(number=number)
            image = Image.objects.filter(title=title).first()
            if image is None:
                data = landscape_jpeg(seed=number)
                image = Image(title=title, description=f"Quang cảnh huyện Thạch Hà, ảnh minh họa số {number}")
                image.file = ImageFile(io.BytesIO(data), name=f"demo-{number:02d}.jpg")
                image.save()
                self.created["images"] += 1
            images.append(image)
        return images

    def article_dates(self, count: int) -> list[datetime]:
        """Spread ``count`` dates evenly from 1 January last year to now, newest first."""
        start = timezone.make_aware(
            datetime.combine(self.now.date().replace(year=self.now.year - 1, month=1, day=1), time(7, 30))
        )
        span = (self.now - start).total_seconds()
        dates = []
        for index in range(count):
            moment = self.now - timedelta(seconds=span * (index + 0.5) / count)
            # Office hours, so the demo reads like a real newsroom's.
            local = timezone.localtime(moment).replace(
                hour=7 + index % 10, minute=(index * 17) % 60, second=0, microsecond=0
            )
            dates.append(local if local <= self.now else local - timedelta(days=1))
        return dates

    def build_articles(self, sections, units, images, users):
        # Interleave sections in a stable order, so both years have articles in every section.
        articles = sorted(
            news_data.ARTICLES, key=lambda a: hashlib.sha1(a["title"].encode(), usedforsecurity=False).hexdigest()
        )
        dates = self.article_dates(len(articles))
        owners = [users["congtacvien"], users["bientap"]]
        for index, (data, date) in enumerate(zip(articles, dates, strict=True)):
            section = sections[data["section"]]
            slug = slugify_vi(data["title"])
            if NewsArticlePage.objects.filter(slug=slug).exists():
                continue
            article = NewsArticlePage(
                title=data["title"],
                slug=slug,
                lead=data["lead"],
                featured_image=images[index % len(images)],
                featured_image_caption=f"Ảnh minh họa – {section.title}",
                body=json.dumps(self.article_body(data, images, index)),
                author_names=data["author"],
                contributing_unit=units.get(data["unit"]),
                source=data.get("source", ""),
                publication_date=date,
                owner=owners[index % len(owners)],
            )
            article.tags.add(*data.get("tags", []))
            section.add_child(instance=article)
            article.save_revision(user=article.owner).publish(user=users["bientap"])
            NewsArticlePage.objects.filter(pk=article.pk).update(
                first_published_at=date, last_published_at=date, latest_revision_created_at=date
            )
            self.created["pages"] += 1
        self.log(_("%(count)d demo articles checked.") % {"count": len(articles)})

    def article_body(self, data, images, index) -> list[dict]:
        body = [{"type": "paragraph", "value": f"<p>{escape(text)}</p>"} for text in data["paragraphs"]]
        if data.get("quote"):
            text, attribution = data["quote"]
            body.insert(2, {"type": "quote", "value": {"text": text, "attribution": attribution}})
        if index % 3 == 0:
            image = images[(index + 7) % len(images)]
            body.insert(
                1,
                {
                    "type": "image",
                    "value": {
                        "image": {"image": image.pk, "decorative": False, "alt_text": image.description},
                        "caption": "Quang cảnh tại buổi làm việc",
                        "credit": "Trung tâm VH-TT huyện",
                    },
                },
            )
        return body
