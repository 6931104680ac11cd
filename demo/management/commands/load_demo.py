from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings
from django.utils.translation import gettext as _

from accounts.second_factor import sign_in_hint
from demo.builders import DEMO_ACCOUNTS, DEMO_PASSWORD, DemoBuilder


class Command(BaseCommand):
    help = "Build the demo portal (sections, articles, images, demo accounts). Safe to run again."

    def handle(self, *args, **options):
        if not getattr(settings, "PORTAL_ALLOW_DEMO", False):
            raise CommandError(
                _("Demo content and demo accounts are never created with these settings (PORTAL_ALLOW_DEMO is off).")
            )
        builder = DemoBuilder(stdout=self.stdout)
        # The demo walks items through the workflows; their notifications go to made-up
        # addresses, so they are kept in memory instead of being sent or printed.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            created = builder.build()
        self.stdout.write(
            _("Demo content ready: %(pages)d new pages, %(images)d new images, %(users)d new accounts.") % created
        )
        self.stdout.write(_("Demo accounts (password %(password)s):") % {"password": DEMO_PASSWORD})
        for username, full_name, groups, _unit, _superuser in DEMO_ACCOUNTS:
            self.stdout.write(f"  {username:<12} {full_name} – {', '.join(groups)}")
        self.stdout.write(_("Commune accounts (same password):"))
        for username, user in sorted(builder.commune_users.items()):
            self.stdout.write(f"  {username:<26} {', '.join(group.name for group in user.groups.all())}")
        hint = sign_in_hint()
        if hint:
            self.stdout.write(hint)
