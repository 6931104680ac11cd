"""Uploads: only real images and documents, safe names, safe serving, private files stay private.

Every bad file goes through the real admin views (the single form, the multiple uploader, the
chooser's upload tab and the profile picture of the account settings) and must be refused with a
Vietnamese message, leaving nothing behind.
"""

import io
import re
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image as PILImage
from PIL.PngImagePlugin import PngInfo

from django.conf import settings
from django.test import Client
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction
from wagtail.users.models import UserProfile

from legal_docs.files import OLE_MAGIC
from tests.legal_docs.factories import docx_bytes, make_document, pdf_bytes
from uploads.names import safe_filename

pytestmark = pytest.mark.django_db

Image = get_image_model()
Document = get_document_model()


# --- Files ----------------------------------------------------------------------------------


def image_bytes(fmt="PNG", size=(40, 30), mode="RGB") -> bytes:
    buffer = io.BytesIO()
    PILImage.new(mode, size, (200, 30, 30) if mode == "RGB" else 0).save(buffer, fmt)
    return buffer.getvalue()


def png_declaring(width, height) -> bytes:
    """A tiny PNG whose header claims ``width`` x ``height`` pixels (a decompression bomb)."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    )


def jpeg_with_comment(comment: bytes) -> bytes:
    data = image_bytes("JPEG")
    return data[:2] + b"\xff\xfe" + struct.pack(">H", len(comment) + 2) + comment + data[2:]


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("META-INF/MANIFEST.MF", "Main-Class: Evil\n")
        archive.writestr("Evil.class", b"\xca\xfe\xba\xbe")
    return buffer.getvalue()


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>'
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200 + b"This program cannot be run in DOS mode"

GOOD_IMAGES = {
    "anh.jpg": lambda: image_bytes("JPEG"),
    "anh.jpeg": lambda: image_bytes("JPEG"),
    "anh.png": lambda: image_bytes("PNG"),
    "anh.webp": lambda: image_bytes("WEBP"),
    "anh.gif": lambda: image_bytes("GIF", mode="P"),
}

# name, bytes, words the Vietnamese message must contain
BAD_IMAGES = {
    "svg": ("logo.svg", lambda: SVG, "Định dạng ảnh không được hỗ trợ"),
    "svg renamed .png": ("logo.png", lambda: SVG, "ảnh"),
    "html renamed .jpg": ("trang.jpg", lambda: HTML, "hợp lệ"),
    "exe renamed .gif": ("setup.gif", lambda: EXE, "hợp lệ"),
    "png renamed .jpg": ("anh.jpg", lambda: image_bytes("PNG"), "Phần mở rộng không khớp"),
    "bmp renamed .png": ("anh.png", lambda: image_bytes("BMP"), "Phần mở rộng không khớp"),
    "tiff": ("anh.tiff", lambda: image_bytes("TIFF"), "Định dạng ảnh không được hỗ trợ"),
    "png + script": ("anh.png", lambda: image_bytes("PNG") + b"<script>alert(1)</script>", "mã trang web"),
    "jpeg comment with html": (
        "anh.jpg",
        lambda: jpeg_with_comment(b"<html><body><img src=x onerror=alert(1)></body></html>"),
        "mã trang web",
    ),
    "gif with javascript": ("anh.gif", lambda: image_bytes("GIF", mode="P") + b"*/=1;javascript:alert(1)//", "mã"),
    "gifar (gif + jar)": ("anh.gif", lambda: image_bytes("GIF", mode="P") + zip_bytes(), "tệp nén"),
    "too many pixels": ("lon.png", lambda: image_bytes("PNG", size=(9000, 5000), mode="1"), "quá nhiều điểm ảnh"),
    "decompression bomb": ("bom.png", lambda: png_declaring(100_000, 100_000), "ảnh"),
    "oversized": ("nang.png", lambda: image_bytes("PNG") + b"\0" * (10 * 1024 * 1024 + 1), "Tệp quá lớn"),
    "empty": ("rong.png", lambda: b"", "không có nội dung"),
}

BAD_DOCUMENTS = {
    "exe renamed .pdf": ("quyet-dinh.pdf", lambda: EXE, "không phải là tệp PDF"),
    "exe with a PDF header inside": ("quyet-dinh.pdf", lambda: EXE + b"%PDF-1.4\n%%EOF", "chương trình"),
    "html with a PDF header inside": ("van-ban.pdf", lambda: HTML + b"\n%PDF-1.4\n%%EOF", "trang web"),
    "html renamed .doc": ("cong-van.doc", lambda: HTML, "không phải là tệp DOC"),
    "svg": ("logo.svg", lambda: SVG, "chỉ nhận các tệp PDF"),
    "html": ("trang.html", lambda: HTML, "chỉ nhận các tệp PDF"),
    "exe": ("setup.exe", lambda: EXE, "chỉ nhận các tệp PDF"),
    "zip renamed .docx": ("to-trinh.docx", zip_bytes, "không phải là tệp DOCX"),
    "pdf renamed .xlsx": ("bang.xlsx", lambda: pdf_bytes("Bang"), "không phải là tệp XLSX"),
    "oversized": ("lon.pdf", lambda: b"%PDF-1.4\n" + b"0" * (20 * 1024 * 1024), "Tệp quá lớn"),
}

GOOD_DOCUMENTS = {
    "quyet-dinh.pdf": lambda: pdf_bytes("Quyet dinh"),
    "cong-van.doc": lambda: OLE_MAGIC + b"\x00" * 600,
    "to-trinh.docx": docx_bytes,
}


@pytest.fixture
def uploader(db, django_user_model):
    """An administrator (the roles' collection rights are tested below and in test_permissions)."""
    client = Client()
    client.force_login(django_user_model.objects.create_superuser("quantri", "quantri@thachha.example", "x"))
    return client


def root_collection():
    return Collection.get_first_root_node()


def multipart(field: str, filename: str, content: bytes, **fields) -> tuple[bytes, str]:
    """A hand-made multipart body, so the file name reaches the server exactly as written.

    Django's test client keeps only the last path part of a file's name; browsers and attackers
    send whatever they like.
    """
    boundary = "----portal-test-boundary"
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{filename}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def upload(client, url, field, filename, content, **fields):
    body, content_type = multipart(field, filename, content, **fields)
    return client.generic("POST", url, body, content_type=content_type)


def add_image_single(client, filename, content):
    return upload(
        client, reverse("wagtailimages:add"), "file", filename, content, title="Ảnh", collection=root_collection().pk
    )


def add_image_multiple(client, filename, content):
    return upload(
        client,
        reverse("wagtailimages:add_multiple"),
        "files[]",
        filename,
        content,
        title="Ảnh",
        collection=root_collection().pk,
    )


def add_image_chooser(client, filename, content):
    return upload(
        client,
        reverse("wagtailimages_chooser:create"),
        "image-chooser-upload-file",
        filename,
        content,
        **{"image-chooser-upload-title": "Ảnh", "image-chooser-upload-collection": root_collection().pk},
    )


def add_document_single(client, filename, content):
    return upload(
        client,
        reverse("wagtaildocs:add"),
        "file",
        filename,
        content,
        title="Văn bản",
        collection=root_collection().pk,
    )


def add_document_multiple(client, filename, content):
    return upload(
        client,
        reverse("wagtaildocs:add_multiple"),
        "files[]",
        filename,
        content,
        title="Văn bản",
        collection=root_collection().pk,
    )


def error_text(response) -> str:
    """The refusal the editor reads: the JSON of the multiple uploader, or the form's errors."""
    if response["Content-Type"].startswith("application/json"):
        data = response.json()
        if "htmlFragment" in data:  # the chooser shows its upload form again, with the errors
            assert data["step"] == "reshow_creation_form", data["step"]
            errors = BeautifulSoup(data["htmlFragment"], "html.parser").select(".error-message")
            assert errors, "the chooser accepted the file"
            return " ".join(error.get_text(" ", strip=True) for error in errors)
        assert data.get("success") is False, data
        return data["error_message"]
    assert response.status_code == 200, response.status_code
    form = response.context["form"]
    assert form.errors, "the form accepted the file"
    return " ".join(str(message) for messages in form.errors.values() for message in messages)


IMAGE_VIEWS = {"single": add_image_single, "multiple": add_image_multiple, "chooser": add_image_chooser}
DOCUMENT_VIEWS = {"single": add_document_single, "multiple": add_document_multiple}


# --- Images ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(GOOD_IMAGES))
def test_real_images_of_the_four_formats_are_accepted(uploader, name):
    response = add_image_multiple(uploader, name, GOOD_IMAGES[name]())
    assert response.json()["success"] is True, response.json()
    image = Image.objects.get()
    assert re.fullmatch(rf"original_images/anh(_[A-Za-z0-9]{{7}})?\.{name.rsplit('.', 1)[1]}", image.file.name)


@pytest.mark.parametrize("view", sorted(IMAGE_VIEWS))
@pytest.mark.parametrize("case", sorted(BAD_IMAGES))
def test_bad_images_are_refused_in_vietnamese_and_leave_nothing(uploader, view, case):
    filename, content, words = BAD_IMAGES[case]
    if case == "oversized" and view != "multiple":
        pytest.skip("one 10 MB upload is enough")
    response = IMAGE_VIEWS[view](uploader, filename, content())
    message = error_text(response)
    assert words.lower() in message.lower(), message
    assert not Image.objects.exists()


def test_image_polyglot_check_does_not_refuse_a_large_real_photograph(uploader):
    noisy = PILImage.effect_noise((1600, 1200), 90).convert("RGB")
    buffer = io.BytesIO()
    noisy.save(buffer, "JPEG", quality=95)
    response = add_image_multiple(uploader, "anh-hoi-nghi.jpg", buffer.getvalue())
    assert response.json()["success"] is True, response.json()


# --- Profile pictures -----------------------------------------------------------------------


def png_with_text(text: str) -> bytes:
    info = PngInfo()
    info.add_text("Comment", text)
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), (200, 30, 30)).save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue()


