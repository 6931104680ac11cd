from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EnrolmentCode(models.Model):
    """A one-time code that lets its user add an authenticator app (accounts.enrolment).

    Only a keyed hash of the code is kept. ``issued_by`` is the administrator who issued it;
    empty when it was e-mailed to the user.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="enrolment_codes",
        verbose_name=_("user"),
    )
    digest = models.CharField(_("code hash"), max_length=64)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    failures = models.PositiveSmallIntegerField(_("wrong attempts"), default=0)

    class Meta:
        verbose_name = _("enrolment code")
        verbose_name_plural = _("enrolment codes")
        indexes = [models.Index(fields=["user", "digest"])]

    def __str__(self):
        return f"{self.user} {self.created_at:%Y-%m-%d %H:%M}"
