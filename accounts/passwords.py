"""Password rules (AUTH_PASSWORD_VALIDATORS), with Vietnamese messages from our catalogue."""

from django.contrib.auth.password_validation import UserAttributeSimilarityValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class CharacterClassValidator:
    """Letters and digits, and either a symbol or both upper and lower case letters."""

    def validate(self, password, user=None):
        has_letter = any(char.isalpha() for char in password)
        has_digit = any(char.isdigit() for char in password)
        has_symbol = any(not char.isalnum() for char in password)
        mixed_case = any(char.isupper() for char in password) and any(char.islower() for char in password)
        if not (has_letter and has_digit and (has_symbol or mixed_case)):
            raise ValidationError(self.get_error_message(), code="password_too_simple")

    def get_error_message(self):
        return _(
            "The password must contain letters and digits, and also a symbol (such as @ # ! %) "
            "or both upper and lower case letters."
        )

    def get_help_text(self):
        return _(
            "Your password must contain letters and digits, and also a symbol (such as @ # ! %) "
            "or both upper and lower case letters."
        )


class _PersonalAttributes:
    """The user's personal attributes; of the e-mail address only the part before the "@".

    Every account shares the organisation's mail domain (thachha...), so comparing the password
    with the domain says nothing about guessing it from the person.
    """

    def __init__(self, user):
        self._meta = user._meta
        for name in ("username", "first_name", "last_name"):
            setattr(self, name, getattr(user, name, None))
        email = getattr(user, "email", "") or ""
        self.email = email.rpartition("@")[0] or email


class PersonalSimilarityValidator(UserAttributeSimilarityValidator):
    """Django's similarity check against the user's name and the personal part of their e-mail."""

    def validate(self, password, user=None):
        if not user:
            return
        super().validate(password, _PersonalAttributes(user))
