"""The report as an Excel workbook (one sheet per table) and as a DOCX draft of the board's yearly
report (sections 1 and 2 of the 2020 report, with the figures filled in)."""

import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import formatting
from .queries import Figure, Report

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _filename(report: Report, extension: str) -> str:
    return f"bao-cao-bien-tap-{report.period.start.isoformat()}-{report.period.end.isoformat()}.{extension}"


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Excel ------------------------------------------------------------------------------


def _percent_cell(value):
    return float(value) if value is not None else formatting.NO_VALUE


def _figure_cells(figure: Figure, change=True):
    cells = [figure.current, figure.previous]
    if change:
        cells += [figure.change, _percent_cell(figure.percent)]
    return cells


def breakdown_headings() -> list[str]:
    current, previous = _("this period"), _("same period last year")
    change, percent = _("change"), _("change (%)")
    received, published = _("Items received"), _("Items published")
    sent_back, rejected = _("Items sent back"), _("Items rejected")
    return [
        f"{received} – {current}",
        f"{received} – {previous}",
        f"{received} – {change}",
        f"{received} – {percent}",
        f"{published} – {current}",
        f"{published} – {previous}",
        f"{published} – {change}",
        f"{published} – {percent}",
        f"{sent_back} – {current}",
        f"{sent_back} – {previous}",
        f"{rejected} – {current}",
        f"{rejected} – {previous}",
    ]


def _breakdown_cells(row) -> list:
    return [
        *_figure_cells(row.received),
        *_figure_cells(row.published),
        *_figure_cells(row.sent_back, change=False),
        *_figure_cells(row.rejected, change=False),
    ]


def _hours(delta):
    return round(delta.total_seconds() / 3600, 1) if delta is not None else formatting.NO_VALUE


def workbook_tables(report: Report) -> list[tuple[str, list[str], list[list]]]:
    """(sheet name, headings, rows) for every table of the report."""
    period = f"{formatting.day(report.period.start)}–{formatting.day(report.period.end)}"
    previous = f"{formatting.day(report.previous.start)}–{formatting.day(report.previous.end)}"
    comparison = [
        _("This period (%(period)s)") % {"period": period},
        _("Same period last year (%(period)s)") % {"period": previous},
        _("Increase or decrease"),
        _("Change (%)"),
    ]
    timing = [
        (_("Items published in the period"), "published"),
        (_("Items published after a recorded submission"), "count"),
        (_("Median time (hours)"), "median"),
        (_("90th percentile (hours)"), "percentile"),
        (_("Published within the time limit"), "within_limit"),
        (_("Share within the time limit (%)"), "share_within_limit"),
    ]
    # The base of each figure, next to it: "based on 4 of the 53 items published that have the data".
    based_on = {"median", "percentile", "within_limit", "share_within_limit"}

    def timing_value(stats, attribute):
        value = getattr(stats, attribute)
        if attribute in {"median", "percentile"}:
            return _hours(value)
        if attribute == "share_within_limit":
            return _percent_cell(value)
        return value

    def timing_base(stats, attribute):
        return formatting.timing_base(stats) if attribute in based_on else ""

    return [
        (
            _("Overview"),
            [_("Figure"), *comparison],
            [[label, *_figure_cells(figure)] for label, figure in report.total_rows()],
        ),
        (
            _("Rejections by reason"),
            [_("Reason for rejection"), *comparison],
            [[str(label), *_figure_cells(figure)] for label, figure in report.rejections],
        ),
        (
            _("By month"),
            [
                _("Month"),
                _("Items received"),
                _("Received a year before"),
                _("Items published"),
                _("Published a year before"),
            ],
            [
                [row.label, row.received.current, row.received.previous, row.published.current, row.published.previous]
                for row in report.months
            ],
        ),
        (
            _("By section"),
            [_("News section"), *breakdown_headings()],
            [[row.label, *_breakdown_cells(row)] for row in report.sections],
        ),
        (
            _("By unit"),
            [
                _("Contributing unit"),
                _("Kind of unit"),
                *breakdown_headings(),
                _("Target for the period"),
                _("Target reached (%)"),
            ],
            [
                [
                    row.label,
                    row.kind,
                    *_breakdown_cells(row),
                    float(row.target) if row.target is not None else formatting.NO_VALUE,
                    _percent_cell(row.achievement),
                ]
                for row in report.units
            ],
        ),
        (
            _("By contributor"),
            [_("Contributor"), *breakdown_headings()],
            [[row.label, *_breakdown_cells(row)] for row in report.contributors],
        ),
        (
            _("Units that sent nothing"),
            [_("Contributing unit"), _("Kind of unit")],
            [[unit.name, unit.get_kind_display()] for unit in report.silent_units],
        ),
        (
            _("Stale sections"),
            [_("News section"), _("Last publication"), _("Days without publication")],
            [
                [
                    stale.label,
                    formatting.day(stale.last_published and _local(stale.last_published)),
                    stale.days if stale.days is not None else formatting.NO_VALUE,
                ]
                for stale in report.stale_sections
            ],
        ),
        (
            _("Processing time"),
            [_("Figure"), comparison[0], _("Based on"), comparison[1], _("Based on")],
            [
                [
                    label,
                    timing_value(report.timing, attribute),
                    timing_base(report.timing, attribute),
                    timing_value(report.previous_timing, attribute),
                    timing_base(report.previous_timing, attribute),
                ]
                for label, attribute in timing
            ],
        ),
    ]


