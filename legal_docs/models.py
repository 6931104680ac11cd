from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Case, Exists, OuterRef, Prefetch, Q, Value, When
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.documents import get_document_model_string
from wagtail.fields import RichTextField
from wagtail.models import Collection, Orderable, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from core.expiry import unexpired_q
from core.models import Unit
from core.pages import BasePage, SectionIndexPage
from core.pagination import paginate
from core.text import fold, slugify_vi
from uploads.privacy import is_public, visible_to

from .admin_forms import LegalDocumentPageForm
from .files import document_text, extension_of, validate_stored_document
from .forms import DocumentFilterForm
from .numbers import NumberError, number_key, parse_number, search_tokens
from .validity import ENDS_PARTLY, ENDS_WHOLLY, INVERSE_LABELS, RelationType, Validity, derive_validity

LISTING_PER_PAGE = 20
MAX_QUERY_TOKENS = 8
_ABBREVIATION_SHAPE = r"^[^\W\d_][^\W_]*$"


class DocumentType(models.Model):
    """A form of document ("hình thức văn bản") with its abbreviation, e.g. Quyết định / QĐ."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    abbreviation = models.CharField(
        _("abbreviation"),
        max_length=12,
        blank=True,
        validators=[RegexValidator(_ABBREVIATION_SHAPE, _("Letters and digits only, starting with a letter."))],
        help_text=_(
            "As written in document numbers, e.g. QĐ in 7210/QĐ-UBND (Decree 30/2020/ND-CP, appendix III). "
            "Empty for types whose numbers carry no type part, such as official letters."
        ),
    )
    slug = models.SlugField(
        _("code"), max_length=60, unique=True, help_text=_("Used in the addresses of the public list's filters.")
    )
    sort_order = models.PositiveSmallIntegerField(_("order in lists"), default=100)

    panels = [FieldPanel("name"), FieldPanel("abbreviation"), FieldPanel("slug"), FieldPanel("sort_order")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("document type")
        verbose_name_plural = _("document types")
        constraints = [
            models.UniqueConstraint(
                fields=["abbreviation"], condition=~Q(abbreviation=""), name="legal_docs_type_abbreviation_unique"
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.abbreviation})" if self.abbreviation else self.name

    def clean(self):
        self.abbreviation = self.abbreviation.strip()
        if self.name and not self.slug:
            self.slug = slugify_vi(self.name, max_length=60)


class SubjectArea(models.Model):
    """A field of state management ("lĩnh vực"), e.g. Giáo dục – Đào tạo."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(
        _("code"), max_length=80, unique=True, help_text=_("Used in the addresses of the public list's filters.")
    )
    sort_order = models.PositiveSmallIntegerField(_("order in lists"), default=100)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("sort_order")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("field")
        verbose_name_plural = _("fields")

    def __str__(self):
        return self.name

    def clean(self):
        if self.name and not self.slug:
            self.slug = slugify_vi(self.name)


DOCUMENT_COLLECTION = "Văn bản"


def document_collection():
    """The media library collection that holds the documents' files, created when missing."""
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=DOCUMENT_COLLECTION).first()
    return collection or root.add_child(name=DOCUMENT_COLLECTION)


def known_abbreviations() -> list[str]:
    return [a for a in DocumentType.objects.values_list("abbreviation", flat=True) if a]


TYPE_PART_MISSING = _("A %(type)s number carries its type, %(abbreviation)s, e.g. 12/%(abbreviation)s-UBND.")
TYPE_PART_MISMATCH = _(
    "The type part of the number, “%(found)s”, does not match the chosen type, %(type)s (%(abbreviation)s)."
)
TYPE_PART_FOREIGN = _("The type part of the number, “%(found)s”, belongs to another type of document, not %(type)s.")


def type_problem(parsed, document_type) -> str | None:
    """Why the number's type part disagrees with ``document_type``, or None when it agrees."""
    expected = document_type.abbreviation
    found = parsed.type_part
    params = {"type": document_type.name, "abbreviation": expected, "found": found}
    if expected:
        if not found:
            return TYPE_PART_MISSING % params
        if fold(found).upper() != fold(expected).upper():
            return TYPE_PART_MISMATCH % params
    elif found and not parsed.party_style:
        return TYPE_PART_FOREIGN % params
    return None


