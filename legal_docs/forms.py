"""Forms of the public list (filters) and of the admin's import screen."""

from django import forms
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from core.models import Unit
from pagecache.fragments import cached

from .files import extension_of
from .numbers import FIRST_YEAR, LAST_YEAR
from .validity import Validity

MAX_QUERY_LENGTH = 200
MAX_SHEET_SIZE = 10 * 1024 * 1024


class DocumentFilterForm(forms.Form):
    """The list's filters, read from the address (GET); each bad value is dropped on its own."""

    q = forms.CharField(
        label=_("Number or words of the summary"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        help_text=_("Tone marks are not needed, e.g. “qd-ubnd 7210” or “ke hoach”."),
    )
    type = forms.ChoiceField(label=_("Document type"), required=False)
    issuer = forms.ChoiceField(label=_("Issuing body"), required=False)
    field = forms.ChoiceField(label=_("Field"), required=False)
    year = forms.IntegerField(
        label=_("Year of issue"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR, widget=forms.Select
    )
    status = forms.ChoiceField(label=_("Validity"), required=False, choices=[("", _("All")), *Validity.choices])

    def __init__(self, data, index):
        super().__init__(data)
        # Finding the bodies and years that have documents reads every document, tens of
        # milliseconds at 20,000 documents: kept in the cache until something is published.
        choices = cached(f"document-filter-choices:{index.pk}", index.filter_choices)
        self.fields["type"].choices = [("", _("All types")), *choices["types"]]
        # The list offers the bodies that issued something; any other unit is still a valid filter.
        issuers = choices["issuers"]
        wanted = str(self.data.get("issuer", ""))[:80] if self.is_bound else ""
        # A NUL is never a unit's code, and PostgreSQL fails on one: left to the field to refuse.
        if wanted and wanted not in dict(issuers) and "\x00" not in wanted:
            issuers = issuers + list(Unit.objects.filter(slug=wanted).values_list("slug", "name"))
        self.fields["issuer"].choices = [("", _("All bodies")), *issuers]
        self.fields["field"].choices = [("", _("All fields")), *choices["fields"]]
        self.fields["year"].widget.choices = [("", _("All years"))] + [(year, year) for year in choices["years"]]

    def values(self) -> dict:
        """The valid, non-empty filter values."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}

    def apply(self, documents):
        values = self.values()
        if "type" in values:
            documents = documents.filter(document_type__slug=values["type"])
        if "issuer" in values:
            documents = documents.filter(issuing_body__slug=values["issuer"])
        if "field" in values:
            documents = documents.filter(subject_area__slug=values["field"])
        if "year" in values:
            documents = documents.filter(issue_date__year=values["year"])
        if "status" in values:
            documents = documents.filter(validity_code=values["status"])
        if values.get("q"):
            documents = documents.matching(values["q"])
        return documents

    def problems(self) -> list[str]:
        """What was ignored, for the reader; the bad values themselves are never repeated."""
        self.values()
        return [
            _("The value given for “%(filter)s” is not valid, so that filter was ignored.")
            % {"filter": self.fields[name].label}
            for name in self.fields
            if name in self.errors
        ]

    def is_filtered(self) -> bool:
        return bool(self.values())

    def query_string(self) -> str:
        """The valid filters as an address query, for the pagination links."""
        values = self.values()
        return urlencode([(name, values[name]) for name in self.fields if name in values])


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        items = data if isinstance(data, list | tuple) else [data]
        cleaned = [super(MultipleFileField, self).clean(item, initial) for item in items if item]
        if self.required and not cleaned:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return cleaned


class ImportForm(forms.Form):
    sheet = forms.FileField(
        label=_("Spreadsheet (XLSX or CSV)"),
        help_text=_("The first row names the columns; see the list of columns below."),
    )
    files = MultipleFileField(
        label=_("Attached files"),
        required=False,
        help_text=_("Select every file the sheet names in its “Tệp đính kèm” column (PDF, DOC, DOCX, XLS, XLSX, ODT)."),
    )
    publish = forms.BooleanField(label=_("Publish the imported documents at once"), required=False)

    def __init__(self, *args, can_publish=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_publish:
            del self.fields["publish"]

    def clean_sheet(self):
        sheet = self.cleaned_data["sheet"]
        if extension_of(sheet.name) not in {"xlsx", "csv"}:
            raise forms.ValidationError(_("Only XLSX and CSV files can be imported."))
        if sheet.size > MAX_SHEET_SIZE:
            raise forms.ValidationError(_("The spreadsheet is larger than 10 MB."))
        return sheet
