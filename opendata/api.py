"""The open-data API (Circular 22/2023): news, legal documents and weekly schedules, read-only,
on Wagtail's API v2.

What Wagtail's ``PagesAPIViewSet`` does and what is added here:

- It keeps live pages of the request's site and drops pages under view restrictions the
  *current* request does not pass. Here every request is treated as anonymous (a signed-in
  editor must not see a login-restricted page in a response that public caches keep), and
  pages past their expiry time or with a publication time still to come are dropped too
  (Wagtail's scheduler changes them only on its next run).
- Files of documents in a private collection (a collection view restriction) are never listed.
- No images or documents endpoints: they would not check collection privacy.
- Only JSON (no browsable HTML API), no authentication, no session: every answer is the same
  for everyone, so it is sent with ``Cache-Control: public``.
- Filters of our own with Vietnamese error messages; unknown parameters answer 400.
"""

from datetime import date, datetime, time, timedelta

from rest_framework import serializers, status
from rest_framework.filters import BaseFilterBackend
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.db.models.functions import Length, Substr
from django.http import Http404
from django.urls import path
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from wagtail.api import APIField
from wagtail.api.v2.filters import SearchFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents import get_document_model
from wagtail.models import CollectionViewRestriction, PageViewRestriction, Site
from wagtail.rich_text import expand_db_html

from core.expiry import unexpired_q
from core.models import Unit
from legal_docs.models import DocumentAttachment, DocumentType, LegalDocumentPage, SubjectArea
from legal_docs.validity import Validity
from news.models import NewsArticlePage, NewsCategoryPage
from schedule import weeks
from schedule.entries import ScheduleEntry
from schedule.models import WeeklySchedulePage

CACHE_SECONDS = 300
LIMIT_DEFAULT = 20
LIMIT_MAX = 100
# Query parameters every endpoint understands (Wagtail's own and ours).
COMMON_PARAMETERS = frozenset(["limit", "offset", "fields", "order", "search", "search_operator", "format", "_"])
DATE_FROM = ("tu-ngay", "date_from")
DATE_TO = ("den-ngay", "date_to")
# The filters move a day by up to a week (a schedule's week) and a time zone: closer to the ends
# of the calendar than that, the day would overflow. Nothing was published there anyway.
FIRST_DAY = date.min + timedelta(weeks=1)
LAST_DAY = date.max - timedelta(weeks=1)
SEARCH_OPERATORS = ("and", "or")


class OpenDataError(BadRequestError):
    """A bad request whose message is already written for the reader, in Vietnamese."""


# --- Serializer fields -----------------------------------------------------------------------


class WholeObjectField(serializers.Field):
    """A read-only field computed from the whole object."""

    def __init__(self, function, **kwargs):
        self.function = function
        super().__init__(read_only=True, **kwargs)

    def get_attribute(self, instance):
        return instance

    def to_representation(self, instance):
        return self.function(instance, self.context)


def field(function) -> WholeObjectField:
    return WholeObjectField(function)


def absolute(context, url: str) -> str:
    request = context.get("request")
    return request.build_absolute_uri(url) if request is not None and url else url


def unit_data(unit):
    return {"name": unit.name, "short_name": unit.short_name, "code": unit.slug} if unit else None


def html(value) -> str:
    return expand_db_html(value) if value else ""


def local_iso(moment):
    return timezone.localtime(moment).isoformat() if moment else None


# --- Query helpers ---------------------------------------------------------------------------


def unrestricted(path_lookup: str = "path") -> Exists:
    """True for pages with no view restriction (password, login or groups) on themselves or above."""
    restrictions = PageViewRestriction.objects.filter(page__path=Substr(OuterRef(path_lookup), 1, Length("page__path")))
    return ~Exists(restrictions)


def public_documents():
    """Documents outside every private collection (restricted themselves or below a restricted one)."""
    restrictions = CollectionViewRestriction.objects.filter(
        collection__path=Substr(OuterRef("collection__path"), 1, Length("collection__path"))
    )
    return get_document_model().objects.exclude(Exists(restrictions))


