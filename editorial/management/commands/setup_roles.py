from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from editorial.setup import apply_roles


class Command(BaseCommand):
    help = "Create or repair the portal's roles (groups) and their permissions. Safe to run again."

    def handle(self, *args, **options):
        groups = apply_roles()
        self.stdout.write(_("Roles are up to date: %(names)s") % {"names": ", ".join(g.name for g in groups)})
