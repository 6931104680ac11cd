"""The admin's user forms, with the unit each person belongs to (kept on core.UserProfile)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet

from .models import Unit, UserProfile


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