def parse_date(request, names) -> date | None:
    """The ISO date given under one of ``names``, or None; a malformed one is a 400."""
    for name in names:
        raw = request.GET.get(name)
        if raw is None:
            continue
        try:
            day = date.fromisoformat(raw.strip())
        except ValueError:
            raise OpenDataError(
                _("“%(value)s” is not a date for “%(name)s”: write it as YYYY-MM-DD, e.g. 2026-03-31.")
                % {"value": raw[:40], "name": name}
            ) from None
        return min(max(day, FIRST_DAY), LAST_DAY)
    return None


def date_range(request) -> tuple[date | None, date | None]:
    start, end = parse_date(request, DATE_FROM), parse_date(request, DATE_TO)
    if start and end and start > end:
        raise OpenDataError(
            _("The start date (%(start)s) is after the end date (%(end)s).") % {"start": start, "end": end}
        )
    return start, end


def start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def by_code(request, name: str, queryset, lookup: str = "slug", label: str = ""):
    """The object ``?name=`` names by its code, or None when absent; an unknown code is a 400."""
    raw = request.GET.get(name)
    if raw is None:
        return None
    found = queryset.filter(**{lookup: raw.strip()[:100]}).first()
    if found is None:
        raise OpenDataError(_("There is no %(what)s with the code “%(value)s”.") % {"what": label, "value": raw[:100]})
    return found


class OrderingFilter(BaseFilterBackend):
    """``?order=field`` or ``?order=-field`` among the endpoint's ``ordering_fields``."""

    def filter_queryset(self, request, queryset, view):
        raw = request.GET.get("order")
        if not raw:
            return queryset
        fields = [part.strip() for part in raw.split(",") if part.strip()]
        for name in fields:
            if name.lstrip("-") not in view.ordering_fields:
                raise OpenDataError(
                    _("Cannot order by “%(field)s”; choose from: %(fields)s.")
                    % {"field": name[:60], "fields": ", ".join(view.ordering_fields)}
                )
        return queryset.order_by(*fields, "-pk")


class OpenDataPagination(WagtailPagination):
    """``?limit=`` (at most 100) and ``?offset=``, with Vietnamese messages."""

    def paginate_queryset(self, queryset, request, view=None):
        def number(name, default):
            raw = request.GET.get(name, default)
            try:
                value = int(raw)
            except (TypeError, ValueError):
                value = -1
            if value < 0:
                raise OpenDataError(
                    _("“%(name)s” must be a whole number, 0 or more (not “%(value)s”).")
                    % {"name": name, "value": str(raw)[:40]}
                )
            return value

        offset = number("offset", 0)
        limit = number("limit", LIMIT_DEFAULT)
        if limit > LIMIT_MAX:
            raise OpenDataError(_("“limit” cannot be more than %(max)d.") % {"max": LIMIT_MAX})
        self.view = view
        self.total_count = queryset.count()
        if offset >= self.total_count:
            # Past the end, as any REST listing: empty, without asking the database for an
            # offset its integers may not even hold.
            return []
        return queryset[offset : offset + limit]


class OpenDataSearchFilter(SearchFilter):
    """Wagtail's ``?search=``, with ``?search_operator=`` checked first: the search backend fails
    on any operator but "and" and "or"."""

    def filter_queryset(self, request, queryset, view):
        operator = request.GET.get("search_operator")
        if operator is not None and operator.lower() not in SEARCH_OPERATORS:
            raise OpenDataError(
                _("“%(value)s” is not a search operator; choose “and” (every word) or “or” (any word).")
                % {"value": operator[:40]}
            )
        return super().filter_queryset(request, queryset, view)


# --- Endpoints -------------------------------------------------------------------------------