# What the probe saved as a profile picture, then every image the media library refuses (one
# oversized file is enough).
BAD_AVATARS = {
    "png with script in a text chunk": ("anh.png", lambda: png_with_text("<script>alert(1)</script>"), "mã trang web"),
    "gif + script": ("anh.gif", lambda: image_bytes("GIF", mode="P") + b"<script>alert(1)</script>", "mã trang web"),
    "png + zip": ("anh.png", lambda: image_bytes("PNG") + zip_bytes(), "tệp nén"),
    "25 MB": ("nang.png", lambda: image_bytes("PNG") + b"\0" * (25 * 1024 * 1024), "Tệp quá lớn"),
    **{case: bad for case, bad in BAD_IMAGES.items() if case != "oversized"},
}


def avatar_files() -> set[Path]:
    return set(Path(settings.MEDIA_ROOT).glob("avatar_images/*"))


def post_avatar(client, filename, content):
    """The account settings as a browser sends them, with a new profile picture."""
    fields = {
        "name_email-first_name": "Quản",
        "name_email-last_name": "Trị",
        "name_email-email": "quantri@thachha.example",
        "theme-theme": "system",
        "theme-density": "default",
        "theme-contrast": "system",
    }
    return upload(client, reverse("wagtailadmin_account"), "avatar-avatar", filename, content, **fields)


