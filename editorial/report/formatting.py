"""How the report writes its numbers, the same on the page, in the e-mails and in the DOCX draft:
Vietnamese style, "." between thousands and "," before decimals."""

from decimal import Decimal

from django.utils.translation import gettext as _

NO_VALUE = "–"


def number(value) -> str:
    if value is None:
        return NO_VALUE
    if isinstance(value, Decimal):
        whole, _sep, decimals = f"{value:,}".partition(".")
        text = whole.replace(",", ".")
        return f"{text},{decimals}" if decimals and decimals.strip("0") else text
    return f"{int(value):,}".replace(",", ".")


def signed(value) -> str:
    if value is None:
        return NO_VALUE
    if value > 0:
        return "+" + number(value)
    if value < 0:
        return "-" + number(-value)
    return "0"


def percent(value, sign=False) -> str:
    """A percentage (already multiplied by 100); "–" when there is nothing to compare with."""
    if value is None:
        return NO_VALUE
    text = f"{abs(value):.1f}".replace(".", ",") + "%"
    if sign and value > 0:
        return "+" + text
    if value < 0:
        return "-" + text
    return text


def duration(delta) -> str:
    """ "1 ngày 45 phút": days, hours and minutes, the zero ones left out."""
    if delta is None:
        return NO_VALUE
    minutes = int(delta.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = []
    if days:
        parts.append(_("%(days)d days") % {"days": days})
    if hours:
        parts.append(_("%(hours)d hours") % {"hours": hours})
    if minutes or not parts:
        parts.append(_("%(minutes)d minutes") % {"minutes": minutes})
    return " ".join(parts)


def day(value) -> str:
    return value.strftime("%d/%m/%Y") if value else NO_VALUE


def timing_base(stats) -> str:
    """What the processing times are based on: "based on 4 of the 53 items published that have
    the data", so a figure taken from a few items never reads as the whole period's."""
    return _("based on %(count)s of the %(published)s items published that have the data") % {
        "count": number(stats.count),
        "published": number(stats.published),
    }


def of_items(count) -> str:
    """ "of 4 items", after a median or a percentile."""
    return _("of %(count)s items") % {"count": number(count)}


def share_of_items(part, count, share) -> str:
    """ "3 of 4 items (75,0%)"; "–" when there is nothing to count."""
    if not count:
        return NO_VALUE
    return _("%(part)s of %(count)s items (%(share)s)") % {
        "part": number(part),
        "count": number(count),
        "share": percent(share),
    }


def with_base(value_text, count) -> str:
    """A median or a percentile with its base: "1 ngày 45 phút (trên 4 tin, bài)"."""
    if not count:
        return NO_VALUE
    return f"{value_text} ({of_items(count)})"
