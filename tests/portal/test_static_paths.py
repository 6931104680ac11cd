"""Static files are WhiteNoise's in every environment, `make run` (runserver) included: a path
climbing out of the static folders is a 404, never a server error or a file of the project."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RUNSERVER_HANDLER = (
    "import django; django.setup(); "
    "from django.core.management import get_commands, load_command_class; "
    "command = load_command_class(get_commands()['runserver'], 'runserver'); "
    "options = command.create_parser('manage.py', 'runserver').parse_args([]); "
    "print(type(command.get_handler(**vars(options))).__name__)"
)


def test_runserver_in_development_leaves_static_files_to_whitenoise():
    # Django's own static handler (StaticFilesHandler) answers a server error to
    # /static/../portal/settings/dev.py: its path check raises outside any middleware.
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.dev"}
    result = subprocess.run(  # noqa: S603 - fixed interpreter and code
        [sys.executable, "-c", RUNSERVER_HANDLER], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "WSGIHandler"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/static/../portal/settings/dev.py", "/static/..%2Fportal/settings/dev.py", "/static/%2E%2E/manage.py"]
)
def test_a_path_out_of_the_static_folders_is_a_404(client, tree, path):
    response = client.get(path)
    assert response.status_code == 404
    assert b"SECRET_KEY" not in b"".join(getattr(response, "streaming_content", [response.content]))


def test_static_files_are_served(client):
    response = client.get("/static/css/portal.css")
    assert response.status_code == 200
