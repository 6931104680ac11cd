from django.db.models import Q

from wagtail import hooks

from uploads.collections import OWN_COLLECTION_HOOK

from .models import CommunePage


@hooks.register(OWN_COLLECTION_HOOK)
def commune_collection(user):
    """A commune's staff, and the people of its unit, upload to the commune's collection."""
    commune = (
        CommunePage.objects.filter(
            Q(editors_group__user=user) | Q(board_group__user=user) | Q(unit__members__user=user),
            collection__isnull=False,
        )
        .select_related("collection")
        .order_by("path")
        .first()
    )
    return commune.collection if commune is not None else None