class LegalDocumentQuerySet(PageQuerySet):
    def published(self):
        return self.live().public().filter(unexpired_q())

    def with_validity(self, today=None):
        """Annotate ``validity_code`` (a ``Validity`` value), the SQL twin of ``derive_validity``."""
        today = today or timezone.localdate()
        in_force_sources = DocumentRelation.objects.filter(
            target=OuterRef("pk"), source__live=True, source__in_force_from__lte=today
        )
        return self.annotate(
            validity_code=Case(
                When(
                    Q(expiry_date__lte=today) | Exists(in_force_sources.filter(relation_type__in=ENDS_WHOLLY)),
                    then=Value(Validity.EXPIRED.value),
                ),
                When(in_force_from__gt=today, then=Value(Validity.NOT_YET.value)),
                When(
                    Exists(in_force_sources.filter(relation_type__in=ENDS_PARTLY)),
                    then=Value(Validity.PARTLY_EXPIRED.value),
                ),
                default=Value(Validity.IN_FORCE.value),
                output_field=models.CharField(),
            )
        )

    def matching(self, query: str):
        """Documents whose number, type and summary hold every word of ``query``, tone marks ignored.

        Every word but the last must match a whole word; the last may be the start of one, so
        "ke hoach" finds "Kế hoạch" but not "kết quả thu hoạch", and "721" finds 7210.
        """
        tokens = search_tokens(query)[:MAX_QUERY_TOKENS]
        queryset = self
        for position, token in enumerate(tokens):
            is_last = position == len(tokens) - 1
            queryset = queryset.filter(search_text__contains=f" {token}" if is_last else f" {token} ")
        return queryset

    def for_listing(self, today=None):
        """Live public documents with what a listing shows, newest first, in a fixed number of queries."""
        return (
            self.published()
            .with_validity(today)
            .select_related("document_type", "issuing_body", "subject_area")
            .prefetch_related(Prefetch("attachments", queryset=DocumentAttachment.objects.select_related("document")))
            .order_by("-issue_date", "-pk")
        )


LegalDocumentPageManager = PageManager.from_queryset(LegalDocumentQuerySet)


