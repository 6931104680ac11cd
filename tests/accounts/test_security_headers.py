"""Security headers per area: public pages, the Wagtail admin, previews, the page cache."""

import datetime

import pytest

from django.core.cache import cache

from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from tests.legal_docs.factories import (
    LegalDocumentIndexPageFactory,
    LegalDocumentPageFactory,
    attach,
    doc_type,
    make_document,
    pdf_bytes,
    unit,
)

pytestmark = pytest.mark.django_db

EMPTY_FORMSET = {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000}
NEVER_CACHE = {"no-cache", "no-store", "must-revalidate", "private"}


def policy(response) -> dict[str, list[str]]:
    """The Content-Security-Policy header as {directive: [sources]}."""
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        assert name not in directives, f"{name} twice in {header}"
        directives[name] = sources
    return directives


def cache_control(response) -> set[str]:
    return {part.strip().split("=")[0] for part in response.get("Cache-Control", "").split(",") if part.strip()}


@pytest.fixture(autouse=True)
def _empty_page_cache():
    cache.clear()
    yield
    cache.clear()


def assert_public_policy(response):
    csp = policy(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["img-src"] == ["'self'", "data:"]
    assert csp["frame-src"] == [
        "https://www.youtube-nocookie.com",
        "https://www.youtube.com",
        "https://player.vimeo.com",
    ]
    assert csp["form-action"] == ["'self'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["connect-src"] == ["'self'"]
    header = response["Content-Security-Policy"]
    assert "unsafe-inline" not in header
    assert "unsafe-eval" not in header
    assert "nonce-" not in header
    return csp


def assert_common_headers(response):
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    permissions = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in permissions


class TestPublicPages:
    def test_home_page(self, client, tree):
        response = client.get("/")
        assert response.status_code == 200
        csp = assert_public_policy(response)
        assert csp["frame-ancestors"] == ["'none'"]
        assert csp["object-src"] == ["'none'"]
        assert response["X-Frame-Options"] == "DENY"
        assert_common_headers(response)

    def test_article_search_and_404(self, client, make_articles):
        article = make_articles(1)[0]
        for url, status in ((article.url, 200), ("/tim-kiem/?q=ngh%E1%BB%8B", 200), ("/khong-co-trang-nay/", 404)):
            response = client.get(url)
            assert response.status_code == status, url
            assert policy(response)["frame-ancestors"] == ["'none'"], url
            assert_public_policy(response)
            assert_common_headers(response)

    def test_public_pages_have_no_inline_script_or_style(self, client, make_articles):
        """The policy forbids them, so the markup must not need them (JSON-LD data blocks are not scripts)."""
        article = make_articles(1)[0]
        for url in ("/", article.url):
            html = client.get(url).content.decode()
            for chunk in html.split("<script")[1:]:
                opening = chunk.split(">", 1)[0]
                assert "src=" in opening or 'type="application/ld+json"' in opening, opening
            assert ' style="' not in html

    def test_a_signed_in_editor_sees_the_public_policy_with_the_userbar(self, client, tree, admin_user):
        client.force_login(admin_user)
        response = client.get("/")
        assert "wagtail-userbar" in response.content.decode()
        assert_public_policy(response)

    def test_a_cached_page_keeps_its_headers(self, client, tree, settings):
        settings.PAGECACHE_ENABLED = True
        first = client.get("/")
        second = client.get("/")
        assert second.status_code == 200
        assert second.get("X-Page-Cache") == "hit"
        assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
        assert second["X-Frame-Options"] == "DENY"
        assert "Permissions-Policy" in second

    def test_legal_document_page_embeds_no_pdf_and_allows_no_object(self, client, tree):
        library = LegalDocumentIndexPageFactory(parent=tree.home)
        page = LegalDocumentPageFactory(
            parent=library,
            number="42/2022/NĐ-CP",
            document_type=doc_type("nghi-dinh"),
            issuing_body=unit("chinh-phu"),
            issue_date=datetime.date(2022, 6, 24),
            summary="Quy định về việc cung cấp thông tin",
        )
        attach(page, make_document(pdf_bytes("NGHI DINH"), "nd.pdf", "Nghị định"))
        response = client.get(page.url)
        assert "<object" not in response.content.decode()
        csp = assert_public_policy(response)
        assert csp["object-src"] == ["'none'"]
        assert csp["frame-ancestors"] == ["'none'"]
        # A PDF can carry script: it is a sandboxed download, never shown inline on our origin.
        pdf = client.get(client.get(f"{page.url}tep/{page.attachments.first().pk}/")["Location"])
        assert pdf["Content-Disposition"].startswith("attachment")
        assert pdf["Content-Security-Policy"] == "default-src 'none'; sandbox"
        assert pdf["X-Frame-Options"] == "DENY"


class TestAdmin:
    def test_login_page(self, client, tree):
        response = client.get("/admin/login/")
        assert response.status_code == 200
        csp = policy(response)
        assert csp["frame-ancestors"] == ["'none'"]
        assert csp["object-src"] == ["'none'"]
        assert csp["form-action"] == ["'self'"]
        assert csp["frame-src"] == ["'self'"]
        assert csp["connect-src"] == ["'self'"]
        assert "nonce-" not in response["Content-Security-Policy"]
        assert response["X-Frame-Options"] == "DENY"
        assert cache_control(response) >= NEVER_CACHE
        assert_common_headers(response)

    @pytest.mark.parametrize("url", ["/admin/", "/admin/pages/", "/admin/images/", "/admin/security/two-step/"])
    def test_admin_screens_are_never_cached_nor_framed(self, client, tree, admin_user, url):
        client.force_login(admin_user)
        response = client.get(url)
        assert response.status_code == 200, url
        assert cache_control(response) >= NEVER_CACHE
        assert response["X-Frame-Options"] == "DENY"
        csp = policy(response)
        assert csp["frame-ancestors"] == ["'none'"]
        # What Wagtail 8's editor needs (docs/security.md); nothing from another origin.
        assert csp["script-src"] == ["'self'", "'unsafe-inline'"]
        assert csp["img-src"] == ["'self'", "data:", "blob:"]
        assert "http" not in response["Content-Security-Policy"]

    def test_preview_may_be_framed_by_the_admin_only_and_keeps_the_public_policy(
        self, client, make_articles, admin_user
    ):
        article = make_articles(1)[0]
        client.force_login(admin_user)
        form = nested_form_data(
            {
                "title": article.title,
                "slug": article.slug,
                "lead": "Tóm tắt nội dung bài viết.",
                "body": streamfield([("paragraph", rich_text("<p>Nội dung xem trước.</p>"))]),
                "author_names": "Phạm Cộng",
                "section": article.section_id,
                "related_links": EMPTY_FORMSET,
                "comments": EMPTY_FORMSET,
            }
        )
        saved = client.post(f"/admin/pages/{article.pk}/edit/preview/", form)
        assert saved.status_code == 200
        assert saved.json()["is_valid"] is True, saved.json()
        response = client.get(f"/admin/pages/{article.pk}/edit/preview/?in_preview_panel=true")
        assert response.status_code == 200
        assert "Nội dung xem trước." in response.content.decode()
        assert response["X-Frame-Options"] == "SAMEORIGIN"
        # The preview is the public page: the public policy, framed by the admin only.
        csp = assert_public_policy(response)
        assert csp["frame-ancestors"] == ["'self'"]
        assert cache_control(response) >= NEVER_CACHE
