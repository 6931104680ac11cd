from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from demo.history import build_synthetic
from editorial.models import EditorialDecision

HISTORY_READY = _("History ready: %(created)d new items, %(decisions)d decisions recorded in all.")
NEEDS_DEMO = _("Run load_demo first: the history needs the demo's sections, communes and accounts.")


class Command(BaseCommand):
    help = (
        "Add N articles with two years of approval history (for the report's performance check; "
        "use a scratch database). Safe to run again: existing history items are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("--items", type=int, default=3000, help="How many items (default 3000).")

    def handle(self, *args, **options):
        if not getattr(settings, "PORTAL_ALLOW_DEMO", False):
            raise CommandError(NEEDS_DEMO)
        names = ["bientap", "truongban", "congtacvien", "bientap"]
        users = {user.username: user for user in get_user_model().objects.filter(username__in=names)}
        if len(users) < 3:
            raise CommandError(NEEDS_DEMO)
        with transaction.atomic():
            try:
                created = build_synthetic(max(options["items"], 0), timezone.now(), [users[name] for name in names])
            except ValueError:
                raise CommandError(NEEDS_DEMO) from None
        self.stdout.write(HISTORY_READY % {"created": created, "decisions": EditorialDecision.objects.count()})
