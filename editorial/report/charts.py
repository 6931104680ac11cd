"""Bar charts drawn on the server as inline SVG: no script, no external library, readable by
screen readers through <title> and <desc> (each chart is followed by its data table)."""

from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

# Both pass 3:1 against white (WCAG 1.4.11), and differ in lightness for readers without colour.
CURRENT_COLOUR = "#1d4f91"
PREVIOUS_COLOUR = "#7a7a7a"
FONT = "font-family:inherit;font-size:12px;fill:#1f1f1f"


@dataclass
class Series:
    label: str
    values: list
    colour: str


def _scale_max(values) -> int:
    top = max([1, *values])
    # A round upper bound, so the gridline labels read naturally.
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if top <= step * 5:
            return step * 5
    return top


def _legend(series, x, y) -> list[str]:
    parts = []
    for index, serie in enumerate(series):
        left = x + index * 190
        parts.append(format_html('<rect x="{}" y="{}" width="12" height="12" fill="{}"/>', left, y - 10, serie.colour))
        parts.append(format_html('<text x="{}" y="{}" style="{}">{}</text>', left + 18, y, FONT, serie.label))
    return parts


def _frame(chart_id, title, description, width, height, body) -> SafeString:
    return mark_safe(  # noqa: S308 - every text below went through escape()/format_html()
        f'<svg class="editorial-chart" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" preserveAspectRatio="xMinYMin meet" '
        f'xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>' + "".join(body) + "</svg>"
    )


def column_chart(chart_id, title, description, categories, series) -> SafeString:
    """Vertical bars, one group per category (e.g. months), one bar per series."""
    left, top, plot_height, group_width = 44, 34, 200, max(52, 12 * len(series) + 16)
    width = left + group_width * max(len(categories), 1) + 10
    height = top + plot_height + 44
    top_value = _scale_max([value for serie in series for value in serie.values])
    body = _legend(series, left, 16)
    for tick in range(6):
        value = top_value * tick // 5
        y = top + plot_height - plot_height * tick / 5
        body.append(format_html('<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#d0d0d0"/>', left, width - 10, y, y))
        body.append(
            format_html('<text x="{}" y="{}" text-anchor="end" style="{}">{}</text>', left - 6, y + 4, FONT, value)
        )
    bar_width = (group_width - 16) / max(len(series), 1)
    for index, category in enumerate(categories):
        x0 = left + index * group_width + 8
        for number, serie in enumerate(series):
            value = serie.values[index]
            bar = plot_height * value / top_value
            body.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}: {}</title></rect>',
                    round(x0 + number * bar_width, 1),
                    round(top + plot_height - bar, 1),
                    round(bar_width - 2, 1),
                    round(bar, 1),
                    serie.colour,
                    f"{category} – {serie.label}",
                    value,
                )
            )
        body.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle" style="{}">{}</text>',
                x0 + (group_width - 16) / 2,
                top + plot_height + 18,
                FONT,
                category,
            )
        )
    return _frame(chart_id, title, description, width, height, body)


def bar_chart(chart_id, title, description, categories, series) -> SafeString:
    """Horizontal bars, one line per category (sections, units), long names to the left."""
    label_width, top, bar_height = 300, 30, 10
    row_height = bar_height * len(series) + 10
    plot_width = 420
    width = label_width + plot_width + 50
    height = top + row_height * max(len(categories), 1) + 10
    top_value = _scale_max([value for serie in series for value in serie.values])
    body = _legend(series, label_width, 16)
    for index, category in enumerate(categories):
        y0 = top + index * row_height
        name = category if len(category) <= 46 else category[:45] + "…"
        body.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end" style="{}">{}</text>',
                label_width - 8,
                y0 + row_height / 2 + 2,
                FONT,
                name,
            )
        )
        for number, serie in enumerate(series):
            value = serie.values[index]
            length = plot_width * value / top_value
            y = y0 + number * bar_height + 4
            body.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}: {}</title></rect>',
                    label_width,
                    y,
                    round(length, 1),
                    bar_height - 1,
                    serie.colour,
                    f"{category} – {serie.label}",
                    value,
                )
            )
            body.append(
                format_html(
                    '<text x="{}" y="{}" style="{}">{}</text>',
                    round(label_width + length + 4, 1),
                    y + bar_height - 1,
                    FONT,
                    value,
                )
            )
    return _frame(chart_id, title, description, width, height, body)
