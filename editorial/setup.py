"""The portal's roles and the approval workflows that name them, set up in that order.

Run by ``manage.py setup_roles`` and the demo; idempotent, so it also repairs drift.
"""

from django.contrib.auth.models import Group
from django.db import transaction

from communes.roles import ensure_all_commune_roles

from . import roles, workflows


@transaction.atomic
def apply_roles() -> list[Group]:
    """The district's groups, each commune's roles, then the workflows; the district's groups are returned."""
    places = roles.role_places()
    groups = roles.apply_groups(places)
    ensure_all_commune_roles()
    workflows.apply_workflows(places, reviewers=roles.EDITORIAL_BOARD, approvers=roles.BOARD_HEADS)
    return groups