@pytest.mark.parametrize("case", sorted(BAD_AVATARS))
def test_bad_profile_pictures_are_refused_as_images_are_and_nothing_is_saved(uploader, case):
    filename, content, words = BAD_AVATARS[case]
    before = avatar_files()
    response = post_avatar(uploader, filename, content())
    assert response.status_code == 200, "the account settings must be shown again with the reason"
    errors = BeautifulSoup(response.content, "html.parser").select("#id_avatar-avatar-errors .error-message")
    message = " ".join(error.get_text(" ", strip=True) for error in errors)
    assert words.lower() in message.lower(), message
    profile = UserProfile.objects.get(user__username="quantri")
    assert not profile.avatar
    assert profile.user.first_name == "", "nothing of the refused settings is saved"
    assert avatar_files() == before


def big_photograph() -> bytes:
    buffer = io.BytesIO()
    PILImage.effect_noise((1600, 1200), 90).convert("RGB").save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "name, content",
    [("anh.png", lambda: image_bytes("PNG")), ("anh.jpg", lambda: image_bytes("JPEG")), ("anh.jpg", big_photograph)],
)
def test_real_profile_pictures_are_accepted(uploader, name, content):
    response = post_avatar(uploader, name, content())
    assert response.status_code == 302, response.content.decode()[:2000]
    profile = UserProfile.objects.get(user__username="quantri")
    assert re.fullmatch(rf"avatar_images/avatar_[0-9a-f-]{{36}}_anh\.{name.rsplit('.', 1)[1]}", profile.avatar.name)
    with PILImage.open(profile.avatar.path) as stored:
        assert max(stored.size) <= 400


