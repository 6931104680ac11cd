from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from editorial.reminders import send_overdue_reminders, send_weekly_digest


class Command(BaseCommand):
    help = (
        "E-mail each reviewer the items overdue at their step (at most once a day per item; safe to run "
        "hourly). With --digest, send the board heads the weekly digest instead (once an ISO week)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--digest", action="store_true", help="Send the weekly digest to the board heads.")

    def handle(self, *args, **options):
        if options["digest"]:
            sent = send_weekly_digest()
            self.stdout.write(_("Weekly digest: %(count)d e-mails sent.") % {"count": sent})
            return
        emails, items = send_overdue_reminders()
        self.stdout.write(
            _("Overdue reminders: %(emails)d e-mails sent, listing %(items)d items.")
            % {"emails": emails, "items": items}
        )
