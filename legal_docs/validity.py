"""Validity ("tình trạng hiệu lực") of a document, derived, never entered by hand.

One rule, written twice: ``derive_validity`` in Python for a single document, and
``LegalDocumentQuerySet.with_validity`` in SQL for lists and the status filter. The tests hold
the two to the same answers.
"""

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _


class Validity(models.TextChoices):
    # The values appear in public addresses (?status=...), hence Vietnamese slugs.
    NOT_YET = "chua-hieu-luc", _("Not yet in force")
    IN_FORCE = "con-hieu-luc", _("In force")
    PARTLY_EXPIRED = "het-hieu-luc-mot-phan", _("Partly expired")
    EXPIRED = "het-hieu-luc", _("Expired")


class RelationType(models.TextChoices):
    REPLACES = "replaces", _("Replaces")
    REPEALS = "repeals", _("Repeals")
    AMENDS = "amends", _("Amends or supplements")
    PARTLY_REPEALS = "partly-repeals", _("Partly repeals")
    GUIDES = "guides", _("Guides the implementation of")
    IMPLEMENTS = "implements", _("Implements")
    RELATED = "related", _("Related to")


# How the other document reads the same relation.
INVERSE_LABELS = {
    RelationType.REPLACES: _("Replaced by"),
    RelationType.REPEALS: _("Repealed by"),
    RelationType.AMENDS: _("Amended or supplemented by"),
    RelationType.PARTLY_REPEALS: _("Partly repealed by"),
    RelationType.GUIDES: _("Guided by"),
    RelationType.IMPLEMENTS: _("Implemented by"),
    RelationType.RELATED: _("Related to"),
}

# A document in force that replaces or repeals another ends it; one that amends it or
# repeals part of it ends it in part.
ENDS_WHOLLY = (RelationType.REPLACES, RelationType.REPEALS)
ENDS_PARTLY = (RelationType.AMENDS, RelationType.PARTLY_REPEALS)


def derive_validity(
    today: date, in_force_from: date | None, expiry_date: date | None, ended: bool, partly_ended: bool
) -> Validity:
    """The status on ``today``.

    ``ended``: a live document in force (on ``today``) replaces or repeals this one;
    ``partly_ended``: one amends it or repeals part of it. ``expiry_date`` is the first day the
    document is no longer in force.
    """
    if ended or (expiry_date is not None and expiry_date <= today):
        return Validity.EXPIRED
    if in_force_from is not None and in_force_from > today:
        return Validity.NOT_YET
    if partly_ended:
        return Validity.PARTLY_EXPIRED
    return Validity.IN_FORCE
