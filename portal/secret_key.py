"""Which secret keys production refuses: weak, or known to anyone who reads this repository."""

from django.core.checks.security.base import (
    SECRET_KEY_INSECURE_PREFIX,
    SECRET_KEY_MIN_LENGTH,
    SECRET_KEY_MIN_UNIQUE_CHARACTERS,
)

# This repository's development and test keys, and the words people type meaning "a real key
# later": what is left of a key once they are taken out must still be long enough.
WELL_KNOWN_PARTS = (
    "dev-only-not-secret-e1c0f0b6",
    "test-only-not-secret",
    "change-me",
    "change_me",
    "changeme",
    "secret",
    "password",
    "insecure",
    "default",
    "example",
    "django",
    "thachha",
)


def weakness(key: str) -> str | None:
    """Why ``key`` must not sign production's sessions and tokens, or None when it may.

    Length, variety and prefix are Django's own thresholds (``check --deploy``), so both agree.
    """
    if key.startswith(SECRET_KEY_INSECURE_PREFIX):
        return f"it is one Django generates for development ({SECRET_KEY_INSECURE_PREFIX})"
    if len(key) < SECRET_KEY_MIN_LENGTH:
        return f"it is shorter than {SECRET_KEY_MIN_LENGTH} characters"
    if len(set(key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS:
        return f"it has fewer than {SECRET_KEY_MIN_UNIQUE_CHARACTERS} different characters"
    rest = key.lower()
    for part in WELL_KNOWN_PARTS:
        rest = rest.replace(part, "")
    if len(rest) < SECRET_KEY_MIN_LENGTH:
        return "it is made of well-known keys or words (changeme, secret, this repository's keys...)"
    return None
