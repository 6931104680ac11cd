"""The admin's form field for every StreamField: a post whose blocks cannot be read (a count,
a block type or an order missing or not a number) is a form error, not a server error.

Wagtail reads a StreamField's blocks from the post with ``data[...]`` and ``int()``; only its own
editor's script writes those keys, so a scripted or truncated post fails there with a KeyError.
Registered for StreamField in CoreConfig.ready(), through Wagtail's form field overrides.
"""

import logging

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.blocks import BlockField, BlockWidget

logger = logging.getLogger(__name__)

UNREADABLE_MESSAGE = _(
    "This content could not be read from the form sent (part of it is missing), so nothing was changed. "
    "Reload the page and make the change again."
)


class _Unreadable:
    """What the widget reads from a post its blocks cannot be read from."""


UNREADABLE = _Unreadable()


class CheckedBlockWidget(BlockWidget):
    def value_from_datadict(self, data, files, name):
        try:
            return super().value_from_datadict(data, files, name)
        except (KeyError, ValueError) as error:
            logger.warning("Unreadable blocks in the post for %s: %r", name, error)
            return UNREADABLE


class CheckedBlockField(BlockField):
    def __init__(self, block=None, **kwargs):
        kwargs.setdefault("widget", CheckedBlockWidget(block))
        super().__init__(block, **kwargs)

    def bound_data(self, data, initial):
        # Shown again as it was saved: nothing could be read from the post.
        return initial if data is UNREADABLE else super().bound_data(data, initial)

    def has_changed(self, initial_value, data_value):
        return data_value is not UNREADABLE and super().has_changed(initial_value, data_value)

    def clean(self, value):
        if value is UNREADABLE:
            raise forms.ValidationError(UNREADABLE_MESSAGE, code="unreadable")
        return super().clean(value)
