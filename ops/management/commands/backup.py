import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from ops.backups import create_backup


class Command(BaseCommand):
    help = "Back up the database and the media files into backups/portal-YYYYmmdd-HHMMSS.tar.gz."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            default=os.environ.get("BACKUP_DIR") or str(Path(settings.BASE_DIR) / "backups"),
            help="Where to write the archive (default: BACKUP_DIR, else backups/).",
        )

    def handle(self, *args, output_dir, **options):
        archive = create_backup(Path(output_dir))
        size = archive.stat().st_size
        message = _("Backup written: %(archive)s (%(size).1f MB)") % {"archive": archive, "size": size / 1024 / 1024}
        self.stdout.write(self.style.SUCCESS(message))
