"""A document upload starts in its uploader's own collection, never in the root, on the multiple
uploader, the single form and the chooser's upload tab (uploads.collections)."""

import pytest
from bs4 import BeautifulSoup

from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.documents import get_document_model
from wagtail.models import Collection

from core.models import UserProfile
from legal_docs.models import DOCUMENT_COLLECTION, document_collection
from tests.legal_docs.factories import pdf_bytes

pytestmark = pytest.mark.django_db

MULTIPLE = "/admin/documents/multiple/add/"
SINGLE = "/admin/documents/add/"
CHOOSER = "/admin/documents/chooser/"


def selected(html, select_name) -> str:
    """The name of the collection the form's collection list selects (the first one when none is)."""
    select = BeautifulSoup(html, "html.parser").find("select", attrs={"name": select_name})
    option = select.find("option", selected=True) or select.find("option")
    return option.get_text(strip=True).lstrip("-↳ ").strip()


@pytest.fixture
def documents(pipeline):
    document_collection()
    return pipeline


def test_the_clerk_uploads_to_the_documents_collection(client, documents):
    client.force_login(documents.users["clerk"])
    assert selected(client.get(MULTIPLE).content.decode(), "collection") == DOCUMENT_COLLECTION
    assert selected(client.get(SINGLE).content.decode(), "collection") == DOCUMENT_COLLECTION
    chooser = client.get(CHOOSER).json()["html"]
    assert selected(chooser, "document-chooser-upload-collection") == DOCUMENT_COLLECTION


def test_someone_of_a_commune_unit_uploads_to_the_commune_collection(client, documents):
    contributor = documents.users["contributor"]
    UserProfile.objects.update_or_create(user=contributor, defaults={"unit": documents.commune_a.unit})
    client.force_login(contributor)
    assert selected(client.get(MULTIPLE).content.decode(), "collection") == "Xã Thạch Đài"
    assert selected(client.get(SINGLE).content.decode(), "collection") == "Xã Thạch Đài"


def test_a_collection_named_in_the_address_still_wins(client, documents):
    client.force_login(documents.users["clerk"])
    commune = documents.commune_b.collection
    html = client.get(MULTIPLE, {"collection_id": commune.pk}).content.decode()
    assert selected(html, "collection") == "Xã Việt Tiến"


def test_the_uploads_land_in_the_collection_chosen(client, documents):
    client.force_login(documents.users["clerk"])
    upload = SimpleUploadedFile("quyet-dinh.pdf", pdf_bytes(), content_type="application/pdf")
    own = Collection.objects.get(name=DOCUMENT_COLLECTION)
    response = client.post(MULTIPLE, {"files[]": upload, "collection": own.pk})
    assert response.status_code == 200 and response.json()["success"]
    assert get_document_model().objects.get(title="quyet-dinh.pdf").collection == own
