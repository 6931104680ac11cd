"""Which collection of the media library an upload goes to unless its uploader picks another.

Wagtail offers every collection the uploader may add to and selects the first, the root, even
for people who work in one collection of their own. Each upload form and the multiple uploader
select the uploader's own collection instead: the first that an ``OWN_COLLECTION_HOOK`` function
names among the collections the uploader may add to (``communes``: a commune's collection for its
staff; ``editorial``: the documents' collection for the document clerks). With none, Wagtail's
choice stands.
"""

from wagtail import hooks

OWN_COLLECTION_HOOK = "uploads_own_collection"


def own_collection(user, collections):
    """The uploader's own collection among ``collections``, or None."""
    if user is None or not user.is_authenticated:
        return None
    allowed = {collection.pk: collection for collection in collections}
    for name_collection in hooks.get_hooks(OWN_COLLECTION_HOOK):
        collection = name_collection(user)
        if collection is not None and collection.pk in allowed:
            return allowed[collection.pk]
    return None
