"""Absolute links for e-mails and anything else read away from the portal.

Two kinds, from two sources:

- admin links from ``WAGTAILADMIN_BASE_URL``, the address the admin is served at (in
  development the address ``make run`` serves, see portal/settings/dev.py);
- public links from the Site the page belongs to (its hostname and port), so a commune's page
  on its own host is linked there, as Wagtail's own e-mails link it (``page.full_url``).
"""

from django.urls import reverse

from wagtail.admin.utils import get_admin_base_url


def admin_base_url() -> str:
    """The admin's address without a trailing slash: "https://thachha.hatinh.gov.vn"."""
    return (get_admin_base_url() or "").rstrip("/")


def admin_url(viewname: str, *args) -> str:
    """Absolute address of an admin view: admin_url("wagtailadmin_pages:edit", page.pk)."""
    return admin_base_url() + reverse(viewname, args=args)


def page_edit_url(page_id) -> str:
    return admin_url("wagtailadmin_pages:edit", page_id)


def public_url(page) -> str:
    """Absolute address of a page on its own Site; empty when no Site serves it."""
    if page is None:
        return ""
    return page.get_full_url() or ""