class PublicPagesEndpoint(PagesAPIViewSet):
    """A read-only endpoint over one page type: live, public pages of the request's site."""

    renderer_classes = [JSONRenderer]
    authentication_classes = []
    permission_classes = []
    pagination_class = OpenDataPagination
    filter_backends = [OrderingFilter, OpenDataSearchFilter]  # search last: its results cannot be filtered
    meta_fields = ["type", "detail_url", "html_url", "slug", "first_published_at", "search_description"]
    listing_default_fields = ["id", "type", "detail_url", "html_url", "title"]
    detail_only_fields = []
    nested_default_fields = ["id", "type", "detail_url", "title"]
    # Set on subclasses. (Not "name": Django REST framework resets it in as_view().)
    endpoint_name = ""
    fields: list = []
    listing_fields: list[str] = []
    filter_parameters: frozenset = frozenset()
    ordering_fields: list[str] = []
    default_ordering: list[str] = []

    @classmethod
    def get_body_fields(cls, model):
        return cls._convert_api_fields(["id", "title", *cls.fields])

    @classmethod
    def get_meta_fields(cls, model):
        return cls._convert_api_fields(cls.meta_fields)

    @classmethod
    def get_listing_default_fields(cls, model):
        return [*cls.listing_default_fields, *cls.listing_fields]

    @classmethod
    def get_detail_default_fields(cls, model):
        return cls.get_available_fields(model)

    @classmethod
    def get_urlpatterns(cls):
        # No "find" view: a page is found by its id or through the listing's filters.
        return [
            path("", cls.as_view({"get": "listing_view"}), name="listing"),
            path("<int:pk>/", cls.as_view({"get": "detail_view"}), name="detail"),
        ]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # Before any filter or search reads them: PostgreSQL fails on a NUL in any string.
        if any("\x00" in text for name, values in request.GET.lists() for text in (name, *values)):
            raise OpenDataError(_("A parameter contains a character that is not allowed (the NUL character)."))

    def check_query_parameters(self, queryset):
        unknown = set(self.request.GET) - COMMON_PARAMETERS - self.filter_parameters
        if unknown:
            raise OpenDataError(
                _("Unknown parameter: %(names)s. This endpoint understands: %(known)s.")
                % {
                    "names": ", ".join(sorted(name[:40] for name in unknown)),
                    "known": ", ".join(sorted(COMMON_PARAMETERS - {"format", "_"} | self.filter_parameters)),
                }
            )

    def get_base_queryset(self):
        """Live pages of the model on this site, outside every view restriction, in their time window."""
        site = Site.find_for_request(self.request)
        model = self.model
        if site is None:
            return model.objects.none()
        now = timezone.now()
        return (
            model.objects.live()
            .descendant_of(site.root_page)
            .filter(unrestricted())
            .filter(unexpired_q(now))
            .filter(Q(go_live_at__isnull=True) | Q(go_live_at__lte=now))
        )

    def filter_pages(self, queryset):
        """Apply the endpoint's own filters (subclasses)."""
        return queryset

    def optimise(self, queryset):
        """Fetch what the fields show in a fixed number of queries (subclasses)."""
        return queryset

    def get_queryset(self):
        pages = self.filter_pages(self.get_base_queryset())
        # Searching needs a plain queryset of the model, filtered by primary key only (as Wagtail does).
        queryset = self.model.objects.filter(pk__in=pages.values("pk"))
        if "search" not in self.request.GET or "order" in self.request.GET:
            queryset = queryset.order_by(*self.default_ordering, "-pk")
        return self.optimise(queryset)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context.pop("base_queryset", None)  # only Wagtail's "parent" field used it
        return context

    def get_object(self):
        if not hasattr(self, "_cached_object"):
            # Without "search" and "order", the listing's filters only narrow the queryset.
            queryset = self.get_queryset()
            try:
                # By the page's own id, an integer field: Django finds nothing for a number
                # beyond the database's integers, where the parent link (pk) fails on SQLite.
                self._cached_object = queryset.get(id=self.kwargs["pk"])
            except self.model.DoesNotExist:
                raise Http404 from None
        return self._cached_object

    def handle_exception(self, exc):
        if isinstance(exc, Http404):
            return Response({"message": _("Not found.")}, status=status.HTTP_404_NOT_FOUND)
        if isinstance(exc, BadRequestError) and not isinstance(exc, OpenDataError):
            message = _("Bad request: %(reason)s") % {"reason": str(exc)}
            return Response({"message": message}, status=status.HTTP_400_BAD_REQUEST)
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in {"GET", "HEAD"} and response.status_code == status.HTTP_200_OK:
            patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
        return response


