"""`make run` (DEBUG) serves uploaded files under /media/, but never a document around its privacy."""

import importlib

import pytest

from django.urls import clear_url_caches

from wagtail.models import Collection, CollectionViewRestriction

from tests.core.factories import ImageFactory
from tests.legal_docs.factories import make_document, pdf_bytes

pytestmark = pytest.mark.django_db


def _load_urls():
    import portal.urls

    importlib.reload(portal.urls)
    clear_url_caches()


@pytest.fixture
def development_urls(settings):
    """The project's URLs as `make run` builds them (they read DEBUG once, on import)."""
    settings.DEBUG = True
    _load_urls()
    yield
    settings.DEBUG = False
    _load_urls()


@pytest.fixture
def private_document(tree):
    collection = Collection.get_first_root_node().add_child(name="Nội bộ Ban Biên tập")
    CollectionViewRestriction.objects.create(collection=collection, restriction_type=CollectionViewRestriction.LOGIN)
    document = make_document(pdf_bytes("Tai lieu mat"), "noi-bo.pdf", title="Tài liệu nội bộ")
    document.collection = collection
    document.save()
    return document


def test_development_never_serves_a_private_document_from_its_folder(client, private_document, development_urls):
    assert client.get(private_document.url).status_code == 302  # the serve view asks to sign in
    name = private_document.file.name  # "documents/noi-bo....pdf"
    folder, _, rest = name.partition("/")
    for path in (
        f"/media/{name}",
        f"/media/images/../{name}",
        f"/media/./{name}",
        f"/media//{name}",
        f"/media/{folder.upper()}/{rest}",
    ):
        response = client.get(path)
        assert response.status_code == 404, path
        assert b"Tai lieu mat" not in b"".join(getattr(response, "streaming_content", [response.content]))


def test_development_serves_public_documents_only_through_their_address(client, tree, development_urls):
    document = make_document(pdf_bytes("Thong bao"), "thong-bao.pdf")
    assert client.get(document.url).status_code == 200
    assert client.get(f"/media/{document.file.name}").status_code == 404


def test_development_still_serves_images(client, tree, development_urls):
    image = ImageFactory()
    response = client.get(f"/media/{image.file.name}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/")
