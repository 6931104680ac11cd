"""Admin addresses carrying a NUL character get the portal's Vietnamese 400 page, never a server
error (PostgreSQL refuses NUL in a string; the admin's views pass their parameters on)."""

import pytest

from taggit.models import Tag

pytestmark = pytest.mark.django_db

MESSAGE = "Địa chỉ có chứa ký tự không được phép (ký tự NUL)."


@pytest.mark.parametrize(
    "url",
    [
        "/admin/tag-autocomplete/?term=%00",
        "/admin/tag-autocomplete/?term=ab%00cd",
        "/admin/tag-autocomplete/?term=ab&term=%00",
        "/admin/pages/search/?q=ab%00cd",
        "/admin/choose-page/search/?q=%00",
        "/admin/bulk/wagtailcore/page/delete/?id=%00",
        "/admin/snippets/core/unit/?ab%00cd=1",
        "/admin/ab%00cd/",
    ],
)
def test_admin_addresses_with_a_nul_get_the_vietnamese_400_page(admin_client, tree, url):
    response = admin_client.get(url)
    assert response.status_code == 400
    html = response.content.decode()
    assert MESSAGE in html and "</html>" in html
    # Answered below the middleware that set the security headers: it carries them too.
    assert response["X-Frame-Options"] == "DENY"
    assert "Content-Security-Policy" in response


def test_admin_addresses_without_one_are_served_as_before(admin_client, tree):
    Tag.objects.create(name="nông thôn mới", slug="nong-thon-moi")
    response = admin_client.get("/admin/tag-autocomplete/", {"term": "nông"})
    assert response.status_code == 200
    assert response.json() == ["nông thôn mới"]


def test_public_pages_are_left_to_read_their_parameters_themselves(client, tree):
    # A NUL in a public filter is a bad value like any other (tests/news/, tests/legal_docs/).
    response = client.get("/tin-tuc/?tag=%00")
    assert response.status_code == 200
    assert MESSAGE not in response.content.decode()
