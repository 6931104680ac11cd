from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from legal_docs.importer import EXAMPLE_HEADER, DocumentImporter, ImportFileError, read_sheet
from legal_docs.models import LegalDocumentIndexPage

BAR_WIDTH = 30


class Command(BaseCommand):
    help = (
        "Import legal documents from an XLSX or CSV file, one row per document, keyed by number, "
        "issuing body and year. First row: " + ", ".join(EXAMPLE_HEADER) + "."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .xlsx or .csv file")
        parser.add_argument("--files-dir", help="folder holding the files named in the “Tệp đính kèm” column")
        parser.add_argument("--dry-run", action="store_true", help="check every row and report, write nothing")
        parser.add_argument("--publish", action="store_true", help="publish the imported documents")
        parser.add_argument("--user", help="username the new revisions are recorded under")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("The file %(path)s does not exist.") % {"path": path})
        files_dir = options.get("files_dir")
        if files_dir and not Path(files_dir).is_dir():
            raise CommandError(_("The folder %(path)s does not exist.") % {"path": files_dir})
        index = LegalDocumentIndexPage.objects.order_by("path").first()
        if index is None:
            raise CommandError(_("There is no document library page (/van-ban/) to import into."))
        user = None
        if options.get("user"):
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(_("There is no user %(username)s.") % {"username": options["user"]})

        with path.open("rb") as handle:
            try:
                rows, ignored = read_sheet(handle, path.name)
            except ImportFileError as error:
                raise CommandError(error.message) from error
        for name in ignored:
            self.stdout.write(_("Column “%(column)s” is not used.") % {"column": name})

        importer = DocumentImporter(
            index, user=user, files_dir=files_dir, publish=options["publish"], dry_run=options["dry_run"]
        )
        report = importer.run(rows, progress=self.progress)
        if rows:
            self.stdout.write("")
        for result in report.errors:
            for message in result.messages:
                self.stdout.write(
                    self.style.ERROR(_("Line %(line)d: %(message)s") % {"line": result.line, "message": message})
                )
        self.stdout.write(self.style.SUCCESS(report.summary()) if not report.errors else report.summary())

    def progress(self, done, total):
        filled = BAR_WIDTH * done // total
        self.stdout.write(f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{total}", ending="")
        self.stdout.flush()
