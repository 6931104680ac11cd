"""The district's roles (Django groups) and their permissions, as code.

``apply_groups()`` is idempotent: it creates what is missing, and puts each group's page,
collection and model permissions back to exactly what is declared here. ``editorial.setup``
runs it together with the commune roles and the workflows that name these groups.
"""

from dataclasses import dataclass, field

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

ADMINISTRATORS = "Tổ kỹ thuật (Quản trị)"
EDITORIAL_BOARD = "Ban Biên tập"
BOARD_HEADS = "Trưởng, Phó Ban Biên tập"
CONTRIBUTORS = "Cộng tác viên, cán bộ phòng ban"
DOCUMENT_CLERKS = "Văn thư"

ALL_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page", "unlock_page"]
MEDIA_EDIT = [
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
]
MEDIA_ADD = [
    "wagtailimages.add_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.choose_document",
]


# What clerks keep besides their pages: the leaders named in schedules, document imports.
CLERK_MODEL_PERMISSIONS = [
    "wagtailadmin.access_admin",
    "schedule.add_leader",
    "schedule.change_leader",
    "legal_docs.import_legal_documents",
]
# The board also keeps the taxonomies: units, tags, document types and fields.
BOARD_MODEL_PERMISSIONS = [
    *CLERK_MODEL_PERMISSIONS,
    "core.add_unit",
    "core.change_unit",
    "taggit.change_tag",
    "legal_docs.add_documenttype",
    "legal_docs.change_documenttype",
    "legal_docs.add_subjectarea",
    "legal_docs.change_subjectarea",
    "quality.change_qualitysettings",
    "wagtailsearchpromotions.add_searchpromotion",
    "wagtailsearchpromotions.change_searchpromotion",
    "wagtailsearchpromotions.delete_searchpromotion",
    "about.add_agencylink",
    "about.change_agencylink",
    "about.delete_agencylink",
    # Citizens' questions (questions/): review, answer and publish, refuse; their topics.
    "questions.view_question",
    "questions.change_question",
    "questions.add_questiontopic",
    "questions.change_questiontopic",
    "questions.delete_questiontopic",
]

# The activity report, and the monthly targets of the units it measures.
REPORT_PERMISSIONS = [
    "editorial.view_editorial_report",
    "editorial.add_unittarget",
    "editorial.change_unittarget",
    "editorial.delete_unittarget",
    "editorial.view_unittarget",
]

# The section index pages under the home page that permissions hang from.
INDEX_PLACES = {
    ("news", "newsindexpage"): "news",
    ("legal_docs", "legaldocumentindexpage"): "documents",
    ("schedule", "scheduleindexpage"): "schedule",
    ("communes", "communeindexpage"): "communes",
}
CLERK_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]


@dataclass(frozen=True)
class Role:
    name: str
    # Page permissions, keyed by where they apply: "root", "site" (the home page), an INDEX_PLACES
    # value, or "sections" (each news section; see ``section_pages``).
    page_permissions: dict[str, list[str]] = field(default_factory=dict)
    collection_permissions: list[str] = field(default_factory=list)
    model_permissions: list[str] = field(default_factory=list)