def _local(moment):
    return timezone.localtime(moment).date()


def xlsx_response(report: Report) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from core.spreadsheets import append_row

    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, headings, rows in workbook_tables(report):
        sheet = workbook.create_sheet(title=str(name)[:31])
        append_row(sheet, headings)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            append_row(sheet, row)
        sheet.freeze_panes = "B2"
        sheet.column_dimensions["A"].width = 45
    workbook.properties.title = _("Editorial activity report")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _download(buffer.getvalue(), XLSX_TYPE, _filename(report, "xlsx"))


# --- DOCX draft ---------------------------------------------------------------------------


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _change_phrase(figure: Figure) -> str:
    if figure.change > 0:
        return _("up %(count)s items") % {"count": formatting.number(figure.change)}
    if figure.change < 0:
        return _("down %(count)s items") % {"count": formatting.number(-figure.change)}
    return _("unchanged")


def draft_paragraphs(report: Report) -> list[tuple[str, str]]:
    """(style, text) of each paragraph of the draft: "title", "heading" or "body"."""
    n = formatting.number
    end = report.period.end
    totals = report.totals
    if report.period.start.year == end.year:
        subtitle = _("On the activity of the district's electronic information portal in %(year)s") % {"year": end.year}
    else:
        subtitle = _("On the activity of the district's electronic information portal from %(start)s to %(end)s") % {
            "start": formatting.day(report.period.start),
            "end": formatting.day(end),
        }
    to_complete = _("- [To be completed by the board.]")

    published_sections = [row for row in report.sections if row.published.current]
    section_list = ", ".join(f"{row.label} ({n(row.published.current)})" for row in published_sections) or _("(none)")
    details = [
        _("%(count)s items published") % {"count": n(totals["published"].current)},
        _("%(count)s times sent back for changes") % {"count": n(totals["sent_back"].current)},
    ]
    rejected = _("%(count)s items rejected") % {"count": n(totals["rejected"].current)}
    reasons = [
        f"{_lower_first(str(label))} {n(figure.current)}" for label, figure in report.rejections if figure.current
    ]
    details.append(f"{rejected}: {', '.join(reasons)}" if reasons else rejected)

    body = [
        ("title", _("REPORT")),
        ("title", subtitle),
        ("heading", _("1. Activity of the portal's editorial board")),
        (
            "body",
            _(
                "- [To be completed by the board: the regulation, the tasks of each member, "
                "the coordination with units.]"
            ),
        ),
        (
            "body",
            _(
                "- The board members checked and edited the items sent by the officials of the agencies and units, "
                "the boards of the communes' pages and the contributors, in the sections: %(sections)s."
            )
            % {"sections": section_list},
        ),
        (
            "body",
            _(
                "- As of %(date)s the editorial board has received and edited %(received)s items; %(change)s "
                "compared with the same period last year (%(details)s)."
            )
            % {
                "date": formatting.day(end),
                "received": n(totals["received"].current),
                "change": _change_phrase(totals["received"]),
                "details": "; ".join(details),
            },
        ),
    ]
    timing = report.timing
    if timing.count:
        body.append(
            (
                "body",
                _(
                    "- Time from submission to publication, %(base)s: median %(median)s, 90th percentile "
                    "%(percentile)s; %(within)s were published within the time limit of %(limit)s working days "
                    "set by the regulation."
                )
                % {
                    "base": formatting.timing_base(timing),
                    "median": formatting.duration(timing.median),
                    "percentile": formatting.duration(timing.percentile),
                    "within": formatting.share_of_items(timing.within_limit, timing.count, timing.share_within_limit),
                    "limit": report.review_limit,
                },
            )
        )
    elif timing.published:
        body.append(
            (
                "body",
                _(
                    "- Time from submission to publication: none of the %(published)s items published has a "
                    "recorded submission, so it cannot be measured."
                )
                % {"published": n(timing.published)},
            )
        )
    sending = report.active_units - len(report.silent_units)
    body.append(
        (
            "body",
            _("- %(sending)s of %(units)s agencies, units, communes and townships sent items in the period.")
            % {"sending": n(sending), "units": n(report.active_units)},
        )
    )
    body.append(("body", _("- [To be completed by the board: the portal's administration, equipment and budget.]")))

    body.append(("heading", _("2. General assessment")))
    body.append(("heading", _("2.1. Strengths:")))
    top = report.strongest_sections()
    if top:
        body.append(
            (
                "body",
                _("- The sections with the most items published, among those kept up to date: %(sections)s.")
                % {"sections": ", ".join(f"{row.label} ({n(row.published.current)})" for row in top)},
            )
        )
    body.append(("body", to_complete))
    body.append(("heading", _("2.2. Weaknesses")))
    if report.stale_sections:
        body.append(
            (
                "body",
                _("- Some sections lack information (nothing published for %(days)s days or more): %(sections)s.")
                % {
                    "days": report.stale_after,
                    "sections": ", ".join(_stale_section(report, s) for s in report.stale_sections),
                },
            )
        )
    if report.silent_units:
        body.append(
            (
                "body",
                _("- %(count)s agencies, units, communes and townships sent no item: %(units)s.")
                % {"count": n(len(report.silent_units)), "units": ", ".join(unit.name for unit in report.silent_units)},
            )
        )
    below = [row for row in report.units if row.target is not None and row.received.current < row.target]
    if below:
        body.append(
            (
                "body",
                _("- Units below their target (items received / target): %(units)s.")
                % {"units": ", ".join(f"{row.label} ({n(row.received.current)}/{n(row.target)})" for row in below)},
            )
        )
    body.append(("body", to_complete))
    body.append(("heading", _("2.3. Causes of the weaknesses")))
    body.append(("body", to_complete))
    body.append(("heading", _("2.4. Remedies")))
    body.append(("body", to_complete))
    return [(style, str(text)) for style, text in body]


def _stale_section(report: Report, stale) -> str:
    """ "Thủy lợi (7 items in the period, the last on 12/03/2026)": a section busy early in the
    period, then silent, reads as what it is."""
    if stale.last_published is None:
        detail = _("never published")
    else:
        detail = _("%(count)s items in the period, the last on %(date)s") % {
            "count": formatting.number(report.published_in(stale.key)),
            "date": formatting.day(_local(stale.last_published)),
        }
    return f"{stale.label} ({detail})"


def docx_response(report: Report) -> HttpResponse:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(14)
    for style, text in draft_paragraphs(report):
        paragraph = document.add_paragraph()
        run = paragraph.add_run(text)
        if style in {"title", "heading"}:
            run.bold = True
        if style == "title":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        else:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    document.core_properties.title = _("Editorial activity report")
    buffer = io.BytesIO()
    document.save(buffer)
    return _download(buffer.getvalue(), DOCX_TYPE, _filename(report, "docx"))


EXPORTS = {"xlsx": xlsx_response, "docx": docx_response}