def _section(page, context):
    section = page.section
    if section is None:
        return None
    return {"id": section.pk, "title": section.title, "slug": section.slug, "url": absolute(context, section.url)}


def _tags(page, context):
    return sorted(tag.name for tag in page.tags.all())


def _body_html(page, context):
    return str(page.body.render_as_block()) if page.body else ""


class NewsEndpoint(PublicPagesEndpoint):
    """``/api/v2/tin-tuc/``: published news articles, newest first."""

    endpoint_name = "tin-tuc"
    model = NewsArticlePage
    fields = [
        "publication_date",
        APIField("section", serializer=field(_section)),
        APIField("contributing_unit", serializer=field(lambda page, context: unit_data(page.contributing_unit))),
        "lead",
        "author_names",
        "source",
        APIField("tags", serializer=field(_tags)),
        APIField("body_html", serializer=field(_body_html)),
    ]
    listing_fields = ["publication_date", "section", "contributing_unit", "lead"]
    detail_only_fields = ["body_html"]
    filter_parameters = frozenset(["section", "unit", "tag", *DATE_FROM, *DATE_TO])
    ordering_fields = ["publication_date", "title", "id"]
    default_ordering = ["-publication_date"]

    def filter_pages(self, queryset):
        request = self.request
        sections = NewsCategoryPage.objects.live()
        section = by_code(request, "section", sections, label=_("news section"))
        if section is not None:
            queryset = queryset.filter(section=section)
        unit = by_code(request, "unit", Unit.objects.all(), label=_("unit"))
        if unit is not None:
            queryset = queryset.filter(contributing_unit=unit)
        tag = request.GET.get("tag")
        if tag is not None:
            queryset = queryset.filter(tags__name=tag.strip()[:100])
        start, end = date_range(request)
        if start:
            queryset = queryset.filter(publication_date__gte=start_of(start))
        if end:
            queryset = queryset.filter(publication_date__lt=start_of(end + timedelta(days=1)))
        return queryset

    def optimise(self, queryset):
        queryset = queryset.select_related("section", "contributing_unit").prefetch_related("tags")
        if self.action == "listing_view":
            queryset = queryset.defer_streamfields()
        return queryset


def _document_type(page, context):
    kind = page.document_type
    return {"name": kind.name, "abbreviation": kind.abbreviation, "code": kind.slug}


def _subject_area(page, context):
    area = page.subject_area
    return {"name": area.name, "code": area.slug} if area else None


def _validity(page, context):
    validity = page.validity
    return {"code": validity.value, "label": str(validity.label)}


def _files(page, context):
    files = []
    for attachment in page.public_attachments:
        document = attachment.document
        files.append(
            {
                "title": attachment.display_label,
                "url": absolute(context, document.url),
                "extension": attachment.extension,
                "size": document.file_size,
            }
        )
    return files


