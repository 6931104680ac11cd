from django.contrib import messages
from django.contrib.auth.models import Permission
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from core.admin_search import ShortListSnippetViewSet

from .models import DocumentType, LegalDocumentPage, SubjectArea
from .views import ImportDocumentsView, user_can_import

MENU_HOOK = "register_legal_docs_menu_item"


class DocumentTypeViewSet(ShortListSnippetViewSet):
    model = DocumentType
    icon = "tag"
    menu_label = gettext_lazy("Document types")
    list_display = ["name", "abbreviation", "sort_order"]
    search_fields = ["name", "abbreviation"]
    ordering = ["sort_order", "name"]


class SubjectAreaViewSet(ShortListSnippetViewSet):
    model = SubjectArea
    icon = "folder-inverse"
    menu_label = gettext_lazy("Fields")
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]
    ordering = ["sort_order", "name"]


class LegalDocsViewSetGroup(SnippetViewSetGroup):
    items = (DocumentTypeViewSet, SubjectAreaViewSet)
    menu_label = gettext_lazy("Legal documents")
    menu_icon = "doc-full-inverse"
    menu_name = "legal-documents"
    menu_order = 290
    submenu_hook = MENU_HOOK


register_snippet(LegalDocsViewSetGroup)


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return user_can_import(request.user)


@hooks.register(MENU_HOOK)
def register_import_menu_item():
    return ImportMenuItem(gettext_lazy("Import documents"), reverse("legal_docs_import"), icon_name="upload", order=10)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("legal-documents/import/", ImportDocumentsView.as_view(), name="legal_docs_import")]


@hooks.register("register_permissions")
def register_permissions():
    return Permission.objects.filter(content_type__app_label="legal_docs", codename="import_legal_documents")


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def warn_about_duplicate_numbers(request, page):
    """A second document with the same number, body and year is most likely entered twice."""
    if not isinstance(page, LegalDocumentPage):
        return
    for other in page.duplicates()[:3]:
        messages.warning(
            request,
            _(
                "“%(other)s” already has the number %(number)s from %(body)s in %(year)d. "
                "Check that the same document has not been entered twice."
            )
            % {"other": other.title, "number": other.number, "body": page.issuing_body, "year": page.issue_date.year},
        )
