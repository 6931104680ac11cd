"""Who must sign in with a second factor (TOTP), and the devices that provide it.

Which groups must is decided by the apps that define the groups: they answer the
``accounts_second_factor_groups`` hook with a list of group names (editorial/ names the
administrators and the board). Superusers always must.

A device is added only after a one-time enrolment code (accounts.enrolment) has proved more than
the password; adding, resetting and removing one are recorded in Wagtail's audit log.
"""

import base64
from io import BytesIO

import qrcode
import qrcode.image.svg
from django_otp import devices_for_user
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Q
from django.utils.translation import gettext as _

from wagtail import hooks
from wagtail.log_actions import log

from . import enrolment

DEVICE_NAME = "TOTP"
# Audit log actions, recorded on the user whose second factor it is.
ENROLLED = "accounts.second_factor_enrolled"
RESET = "accounts.second_factor_reset"


def required_group_names() -> set[str]:
    names = set()
    for hook in hooks.get_hooks("accounts_second_factor_groups"):
        names.update(hook())
    return names


def is_required(user) -> bool:
    """True when this user may not use the admin without a second factor."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return Group.objects.filter(user=user, name__in=required_group_names()).exists()


def required_without_device():
    """Active users who must use a second factor and have not added one yet."""
    required = Q(is_superuser=True) | Q(groups__name__in=required_group_names())
    return (
        get_user_model()
        .objects.filter(required, is_active=True)
        .exclude(totpdevice__confirmed=True)
        .distinct()
        .order_by("username")
    )


def is_enforced() -> bool:
    return getattr(settings, "PORTAL_REQUIRE_2FA", True)


def sign_in_hint() -> str:
    """One line for the demo loader's list of accounts, when the second factor is enforced."""
    if not is_enforced():
        return ""
    return _(
        "Administrators and the editorial board sign in with two-step verification. At the first sign-in, "
        "press “E-mail me a code”: with the development settings the e-mail, with its 8-digit enrolment code, "
        "is printed on the console of the server (make run). Enter it, then scan the QR code with an "
        "authenticator app (Google Authenticator, FreeOTP…) and enter its 6-digit code."
    )


def confirmed_device(user):
    return next(devices_for_user(user, confirmed=True), None)


def pending_device(user) -> TOTPDevice:
    """The user's unconfirmed TOTP device, made on first use: the enrolment page shows its key."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def new_pending_device(user) -> TOTPDevice:
    """A fresh key once an enrolment code is accepted: a key anyone saw before is never confirmed."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def confirm(device: TOTPDevice) -> None:
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    enrolment.withdraw(device.user)
    log(device.user, ENROLLED, user=device.user)


def reset_devices(user, by) -> int:
    """Remove every second-factor device of the user, and any enrolment code not yet used: to
    enrol again at their next sign-in they need a new code. ``by`` is who did it (the audit log)."""
    count = 0
    for device in devices_for_user(user, confirmed=None):
        device.delete()
        count += 1
    enrolment.withdraw(user)
    log(user, RESET, user=by, data={"devices": count})
    return count


def secret_for_display(device: TOTPDevice) -> str:
    """The key as authenticator apps take it when typed by hand: base32, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an inline SVG QR code, drawn here (nothing from a CDN)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    buffer = BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode("utf-8")
    # Drop the XML declaration: the SVG goes inside the HTML page.
    if svg.startswith("<?xml"):
        svg = svg.split("?>", 1)[1]
    return svg.strip()