# --- Documents ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(GOOD_DOCUMENTS))
def test_real_documents_are_accepted(uploader, name):
    response = add_document_multiple(uploader, name, GOOD_DOCUMENTS[name]())
    assert response.json()["success"] is True, response.json()
    stem, extension = name.rsplit(".", 1)
    stored = Document.objects.get().file.name
    assert re.fullmatch(rf"documents/{stem}(_[A-Za-z0-9]{{7}})?\.{extension}", stored), stored


@pytest.mark.parametrize("view", sorted(DOCUMENT_VIEWS))
@pytest.mark.parametrize("case", sorted(BAD_DOCUMENTS))
def test_bad_documents_are_refused_in_vietnamese_and_leave_nothing(uploader, view, case):
    filename, content, words = BAD_DOCUMENTS[case]
    if case == "oversized" and view != "multiple":
        pytest.skip("one 20 MB upload is enough")
    response = DOCUMENT_VIEWS[view](uploader, filename, content())
    message = error_text(response)
    assert words.lower() in message.lower(), message
    assert not Document.objects.exists()


# --- Names ----------------------------------------------------------------------------------

# Sent name -> the stored name's pattern (the storage adds "_xxxxxxx" when the name is taken;
# Wagtail shortens image paths to 95 characters).
NAMES = {
    "../../../etc/cron.d/lich.png": r"lich",
    "..\\..\\Windows\\System32\\he-thong.png": r"he-thong",
    ".htaccess.png": r"htaccess",
    "Ảnh Hội nghị Đảng bộ (1).PNG": r"anh-hoi-nghi-dang-bo-1",
    "anh%2f..%2fx.png": r"anh-2f-2fx",
    "a" * 300 + ".png": r"a{60,76}",
}


@pytest.mark.parametrize("sent", sorted(NAMES))
def test_image_names_are_folded_to_safe_ascii_without_folders(uploader, sent):
    response = add_image_multiple(uploader, sent, image_bytes("PNG"))
    assert response.json()["success"] is True, response.json()
    stored = Image.objects.get().file.name
    assert re.fullmatch(rf"original_images/{NAMES[sent]}(_[A-Za-z0-9]{{7}})?\.png", stored), stored
    assert len(stored) < 95


@pytest.mark.parametrize(
    ("sent", "stored"),
    [
        ("../../quyết định 7210.pdf", "quyet-dinh-7210.pdf"),
        ("..\\..\\.bashrc.pdf", "bashrc.pdf"),
        ("Tờ trình số 12/TTr-UBND.pdf", "ttr-ubnd.pdf"),
    ],
)
def test_document_names_are_folded_to_safe_ascii_without_folders(uploader, sent, stored):
    response = add_document_single(uploader, sent, pdf_bytes("Van ban"))
    assert response.status_code == 302, error_text(response)
    stem, extension = stored.rsplit(".", 1)
    name = Document.objects.get().file.name
    assert re.fullmatch(rf"documents/{stem}(_[A-Za-z0-9]{{7}})?\.{extension}", name), name


