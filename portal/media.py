"""Uploaded files in development (`make run`), served as the production web server serves them.

Documents are never served from their folder: only ``/documents/<id>/<name>`` (uploads.views)
checks the view restrictions of their collection, and production's web server answers 404 under
``/media/documents/`` too (docs/uploads.md).
"""

import posixpath
import re

from django.conf import settings
from django.http import Http404
from django.urls import re_path
from django.views.static import serve

from wagtail.documents import get_document_model


def _documents_folder() -> str:
    return get_document_model()._meta.get_field("file").upload_to.strip("/").casefold()


def serve_media(request, path):
    # Normalised as django.views.static.serve does ("images/../documents/x.pdf" is a document),
    # and folded for case-insensitive file systems (macOS, Windows).
    folder = posixpath.normpath(path.replace("\\", "/")).lstrip("/").split("/", 1)[0]
    if folder.casefold() == _documents_folder():
        raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT)


def media_urlpatterns() -> list:
    prefix = re.escape(settings.MEDIA_URL.lstrip("/"))
    return [re_path(rf"^{prefix}(?P<path>.*)$", serve_media)]
