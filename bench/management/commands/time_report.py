from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from bench.report import time_report


class Command(BaseCommand):
    help = "Render the editorial activity report (and its exports) several times and print how long it took."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", default="", help="First day, yyyy-mm-dd (default 1 January).")
        parser.add_argument("--to", dest="end", default="", help="Last day, yyyy-mm-dd (default today).")
        parser.add_argument("--repeat", type=int, default=5, help="How many times to render (default 5).")

    def handle(self, *args, **options):
        params = [f"{name}={value}" for name, value in (("from", options["start"]), ("to", options["end"])) if value]
        host = next((host for host in settings.ALLOWED_HOSTS if "*" not in host and host), "localhost")
        repeat = max(options["repeat"], 1)
        for export in ("", "xlsx", "docx"):
            query = "&".join([*params, f"export={export}"] if export else params)
            try:
                result = time_report("?" + query if query else "", repeat=repeat, host=host.lstrip("."))
            except LookupError:
                raise CommandError(_("Nobody may read the report yet: run setup_roles or load_demo first.")) from None
            label = {"": _("page"), "xlsx": "XLSX", "docx": "DOCX"}[export]
            self.stdout.write(
                _(
                    "Report %(label)s over %(decisions)d decisions (status %(status)d, %(bytes)d bytes, "
                    "%(queries)d queries): best %(best).0f ms, median %(median).0f ms, worst %(worst).0f ms."
                )
                % {"label": label, **result}
            )