@pytest.mark.parametrize(
    ("name", "safe"),
    [("", "tep"), ("...", "tep"), ("/", "tep"), ("Đề án.tar.gz", "de-an-tar.gz"), ("x.ph p", "x.php")],
)
def test_safe_filename_never_returns_an_empty_or_hidden_name(name, safe):
    assert safe_filename(name) == safe


# --- Serving --------------------------------------------------------------------------------


# A PDF that runs script as soon as a viewer opens it.
PDF_WITH_SCRIPT = (
    b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R /OpenAction 3 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    b"3 0 obj << /S /JavaScript /JS (app.alert\\(document.cookie\\)) >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)


@pytest.mark.parametrize(
    "name, content",
    [("quyet-dinh.pdf", lambda: pdf_bytes("Quyet dinh")), ("mo-ra-la-chay.pdf", lambda: PDF_WITH_SCRIPT)],
)
def test_pdf_files_are_sandboxed_downloads_never_shown_inline(client, tree, name, content):
    pdf = make_document(content(), name)
    response = client.get(pdf.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{pdf.filename}"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert b"".join(response.streaming_content) == content()


def test_documents_are_served_with_safe_headers(client, tree):
    docx = make_document(docx_bytes(), "to-trinh.docx")
    response = client.get(docx.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert docx.url.startswith("/documents/"), "documents must go through the serve view, never /media/"


@pytest.fixture
def private_document(tree):
    collection = root_collection().add_child(name="Nội bộ")
    CollectionViewRestriction.objects.create(collection=collection, restriction_type=CollectionViewRestriction.LOGIN)
    document = make_document(pdf_bytes("Tai lieu mat"), "noi-bo.pdf", title="Tài liệu nội bộ mật")
    document.collection = collection
    document.save()
    return document


def test_documents_of_private_collections_need_a_login(client, private_document, django_user_model):
    response = client.get(private_document.url)
    assert response.status_code == 302
    # Wagtail's sign-in for readers, coming back to the file afterwards.
    assert response["Location"] == f"/_util/login/?next={private_document.url}"
    assert b"Tai lieu" not in response.content
    # A guessed name, another id or the media path never give the file either.
    assert client.get(f"/documents/{private_document.pk}/khac.pdf").status_code == 404
    assert client.get(f"/media/{private_document.file.name}").status_code == 404
    user = django_user_model.objects.create_user("docgia", password="ThachHa@2020")
    client.force_login(user)
    response = client.get(private_document.url)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_private_documents_are_not_in_search_or_sitemap(client, private_document):
    assert private_document.title not in client.get("/tim-kiem/", {"q": "Tài liệu nội bộ"}).content.decode()
    assert private_document.url not in client.get("/sitemap.xml").content.decode()


def test_a_private_document_attached_to_a_public_legal_document_stays_private(client, tree, private_document):
    from tests.legal_docs.factories import LegalDocumentIndexPageFactory, LegalDocumentPageFactory, attach

    library = LegalDocumentIndexPageFactory(parent=tree.home)
    page = LegalDocumentPageFactory(parent=library, summary="Về việc ban hành quy chế nội bộ")
    attach(page, private_document)
    page.refresh_from_db()
    assert "Tai lieu mat" not in page.text_content, "a private file's text must not reach the public search"
    html = client.get(page.url).content.decode()
    assert private_document.url not in html
    saved_link = page.url + page.reverse_subpage("pdf", args=[page.attachments.get().pk])
    response = client.get(saved_link)
    assert response.status_code in {302, 404}
    assert private_document.url not in response.get("Location", ""), "the file's name is private too"


def test_commune_editors_cannot_upload_into_another_communes_collection(pipeline):
    client = Client()
    client.force_login(pipeline.users["editor_a"])
    other = pipeline.commune_b.collection
    response = upload(
        client, reverse("wagtailimages:add"), "file", "anh.png", image_bytes(), title="Ảnh", collection=other.pk
    )
    assert response.status_code in {200, 302, 403}
    assert not Image.objects.filter(collection=other).exists()
