"""Administrators give each person a unit in the admin's own user forms."""

import pytest

from django.contrib.auth import get_user_model

from core.models import UserProfile
from tests.core.factories import UnitFactory

pytestmark = pytest.mark.django_db


def test_admin_creates_a_user_with_a_unit_and_changes_it(admin_client):
    first, second = UnitFactory(name="Phòng Văn hóa và Thông tin"), UnitFactory(name="Xã Thạch Đài")
    response = admin_client.get("/admin/users/new/")
    assert 'name="unit"' in response.content.decode()
    response = admin_client.post(
        "/admin/users/new/",
        {
            "username": "nguyenvana",
            "email": "nguyenvana@thachha.example",
            "first_name": "An",
            "last_name": "Nguyễn Văn",
            "password1": "Mật-khẩu-đủ-dài-2026",
            "password2": "Mật-khẩu-đủ-dài-2026",
            "unit": first.pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    user = get_user_model().objects.get(username="nguyenvana")
    assert user.profile.unit == first

    page = admin_client.get(f"/admin/users/edit/{user.pk}/").content.decode()
    assert f'<option value="{first.pk}" selected>' in page
    response = admin_client.post(
        f"/admin/users/edit/{user.pk}/",
        {
            "username": "nguyenvana",
            "email": "nguyenvana@thachha.example",
            "first_name": "An",
            "last_name": "Nguyễn Văn",
            "unit": second.pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    assert UserProfile.objects.get(user=user).unit == second


def test_an_unknown_unit_is_a_form_error(admin_client):
    response = admin_client.post(
        "/admin/users/new/",
        {
            "username": "tranb",
            "email": "tranb@thachha.example",
            "first_name": "B",
            "last_name": "Trần",
            "password1": "Mật-khẩu-đủ-dài-2026",
            "password2": "Mật-khẩu-đủ-dài-2026",
            "unit": "999999",
        },
    )
    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    assert not get_user_model().objects.filter(username="tranb").exists()
