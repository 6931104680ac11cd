from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ops.backups import ENGINE_NAMES, restore_backup
from ops.counts import label


class Command(BaseCommand):
    help = "Restore a backup made by `backup` into an empty database and MEDIA_ROOT, from either engine."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The portal-YYYYmmdd-HHMMSS.tar.gz file.")
        parser.add_argument("--force", action="store_true", help="Replace the content of a database that is not empty.")

    def handle(self, *args, archive, force, **options):
        restored = restore_backup(archive, force=force)
        engines = {"source": ENGINE_NAMES[restored.source], "target": ENGINE_NAMES[restored.target]}
        self.stdout.write(
            _("Restored the backup of %(created)s (%(source)s database, restored into %(target)s).")
            % {"created": restored.manifest["created"], **engines}
        )
        self.stdout.write(_("Counts in the backup → after the restore:"))
        for key, count in restored.before.items():
            after = restored.after.get(key, 0)
            self.stdout.write(f"  {label(key)}: {count} → {after}")
        differences = restored.differences()
        if differences:
            # The content is in place: the exit status tells a script to look before switching over.
            raise CommandError(
                _("These counts differ from the backup: %(names)s.") % {"names": ", ".join(map(label, differences))}
            )
        self.stdout.write(self.style.SUCCESS(_("Every count is the same as in the backup.")))