class LegalDocumentIndexPage(SectionIndexPage):
    """ "Văn bản": the searchable list of every published document."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["legal_docs.LegalDocumentPage"]

    class Meta:
        verbose_name = _("document library")
        verbose_name_plural = _("document libraries")

    def documents(self, today=None):
        return LegalDocumentPage.objects.child_of(self).for_listing(today)

    def filter_choices(self) -> dict[str, list]:
        """What the list's filters offer: the types, issuing bodies, fields and years of its documents."""
        published = LegalDocumentPage.objects.child_of(self).live()
        return {
            "types": list(DocumentType.objects.values_list("slug", "name")),
            "issuers": list(
                Unit.objects.filter(pk__in=published.values("issuing_body_id")).values_list("slug", "name")
            ),
            "fields": list(SubjectArea.objects.values_list("slug", "name")),
            "years": [day.year for day in published.dates("issue_date", "year", order="DESC")],
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        filters = DocumentFilterForm(request.GET, index=self)
        documents = filters.apply(self.documents())
        context.update(
            filter_form=filters,
            filter_messages=filters.problems(),
            filter_query=filters.query_string(),
            is_filtered=filters.is_filtered(),
            documents=paginate(request, documents, LISTING_PER_PAGE),
        )
        return context


class LegalDocumentPage(RoutablePageMixin, BasePage):
    """One legal or administrative document, with its files and its relations to others."""

    number = models.CharField(
        _("number"),
        max_length=60,
        help_text=_("As printed on the document, e.g. 7210/QĐ-UBND, 43/2011/NĐ-CP or 4946/BTTTT-CĐSQG."),
    )
    document_type = models.ForeignKey(
        DocumentType, verbose_name=_("document type"), on_delete=models.PROTECT, related_name="documents"
    )
    issuing_body = models.ForeignKey(
        "core.Unit", verbose_name=_("issuing body"), on_delete=models.PROTECT, related_name="legal_documents"
    )
    subject_area = models.ForeignKey(
        SubjectArea,
        verbose_name=_("field"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
    )
    signer_name = models.CharField(_("signed by"), max_length=120, blank=True)
    signer_title = models.CharField(
        _("signer's title"), max_length=160, blank=True, help_text=_("E.g. “KT. Chủ tịch – Phó Chủ tịch”.")
    )
    issue_date = models.DateField(_("issue date"), db_index=True)
    effective_date = models.DateField(
        _("effective date"), null=True, blank=True, help_text=_("Empty: in force from the issue date.")
    )
    expiry_date = models.DateField(
        _("expiry date"),
        null=True,
        blank=True,
        help_text=_("The first day it is no longer in force, when a date is set for that."),
    )
    summary = models.TextField(_("summary"), max_length=1000, help_text=_("The summary line (trích yếu)."))
    notes = RichTextField(_("notes"), blank=True, features=["bold", "italic", "link", "ol", "ul"])

    # Derived on save, never typed in.
    number_key = models.CharField(max_length=80, editable=False, db_index=True, default="")
    in_force_from = models.DateField(null=True, editable=False, db_index=True)
    search_text = models.TextField(editable=False, default="")
    # The text of the PDF files, for the search (pypdf, refreshed when the files change).
    text_content = models.TextField(editable=False, default="")
    text_source = models.TextField(editable=False, default="")

    objects = LegalDocumentPageManager()

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("document_type"),
                FieldPanel("number"),
                FieldPanel("issuing_body"),
                FieldPanel("subject_area"),
            ],
            heading=_("Identification"),
        ),
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("issue_date"), FieldPanel("effective_date"), FieldPanel("expiry_date")],
            heading=_("Dates"),
        ),
        MultiFieldPanel([FieldPanel("signer_name"), FieldPanel("signer_title")], heading=_("Signature")),
        FieldPanel("notes"),
        InlinePanel("attachments", heading=_("Files"), label=_("file"), min_num=1),
        InlinePanel("relations", heading=_("Related documents"), label=_("related document")),
    ]

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("number", boost=3),
        index.SearchField("summary", boost=2),
        index.SearchField("text_content"),
        index.AutocompleteField("number"),
        index.FilterField("issue_date"),
        index.FilterField("document_type"),
        index.FilterField("issuing_body"),
        index.FilterField("subject_area"),
    ]

    parent_page_types = ["legal_docs.LegalDocumentIndexPage"]
    subpage_types = []
    base_form_class = LegalDocumentPageForm

    class Meta:
        verbose_name = _("legal document")
        verbose_name_plural = _("legal documents")
        permissions = [("import_legal_documents", "Can import legal documents")]
        indexes = [models.Index(fields=["issuing_body", "number_key"], name="legal_doc_issuer_number")]

    # --- Number, title, slug --------------------------------------------------------------

    def parse_number(self, abbreviations=None):
        expected = self.document_type.abbreviation if self.document_type_id else None
        if abbreviations is None:
            abbreviations = known_abbreviations()
        return parse_number(self.number, abbreviations, expected_type=expected)

    def canonical_number(self, abbreviations=None) -> str:
        try:
            return self.parse_number(abbreviations).text
        except NumberError:
            return (self.number or "").strip()

    def auto_title(self) -> str:
        number = self.canonical_number()
        if self.document_type_id and number:
            return _("%(type)s No. %(number)s") % {"type": self.document_type.name, "number": number}
        return number

    def default_slug(self) -> str:
        """ "7210-qd-ubnd-2017": the number, and the year when the number does not carry it."""
        try:
            parsed = self.parse_number()
        except NumberError:
            parsed = None
        base = (parsed.text if parsed else (self.number or "").strip()).replace("/", " ")
        if self.issue_date and not (parsed and parsed.year):
            base = f"{base} {self.issue_date.year}"
        return slugify_vi(base)

    def duplicates(self):
        """Other documents with the same number from the same body in the same year."""
        if not (self.number and self.issuing_body_id and self.issue_date):
            return LegalDocumentPage.objects.none()
        return (
            LegalDocumentPage.objects.filter(
                number_key=number_key(self.canonical_number()),
                issuing_body_id=self.issuing_body_id,
                issue_date__year=self.issue_date.year,
            )
            .exclude(pk=self.pk)
            .order_by("pk")
        )

    def _fill_title_and_slug(self):
        if not self.title and self.number:
            self.title = self.auto_title()
        # As Wagtail's own full_clean() does, with its private _cached_parent_obj and
        # _get_autogenerated_slug() (tests/core/test_wagtail_private_apis.py).
        parent_is_known = bool(self.path or getattr(self, "_cached_parent_obj", None))
        if not self.slug and self.number and parent_is_known:
            base = self.default_slug()
            if base:
                self.slug = self._get_autogenerated_slug(base)

    def full_clean(self, *args, **kwargs):
        self._fill_title_and_slug()
        super().full_clean(*args, **kwargs)

    def minimal_clean(self):
        # Drafts are saved with this lighter check, which also needs a title.
        self._fill_title_and_slug()
        super().minimal_clean()

    def clean(self):
        super().clean()
        errors = {}
        if self.number:
            try:
                parsed = self.parse_number()
            except NumberError as error:
                errors["number"] = error.message
            else:
                self.number = parsed.text
                problem = type_problem(parsed, self.document_type) if self.document_type_id else None
                if problem:
                    errors["number"] = problem
        start = self.effective_date or self.issue_date
        if self.expiry_date and start and self.expiry_date <= start:
            errors["expiry_date"] = _("The expiry date must come after the day the document comes into force.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if kwargs.get("update_fields") is None:
            self.refresh_derived()
            self.refresh_text()
        return super().save(*args, **kwargs)

    def refresh_derived(self):
        self.number = self.canonical_number()
        self.number_key = number_key(self.number)
        self.in_force_from = self.effective_date or self.issue_date
        words = search_tokens(self.number)
        try:
            sequence = self.parse_number().sequence
        except NumberError:
            sequence = ""
        if sequence.startswith("0"):
            # "1/QĐ-UBND" should find 01/QĐ-UBND.
            words.append(sequence.lstrip("0"))
        if self.document_type_id:
            words += search_tokens(self.document_type.name)
        words += search_tokens(self.summary) + search_tokens(self.title)
        self.search_text = f" {' '.join(words)} "

    def refresh_text(self, force=False) -> bool:
        """Extract the text of the PDF files again if they changed; True when it did."""
        documents = [a.document for a in self.attachments.all() if a.document_id]
        # Files of private collections stay out of the text that public search reads.
        pdfs = [d for d in documents if extension_of(d.file.name) == "pdf" and is_public(d)]
        fingerprint = ";".join(f"{d.pk}:{d.file_hash or d.file.name}" for d in pdfs)
        if not force and fingerprint == self.text_source and (self.text_content or not fingerprint):
            return False
        if not force and self.pk:
            # A page made from a revision has no text (see serializable_data): take the stored one.
            stored = (
                LegalDocumentPage.objects.filter(pk=self.pk, text_source=fingerprint)
                .values_list("text_content", flat=True)
                .first()
            )
            if stored is not None:
                self.text_content, self.text_source = stored, fingerprint
                return False
        self.text_content = "\n\n".join(text for text in (document_text(d) for d in pdfs) if text)
        self.text_source = fingerprint
        return True

    def serializable_data(self):
        # The extracted text can be long and comes from the files: it is kept on the page's row,
        # not copied into every revision.
        data = super().serializable_data()
        data.pop("text_content", None)
        return data

    # --- What readers see -------------------------------------------------------------------

    def get_meta_description(self):
        return self.search_description or self.summary

    @cached_property
    def incoming_relations_in_force(self):
        return list(
            DocumentRelation.objects.filter(target_id=self.pk, source__live=True)
            .select_related("source", "source__document_type")
            .order_by("source__issue_date", "pk")
        )

    def get_validity(self, today=None) -> Validity:
        today = today or timezone.localdate()
        sources = [
            r for r in self.incoming_relations_in_force if r.source.in_force_from and r.source.in_force_from <= today
        ]
        return derive_validity(
            today,
            self.effective_date or self.issue_date,
            self.expiry_date,
            ended=any(r.relation_type in ENDS_WHOLLY for r in sources),
            partly_ended=any(r.relation_type in ENDS_PARTLY for r in sources),
        )

    @property
    def validity(self) -> Validity:
        code = getattr(self, "validity_code", None)
        return Validity(code) if code else self.get_validity()

    def related_documents(self) -> list[tuple[str, list]]:
        """[(wording, [documents])]: what this document says of others, then what others say of it."""
        groups: dict[str, list] = {}
        outgoing = self.relations.select_related("target", "target__document_type").all()
        for relation in outgoing:
            if relation.target.live:
                groups.setdefault(str(RelationType(relation.relation_type).label), []).append(relation.target)
        for relation in self.incoming_relations_in_force:
            groups.setdefault(str(INVERSE_LABELS[RelationType(relation.relation_type)]), []).append(relation.source)
        return list(groups.items())

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        attachments = [
            a
            for a in self.attachments.select_related("document", "document__collection").all()
            if visible_to(a.document, request)
        ]
        context["attachments"] = attachments
        context["related_groups"] = self.related_documents()
        context["validity"] = self.get_validity()
        context["print_path"] = self.reverse_subpage("print")
        context["library"] = self.get_parent() if self.path else getattr(self, "_cached_parent_obj", None)
        return context

    @path("ban-in/", name="print")
    def print_view(self, request):
        return self.render(request, template="legal_docs/legal_document_print.html")

    @path("tep/<int:attachment_id>/", name="pdf")
    def pdf_file(self, request, attachment_id):
        """The address of this document's PDF that the page once showed inline: now its download.

        A PDF can carry script (/OpenAction), so no document is shown inline on the portal's own
        origin; the address stays for the links people kept, and leads to the download
        (uploads.views.serve: attachment, sandbox) once the collection's view restrictions let
        the reader in, so that a private file's name is never given away.
        """
        attachment = self.attachments.select_related("document").filter(pk=attachment_id).first()
        if attachment is None or not attachment.is_pdf:
            raise Http404
        document = attachment.document
        for hook in hooks.get_hooks("before_serve_document"):
            result = hook(document, request)
            if isinstance(result, HttpResponse):
                return result
        return redirect(document.url)


class DocumentAttachment(Orderable):
    """A file of a document, chosen from the media library: the signed original, an annex..."""

    page = ParentalKey(LegalDocumentPage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        get_document_model_string(), verbose_name=_("file"), on_delete=models.PROTECT, related_name="+"
    )
    label = models.CharField(
        _("label"),
        max_length=200,
        blank=True,
        help_text=_("E.g. “Signed original” or “Annex”. Empty: the file's title."),
    )

    panels = [FieldPanel("document"), FieldPanel("label")]

    class Meta(Orderable.Meta):
        verbose_name = _("file")
        verbose_name_plural = _("files")

    def __str__(self):
        return self.display_label

    def clean(self):
        super().clean()
        if self.document_id:
            try:
                validate_stored_document(self.document)
            except ValidationError as error:
                raise ValidationError({"document": error.messages}) from error

    @property
    def display_label(self) -> str:
        return self.label or (self.document.title if self.document_id else "")

    @property
    def extension(self) -> str:
        return extension_of(self.document.file.name) if self.document_id else ""

    @property
    def type_label(self) -> str:
        return self.extension.upper()

    @property
    def is_pdf(self) -> bool:
        return self.extension == "pdf"


class DocumentRelation(Orderable):
    """What a document does to another: replaces, amends, guides... Read backwards on the other."""

    source = ParentalKey(LegalDocumentPage, on_delete=models.CASCADE, related_name="relations")
    relation_type = models.CharField(
        _("relation"), max_length=20, choices=RelationType.choices, default=RelationType.REPLACES
    )
    target = models.ForeignKey(
        LegalDocumentPage, verbose_name=_("document"), on_delete=models.CASCADE, related_name="incoming_relations"
    )

    panels = [FieldPanel("relation_type"), PageChooserPanel("target", "legal_docs.LegalDocumentPage")]

    class Meta(Orderable.Meta):
        verbose_name = _("related document")
        verbose_name_plural = _("related documents")

    def clean(self):
        super().clean()
        if self.target_id and self.source_id and self.target_id == self.source_id:
            raise ValidationError({"target": _("A document cannot refer to itself.")})