ROLES = [
    Role(
        ADMINISTRATORS,
        page_permissions={"root": ALL_PAGE_PERMISSIONS},
        collection_permissions=[*MEDIA_EDIT, "wagtailimages.delete_image", "wagtaildocs.delete_document"],
        model_permissions=[
            *BOARD_MODEL_PERMISSIONS,
            "auth.add_user",
            "auth.change_user",
            "auth.delete_user",
            "auth.add_group",
            "auth.change_group",
            "core.delete_unit",
            "core.change_sitesettings",
            "editorial.change_editorialsettings",
            *REPORT_PERMISSIONS,
            "wagtailcore.add_collection",
            "wagtailcore.change_collection",
            "wagtailcore.add_workflow",
            "wagtailcore.change_workflow",
            "wagtailcore.add_task",
            "wagtailcore.change_task",
            "wagtailredirects.add_redirect",
            "wagtailredirects.change_redirect",
            "wagtailredirects.delete_redirect",
            # Sign-in security (accounts/): unlock locked sign-ins, reset a lost second factor.
            "axes.delete_accessattempt",
            "otp_totp.delete_totpdevice",
            "questions.delete_question",
        ],
    ),
    Role(
        EDITORIAL_BOARD,
        page_permissions={"site": ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]},
        collection_permissions=MEDIA_EDIT,
        # Only the board is e-mailed about each new citizen's question.
        model_permissions=[*BOARD_MODEL_PERMISSIONS, *REPORT_PERMISSIONS, "questions.notify_new_question"],
    ),
    Role(
        BOARD_HEADS,
        page_permissions={"site": ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]},
        collection_permissions=MEDIA_EDIT,
        model_permissions=[*BOARD_MODEL_PERMISSIONS, *REPORT_PERMISSIONS],
    ),
    Role(
        CONTRIBUTORS,
        # "add" lets a contributor create pages and edit only the ones they own; never publish.
        # It is given on each section, not on "Tin tức": there it would let them create sections.
        page_permissions={"sections": ["add_page"]},
        collection_permissions=MEDIA_ADD,
        model_permissions=["wagtailadmin.access_admin"],
    ),
    Role(
        DOCUMENT_CLERKS,
        # Documents and schedules are already signed: clerks publish them directly.
        page_permissions={"documents": CLERK_PAGE_PERMISSIONS, "schedule": CLERK_PAGE_PERMISSIONS},
        collection_permissions=MEDIA_EDIT,
        model_permissions=[*CLERK_MODEL_PERMISSIONS],
    ),
]


# Roles that work on everyone's items and so may see every draft.
ROLES_SEEING_EVERY_ITEM = [ADMINISTRATORS, EDITORIAL_BOARD, BOARD_HEADS]


def sees_every_item(user) -> bool:
    return user.groups.filter(name__in=ROLES_SEEING_EVERY_ITEM).exists()


def _permission(label: str) -> Permission:
    app_label, codename = label.split(".", 1)
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _page_permission(codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)


def role_places() -> dict[str, Page]:
    """The pages a role's page permissions hang from, found from the site's root."""
    from wagtail.models import Site

    places = {"root": Page.get_first_root_node()}
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is not None:
        places["site"] = site.root_page
        for child in site.root_page.get_children().select_related("content_type"):
            place = INDEX_PLACES.get((child.content_type.app_label, child.content_type.model))
            if place is not None:
                places.setdefault(place, child)
    return places


def section_pages(places: dict[str, Page]) -> list[Page]:
    """The news sections, where the roles that may only write articles get their page permissions."""
    if "news" not in places:
        return []
    return list(places["news"].get_children())


def _pages_of(place: str, places: dict[str, Page]) -> list[Page]:
    if place == "sections":
        return section_pages(places)
    return [places[place]] if place in places else []


@transaction.atomic
def apply_section_permissions(section: Page) -> None:
    """Give a new section the permissions every role holds on each section (``apply_groups`` would too)."""
    for role in ROLES:
        codenames = role.page_permissions.get("sections", [])
        if codenames:
            group, _ = Group.objects.get_or_create(name=role.name)
            for codename in codenames:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=section, permission=_page_permission(codename)
                )


@transaction.atomic
def apply_groups(places: dict[str, Page]) -> list[Group]:
    """The groups of ``ROLES``, with their permissions on ``places`` (see ``role_places()``)."""
    root_collection = Collection.get_first_root_node()
    groups = []
    for role in ROLES:
        group, _ = Group.objects.get_or_create(name=role.name)
        group.permissions.set([_permission(label) for label in role.model_permissions])

        wanted_pages = {
            (page.pk, _page_permission(codename).pk)
            for place, codenames in role.page_permissions.items()
            for page in _pages_of(place, places)
            for codename in codenames
        }
        existing = GroupPagePermission.objects.filter(group=group)
        existing.exclude(pk__in=[p.pk for p in existing if (p.page_id, p.permission_id) in wanted_pages]).delete()
        for page_id, permission_id in wanted_pages:
            GroupPagePermission.objects.get_or_create(group=group, page_id=page_id, permission_id=permission_id)

        wanted_collection = {_permission(label).pk for label in role.collection_permissions}
        GroupCollectionPermission.objects.filter(group=group).exclude(
            collection=root_collection, permission_id__in=wanted_collection
        ).delete()
        for permission_id in wanted_collection:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission_id=permission_id
            )
        groups.append(group)
    return groups
