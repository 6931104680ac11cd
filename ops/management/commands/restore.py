from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from ops.backups import restore_backup


class Command(BaseCommand):
    help = "Restore a backup made by `backup` into an empty database and MEDIA_ROOT."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The portal-YYYYmmdd-HHMMSS.tar.gz file.")
        parser.add_argument("--force", action="store_true", help="Replace the content of a database that is not empty.")

    def handle(self, *args, archive, force, **options):
        manifest = restore_backup(archive, force=force)
        counts = ", ".join(f"{table}={count}" for table, count in manifest["counts"].items())
        restored = {"created": manifest["created"], "counts": counts}
        self.stdout.write(self.style.SUCCESS(_("Restored the backup of %(created)s: %(counts)s") % restored))
