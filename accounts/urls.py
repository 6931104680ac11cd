from django.urls import path

from . import views

# Reachable before the second factor is verified (accounts.middleware.OPEN_NAMESPACES).
second_factor_urls = (
    [
        path("enrol/", views.EnrolView.as_view(), name="enrol"),
        path("verify/", views.VerifyView.as_view(), name="verify"),
    ],
    "accounts_2fa",
)

urls = (
    [
        path("", views.SecurityView.as_view(), name="security"),
        path("two-step/", views.MySecondFactorView.as_view(), name="mine"),
    ],
    "accounts",
)
