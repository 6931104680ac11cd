"""The admin's import screen: upload a spreadsheet (and its files), preview, then import."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .forms import ImportForm
from .importer import COLUMN_LABELS, COLUMNS, REQUIRED_COLUMNS, DocumentImporter, ImportFileError, read_sheet
from .models import LegalDocumentIndexPage

IMPORT_PERMISSION = "legal_docs.import_legal_documents"


def user_can_import(user) -> bool:
    return user.is_active and user.has_perm(IMPORT_PERMISSION)


class ImportDocumentsView(WagtailAdminTemplateMixin, FormView):
    template_name = "legal_docs/admin/import.html"
    form_class = ImportForm
    page_title = gettext_lazy("Import documents")
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not user_can_import(request.user):
            raise PermissionDenied
        self.index = LegalDocumentIndexPage.objects.order_by("path").first()
        self.permissions = self.index.permissions_for_user(request.user) if self.index else None
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def can_add(self) -> bool:
        return bool(self.permissions and self.permissions.can_add_subpage())

    def can_publish(self) -> bool:
        return bool(self.permissions and self.permissions.can_publish_subpage())

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "can_publish": self.can_publish()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            index=self.index,
            can_add=self.can_add(),
            action_url=reverse("legal_docs_import"),
            columns=[(COLUMN_LABELS[key], key in REQUIRED_COLUMNS) for key in COLUMNS],
        )
        return context

    def form_valid(self, form):
        if not self.can_add():
            form.add_error(None, _("You may not add documents to the document library."))
            return self.form_invalid(form)
        sheet = form.cleaned_data["sheet"]
        try:
            rows, ignored = read_sheet(sheet, sheet.name)
        except ImportFileError as error:
            form.add_error("sheet", error.message)
            return self.form_invalid(form)
        dry_run = "preview" in self.request.POST
        importer = DocumentImporter(
            self.index,
            user=self.request.user,
            uploaded_files={item.name: item for item in form.cleaned_data["files"]},
            publish=bool(form.cleaned_data.get("publish")) and self.can_publish(),
            dry_run=dry_run,
        )
        report = importer.run(rows)
        report.ignored_columns = ignored
        # The browser cannot keep chosen files, so the form comes back empty for the next step.
        fresh = self.get_form_class()(can_publish=self.can_publish())
        return self.render_to_response(self.get_context_data(form=fresh, report=report))