class LegalDocumentsEndpoint(PublicPagesEndpoint):
    """``/api/v2/van-ban/``: published legal documents, newest issue date first."""

    endpoint_name = "van-ban"
    model = LegalDocumentPage
    fields = [
        "number",
        APIField("document_type", serializer=field(_document_type)),
        APIField("issuing_body", serializer=field(lambda page, context: unit_data(page.issuing_body))),
        APIField("subject_area", serializer=field(_subject_area)),
        "summary",
        "issue_date",
        "effective_date",
        "expiry_date",
        APIField("validity", serializer=field(_validity)),
        "signer_name",
        "signer_title",
        APIField("notes_html", serializer=field(lambda page, context: html(page.notes))),
        APIField("files", serializer=field(_files)),
    ]
    listing_fields = ["number", "document_type", "issuing_body", "summary", "issue_date", "validity", "files"]
    filter_parameters = frozenset(["type", "issuer", "field", "status", *DATE_FROM, *DATE_TO])
    ordering_fields = ["issue_date", "effective_date", "number", "title", "id"]
    default_ordering = ["-issue_date"]

    def filter_pages(self, queryset):
        request = self.request
        kind = by_code(request, "type", DocumentType.objects.all(), label=_("document type"))
        if kind is not None:
            queryset = queryset.filter(document_type=kind)
        issuer = by_code(request, "issuer", Unit.objects.all(), label=_("issuing body"))
        if issuer is not None:
            queryset = queryset.filter(issuing_body=issuer)
        area = by_code(request, "field", SubjectArea.objects.all(), label=_("field"))
        if area is not None:
            queryset = queryset.filter(subject_area=area)
        raw_status = request.GET.get("status")
        if raw_status is not None:
            if raw_status not in Validity.values:
                raise OpenDataError(
                    _("“%(value)s” is not a validity status; choose from: %(values)s.")
                    % {"value": raw_status[:40], "values": ", ".join(Validity.values)}
                )
            queryset = queryset.with_validity().filter(validity_code=raw_status)
        start, end = date_range(request)
        if start:
            queryset = queryset.filter(issue_date__gte=start)
        if end:
            queryset = queryset.filter(issue_date__lte=end)
        return queryset

    def optimise(self, queryset):
        attachments = DocumentAttachment.objects.filter(document__in=public_documents()).select_related("document")
        return (
            queryset.with_validity()
            .select_related("document_type", "issuing_body", "subject_area")
            .prefetch_related(Prefetch("attachments", queryset=attachments, to_attr="public_attachments"))
        )


def _week_end(page, context):
    return page.week_end.isoformat()


def _entries(page, context):
    entries = sorted(page.entries.all(), key=lambda entry: entry.sort_key)
    return [
        {
            "day": entry.day.isoformat(),
            "part_of_day": entry.part_of_day,
            "part_of_day_label": str(entry.get_part_of_day_display()),
            "start_time": entry.start_time.strftime("%H:%M") if entry.start_time else None,
            "content": entry.content,
            "leader": (
                {"name": entry.chaired_by.name, "position": entry.chaired_by.position} if entry.chaired_by else None
            ),
            "chaired_by": entry.chair,
            "attendees": entry.attendees,
            "place": entry.place,
            "preparing_unit": unit_data(entry.preparing_unit),
            "notes": entry.notes,
        }
        for entry in entries
    ]


class SchedulesEndpoint(PublicPagesEndpoint):
    """``/api/v2/lich-cong-tac/``: published weekly schedules with their entries, latest week first."""

    endpoint_name = "lich-cong-tac"
    model = WeeklySchedulePage
    fields = [
        APIField("week", serializer=field(lambda page, context: page.iso_week)),
        "week_start",
        APIField("week_end", serializer=field(_week_end)),
        "note",
        APIField("entries", serializer=field(_entries)),
    ]
    listing_fields = ["week", "week_start", "week_end", "entries"]
    filter_parameters = frozenset(["week", *DATE_FROM, *DATE_TO])
    ordering_fields = ["week_start", "id"]
    default_ordering = ["-week_start"]

    def filter_pages(self, queryset):
        request = self.request
        raw_week = request.GET.get("week")
        if raw_week is not None:
            try:
                monday = weeks.parse_iso_week(raw_week)
            except ValueError:
                raise OpenDataError(
                    _("“%(value)s” is not a week: write it as YYYY-Www, e.g. 2026-W48.") % {"value": raw_week[:40]}
                ) from None
            queryset = queryset.filter(week_start=monday)
        # Weeks that share at least one day with the period.
        start, end = date_range(request)
        if start:
            queryset = queryset.filter(week_start__gt=start - timedelta(days=7))
        if end:
            queryset = queryset.filter(week_start__lte=end)
        return queryset

    def optimise(self, queryset):
        entries = ScheduleEntry.objects.select_related("chaired_by", "preparing_unit")
        return queryset.prefetch_related(Prefetch("entries", queryset=entries))


ENDPOINTS = [NewsEndpoint, LegalDocumentsEndpoint, SchedulesEndpoint]
