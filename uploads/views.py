"""Document downloads with the headers a hostile file cannot get around."""

from django.utils.cache import patch_cache_control

from wagtail.documents import get_document_model
from wagtail.documents.views import multiple
from wagtail.documents.views import serve as wagtail_serve

from .collections import own_collection

# Nothing in a served file may run, load or submit anything, even if a browser ignores
# Content-Disposition and shows it: "sandbox" gives it a unique origin without scripts. PDF files
# included: one can carry script (/OpenAction), and a browser's viewer would run it on our origin.
DOCUMENT_POLICY = "default-src 'none'; sandbox"


def serve(request, document_id, document_filename):
    """Wagtail's serve view (view restrictions, ETag, nosniff) with a stricter policy.

    Wagtail 8 already answers ``Content-Disposition: attachment`` for every type not in
    WAGTAILDOCS_INLINE_CONTENT_TYPES (none: every document is a download),
    ``X-Content-Type-Options: nosniff`` and ``Content-Security-Policy: default-src 'none'``; this
    adds the sandbox and keeps documents of restricted collections out of shared caches.
    """
    response = wagtail_serve.serve(request, document_id, document_filename)
    if response.status_code != 200:
        return response
    response["Content-Security-Policy"] = DOCUMENT_POLICY
    response["X-Content-Type-Options"] = "nosniff"
    document = get_document_model().objects.select_related("collection").get(pk=document_id)
    if document.collection.get_view_restrictions().exists():
        patch_cache_control(response, private=True, no_store=True)
    return response


class AddDocumentsView(multiple.AddView):
    """Wagtail's multiple uploader with the uploader's own collection selected
    (``uploads.collections``) when the address does not name one (``?collection_id=``)."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if context["collections"] and not context["selected_collection_id"]:
            own = own_collection(self.request.user, context["collections"])
            if own is not None:
                context["selected_collection_id"] = str(own.pk)
        return context
