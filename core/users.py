"""The admin's user forms, with the unit each person belongs to (kept on core.UserProfile), and how
Django and Wagtail name people (family name first)."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet

from .models import Unit, UserProfile
from .text import person_name


class UnitFieldMixin(forms.Form):
    unit = forms.ModelChoiceField(
        queryset=Unit.objects.filter(is_active=True),
        required=False,
        label=_("Unit"),
        help_text=_("The department, commune or organisation this person works for."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            profile = UserProfile.objects.filter(user=self.instance).select_related("unit").first()
            self.fields["unit"].initial = profile.unit if profile else None

    def save(self, commit=True):
        user = super().save(commit=commit)
        if commit:
            UserProfile.objects.update_or_create(user=user, defaults={"unit": self.cleaned_data.get("unit")})
        return user


class PortalUserCreationForm(UnitFieldMixin, UserCreationForm):
    pass


class PortalUserEditForm(UnitFieldMixin, UserEditForm):
    pass


class PortalUserViewSet(UserViewSet):
    def get_form_class(self, for_update=False):
        return PortalUserEditForm if for_update else PortalUserCreationForm


def use_vietnamese_names() -> None:
    """Make Django and Wagtail name people as core.text.person_name does: "Lê Thị Biên".

    Wagtail names a user through ``get_full_name()`` in a few dozen places (status panel, history,
    users listing, workflow e-mails, audit log), greets them with ``get_short_name()`` in its
    e-mails, and shows ``first_name`` alone in the account menu. Django's User puts the given name
    first; a custom user model is out of reach once the database exists, so the two methods of
    the auth User are replaced here, and the account menu gets an adapter of its own.
    """
    from wagtail.admin.telepath import register
    from wagtail.admin.ui.sidebar import BaseSidebarAdapter, MainMenuModule

    user_model = get_user_model()
    user_model.get_full_name = person_name
    user_model.get_short_name = person_name

    class NamedMainMenuAdapter(BaseSidebarAdapter):
        """Wagtail's own (wagtail.admin.ui.sidebar), with the full name rather than first_name."""

        js_constructor = "wagtail.sidebar.MainMenuModule"

        def js_args(self, obj):
            menu_items, account_menu_items, account = obj.js_args()
            return [menu_items, account_menu_items, {**account, "name": person_name(obj.user)}]

    register(NamedMainMenuAdapter(), MainMenuModule)
