"""Signing in to the admin from a given address, as the lockout tests do."""

from django.contrib.auth import SESSION_KEY

PASSWORD = "ThachHa@2020"
LOCKED_MESSAGE = "Đăng nhập sai quá nhiều lần"


def sign_in(client, username, password=PASSWORD, address="10.0.0.1", **extra):
    return client.post(
        "/admin/login/",
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
        **extra,
    )


def signed_in(client) -> bool:
    return SESSION_KEY in client.session
