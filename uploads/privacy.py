"""Which media-library documents the public may see (Wagtail collection view restrictions)."""


def is_public(document) -> bool:
    """True when the document's collection (or one above it) has no view restriction."""
    return not document.collection.get_view_restrictions().exists()


def visible_to(document, request) -> bool:
    """True when every view restriction on the document's collection lets this request in."""
    return all(restriction.accept_request(request) for restriction in document.collection.get_view_restrictions())
