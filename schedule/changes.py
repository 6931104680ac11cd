"""What changed in a week's schedule after it was first published, from the page's revisions.

Every publication is logged (``wagtail.publish``) with the revision it made live. The first
one is the schedule as announced; later publications that changed the content are the
adjustments ("Điều chỉnh lần N"). Entries are matched across revisions by their ``uid``.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.core.exceptions import ValidationError

from wagtail.models import PageLogEntry, Revision

from .entries import PART_ORDER, ScheduleEntry

COMPARED_FIELDS = [
    "day",
    "part_of_day",
    "start_time",
    "content",
    "chaired_by",
    "chaired_by_other",
    "attendees",
    "place",
    "preparing_unit",
    "notes",
]

ADDED = "added"
CHANGED = "changed"


@dataclass
class RemovedEntry:
    """An entry of the first publication that is no longer on the schedule."""

    day: date | None
    part_of_day: str
    start_time: time | None
    content: str
    chaired_by_id: int | None

    def get_part_of_day_display(self):
        try:
            return ScheduleEntry.PartOfDay(self.part_of_day).label
        except ValueError:
            return self.part_of_day


@dataclass
class PublicationHistory:
    first_published_at: datetime | None = None
    updated_at: datetime | None = None
    # Publications after the first that changed the content.
    adjustments: int = 0
    # uid (str) -> ADDED or CHANGED, for entries that differ from the first publication.
    marks: dict[str, str] = field(default_factory=dict)
    removed: list[RemovedEntry] = field(default_factory=list)


def publication_history(page, entries, preview=False) -> PublicationHistory:
    """The history of ``page`` with ``entries`` (its current entries) compared, in at most two queries.

    Entries are compared once the schedule has been adjusted, or in a preview, where the
    editor sees what the next publication will mark.
    """
    if not page.pk:
        return PublicationHistory()
    publications = list(
        PageLogEntry.objects.filter(page_id=page.pk, action="wagtail.publish")
        .order_by("timestamp", "pk")
        .values_list("timestamp", "content_changed", "revision_id")
    )
    if not publications:
        return PublicationHistory()
    first_at, _changed, first_revision_id = publications[0]
    history = PublicationHistory(
        first_published_at=first_at,
        updated_at=page.last_published_at or publications[-1][0],
        adjustments=sum(1 for _at, changed, _rev in publications[1:] if changed),
    )
    if (history.adjustments or preview) and first_revision_id:
        revision = Revision.objects.filter(pk=first_revision_id).only("content").first()
        if revision is not None:
            compare(history, revision.content.get("entries", []), entries)
    return history


def compare(history: PublicationHistory, first_entries: list[dict], entries) -> None:
    fields = [ScheduleEntry._meta.get_field(name) for name in COMPARED_FIELDS]
    uid_field = ScheduleEntry._meta.get_field("uid")
    first_by_uid = {}
    for data in first_entries:
        try:
            uid = str(uid_field.to_python(data.get("uid")))
            values = tuple(_to_python(f, data.get(f.name)) for f in fields)
        except (ValidationError, TypeError, ValueError):
            continue  # an entry an older schema wrote, which cannot be compared
        first_by_uid[uid] = values
    current_uids = set()
    for entry in entries:
        uid = str(entry.uid)
        current_uids.add(uid)
        values = tuple(_to_python(f, getattr(entry, f.attname)) for f in fields)
        if uid not in first_by_uid:
            history.marks[uid] = ADDED
        elif first_by_uid[uid] != values:
            history.marks[uid] = CHANGED
    for uid, values in first_by_uid.items():
        if uid not in current_uids:
            by_name = dict(zip(COMPARED_FIELDS, values, strict=True))
            history.removed.append(
                RemovedEntry(
                    day=by_name["day"],
                    part_of_day=by_name["part_of_day"],
                    start_time=by_name["start_time"],
                    content=by_name["content"],
                    chaired_by_id=by_name["chaired_by"],
                )
            )
    history.removed.sort(key=lambda e: (e.day or date.min, PART_ORDER.get(e.part_of_day, 0), e.start_time or time.min))


def _to_python(model_field, value):
    value = model_field.to_python(value)
    # Text fields store "" for empty; treat a missing value the same.
    return "" if value is None and not model_field.null else value
