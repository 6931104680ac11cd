"""Each commune's two roles and its own media collection, scoped to that commune only.

``ensure_commune_roles()`` is idempotent: it creates what is missing and puts the permissions
back to exactly what is declared here, so it also repairs drift.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from .models import CommunePage

EDITOR_PAGE_PERMISSIONS = ["add_page"]
# The commune board reviews and may edit what its editors wrote; the district board publishes.
BOARD_PAGE_PERMISSIONS = ["add_page", "change_page", "lock_page"]
EDITOR_MEDIA_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "choose_document"),
]
BOARD_MEDIA_PERMISSIONS = [
    *EDITOR_MEDIA_PERMISSIONS,
    ("wagtailimages", "change_image"),
    ("wagtaildocs", "change_document"),
]


# Group names are data, stored once in Vietnamese like the district roles (editorial.roles),
# so they do not change with the language of whoever runs the command.
def editors_group_name(commune: CommunePage) -> str:
    return f"Biên tập viên – {commune.title}"


def board_group_name(commune: CommunePage) -> str:
    return f"BBT – {commune.title}"


def _named_group(current: Group | None, name: str) -> Group:
    if current is None:
        current, _created = Group.objects.get_or_create(name=name)
    elif current.name != name:
        current.name = name
        current.save(update_fields=["name"])
    return current


def _set_permissions(group, commune, collection, page_codenames, media_permissions):
    group.permissions.set([Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")])
    page_permissions = Permission.objects.filter(content_type__app_label="wagtailcore", codename__in=page_codenames)
    GroupPagePermission.objects.filter(group=group).exclude(page=commune, permission__in=page_permissions).delete()
    for permission in page_permissions:
        GroupPagePermission.objects.get_or_create(group=group, page=commune, permission=permission)
    media = [
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in media_permissions
    ]
    GroupCollectionPermission.objects.filter(group=group).exclude(collection=collection, permission__in=media).delete()
    for permission in media:
        GroupCollectionPermission.objects.get_or_create(group=group, collection=collection, permission=permission)


@transaction.atomic
def ensure_commune_roles(commune: CommunePage) -> CommunePage:
    collection = commune.collection
    if collection is None:
        root = Collection.get_first_root_node()
        collection = root.get_children().filter(name=commune.title).first() or root.add_child(name=commune.title)
    elif collection.name != commune.title:
        collection.name = commune.title
        collection.save(update_fields=["name"])
    editors = _named_group(commune.editors_group, editors_group_name(commune))
    board = _named_group(commune.board_group, board_group_name(commune))
    _set_permissions(editors, commune, collection, EDITOR_PAGE_PERMISSIONS, EDITOR_MEDIA_PERMISSIONS)
    _set_permissions(board, commune, collection, BOARD_PAGE_PERMISSIONS, BOARD_MEDIA_PERMISSIONS)
    if (commune.editors_group_id, commune.board_group_id, commune.collection_id) != (
        editors.pk,
        board.pk,
        collection.pk,
    ):
        CommunePage.objects.filter(pk=commune.pk).update(
            editors_group=editors, board_group=board, collection=collection
        )
        commune.editors_group, commune.board_group, commune.collection = editors, board, collection
    return commune


def ensure_all_commune_roles() -> list[CommunePage]:
    return [ensure_commune_roles(commune) for commune in CommunePage.objects.all()]
