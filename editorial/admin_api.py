"""The admin API's image and document endpoints (/admin/api/main/images/, …/documents/), limited
to what the user's choosers offer.

Wagtail's endpoints list every file of every collection to any signed-in editor, with its
download address: a commune's editor would read another commune's files, and everyone the
files of collections kept for one group. The pages endpoint needs nothing here: it asks the
page permission policy, which applies the explorer's rule (editorial/explorer.py).
"""

from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.permissions import policy_registry


class ChoosableOnly:
    def get_queryset(self):
        policy = policy_registry.get_by_type(self.model)
        collections = policy.collections_user_has_permission_for(self.request.user, "choose")
        return super().get_queryset().filter(collection__in=list(collections))


class ChoosableImagesAPIViewSet(ChoosableOnly, ImagesAdminAPIViewSet):
    pass


class ChoosableDocumentsAPIViewSet(ChoosableOnly, DocumentsAdminAPIViewSet):
    pass
